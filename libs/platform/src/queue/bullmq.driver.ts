import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import IORedis, { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { ConsumeOptions, DEFAULT_JOB_OPTIONS, JobOptions, QueueHandler, QueuePort } from './queue.port';

export interface BullMqDriverOptions {
  redisUrl: string;
  /** Key prefix in Redis; tests use a unique one per run. */
  prefix?: string;
}

/**
 * BullMQ queues on Redis: jobs survive restarts and are shared by any number of worker
 * processes. Retries and backoff are BullMQ's own.
 */
export class BullMqQueueDriver implements QueuePort {
  readonly driverName = 'bullmq' as const;
  private readonly logger = new Logger('BullMqQueue');
  private readonly connection: Redis;
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  /** Each worker blocks on a connection of its own; BullMQ leaves closing it to us. */
  private readonly workerConnections: Redis[] = [];
  private readonly prefix: string;

  constructor(private readonly options: BullMqDriverOptions) {
    // BullMQ requires maxRetriesPerRequest: null for blocking worker connections.
    this.connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    this.connection.on('error', (error) => this.logger.warn(`Redis connection error: ${error.message}`));
    this.prefix = options.prefix ?? 'crm';
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  async enqueue<T>(queue: string, name: string, data: T, options: JobOptions = {}): Promise<string> {
    const job = await this.queue(queue).add(name, data, {
      jobId: randomUUID(),
      // The caller's jobId is a deduplication key, not BullMQ's job id: a job id blocks its reuse
      // for as long as the finished job is kept, which would drop a later change on the floor.
      deduplication: options.jobId ? { id: options.jobId } : undefined,
      delay: options.delayMs,
      attempts: options.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
      backoff: { type: 'exponential', delay: options.backoffMs ?? DEFAULT_JOB_OPTIONS.backoffMs },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    });
    return job.id!;
  }

  async consume(queue: string, handler: QueueHandler, options: ConsumeOptions = {}): Promise<void> {
    const connection = this.connection.duplicate();
    this.workerConnections.push(connection);
    const worker = new Worker(
      queue,
      async (job) => {
        // Deduplicate only while waiting (as the port says): once a job starts, a new one with the
        // same key may carry a change this run has not seen. Removed only if it still names this job.
        await job.removeDeduplicationKey();
        await handler({
          id: job.id!,
          queue,
          name: job.name,
          data: job.data as unknown,
          attempt: job.attemptsMade + 1,
        });
      },
      { connection, prefix: this.prefix, concurrency: options.concurrency ?? 1 },
    );
    worker.on('failed', (job, error) => {
      if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
        this.logger.error(
          `Job ${queue}/${job.name} ${job.id} failed after ${job.attemptsMade} tries: ${error.message}`,
        );
      }
    });
    worker.on('error', (error) => this.logger.warn(`Worker error on ${queue}: ${error.message}`));
    await worker.waitUntilReady();
    this.workers.push(worker);
  }

  async isHealthy(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await Promise.all(
      [...this.workerConnections, this.connection].map((c) => c.quit().catch(() => undefined)),
    );
  }
}
