import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  backoffDelay,
  ConsumeOptions,
  DEFAULT_JOB_OPTIONS,
  JobOptions,
  QueuedJob,
  QueueHandler,
  QueuePort,
} from './queue.port';

interface PendingJob {
  job: QueuedJob;
  options: Required<Pick<JobOptions, 'attempts' | 'backoffMs'>>;
  runAt: number;
}

interface QueueState {
  waiting: PendingJob[];
  handler?: QueueHandler;
  concurrency: number;
  running: number;
  timers: Set<NodeJS.Timeout>;
  waitingIds: Set<string>;
}

/**
 * Single-process queue for the embedded mode and tests: FIFO per queue, bounded concurrency,
 * delays and exponential-backoff retries. Jobs do not survive a restart; work that must, such
 * as the outbox, is persisted in the database by its producer.
 */
export class InProcessQueueDriver implements QueuePort {
  readonly driverName = 'in-process' as const;
  private readonly logger = new Logger('InProcessQueue');
  private readonly queues = new Map<string, QueueState>();
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  private state(queue: string): QueueState {
    let state = this.queues.get(queue);
    if (!state) {
      state = { waiting: [], concurrency: 1, running: 0, timers: new Set(), waitingIds: new Set() };
      this.queues.set(queue, state);
    }
    return state;
  }

  async enqueue<T>(queue: string, name: string, data: T, options: JobOptions = {}): Promise<string> {
    if (this.closed) throw new Error('Queue is closed');
    const state = this.state(queue);
    const id = options.jobId ?? randomUUID();
    if (options.jobId && state.waitingIds.has(id)) return id;
    state.waitingIds.add(id);
    const pending: PendingJob = {
      job: { id, queue, name, data: structuredClone(data), attempt: 1 },
      options: {
        attempts: options.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
        backoffMs: options.backoffMs ?? DEFAULT_JOB_OPTIONS.backoffMs,
      },
      runAt: Date.now() + (options.delayMs ?? 0),
    };
    this.schedule(state, pending);
    return id;
  }

  async consume(queue: string, handler: QueueHandler, options: ConsumeOptions = {}): Promise<void> {
    const state = this.state(queue);
    if (state.handler) throw new Error(`Queue ${queue} already has a consumer`);
    state.handler = handler;
    state.concurrency = Math.max(1, options.concurrency ?? 1);
    this.drain(state);
  }

  private schedule(state: QueueState, pending: PendingJob): void {
    const delay = pending.runAt - Date.now();
    if (delay <= 0) {
      state.waiting.push(pending);
      this.drain(state);
      return;
    }
    const timer = setTimeout(() => {
      state.timers.delete(timer);
      state.waiting.push(pending);
      this.drain(state);
    }, delay);
    state.timers.add(timer);
  }

  private drain(state: QueueState): void {
    while (!this.closed && state.handler && state.running < state.concurrency && state.waiting.length > 0) {
      const pending = state.waiting.shift()!;
      state.waitingIds.delete(pending.job.id);
      state.running++;
      void this.run(state, pending);
    }
    this.notifyIfIdle();
  }

  private async run(state: QueueState, pending: PendingJob): Promise<void> {
    try {
      await state.handler!(pending.job);
    } catch (error) {
      const { job, options } = pending;
      if (job.attempt < options.attempts && !this.closed) {
        const next: PendingJob = {
          job: { ...job, attempt: job.attempt + 1 },
          options,
          runAt: Date.now() + backoffDelay(options.backoffMs, job.attempt),
        };
        this.schedule(state, next);
      } else {
        this.logger.error(
          `Job ${job.queue}/${job.name} ${job.id} failed after ${job.attempt} tries: ${String(error)}`,
        );
      }
    } finally {
      state.running--;
      this.drain(state);
    }
  }

  private isIdle(): boolean {
    for (const state of this.queues.values()) {
      if (state.running > 0 || state.timers.size > 0 || (state.handler && state.waiting.length > 0))
        return false;
    }
    return true;
  }

  private notifyIfIdle(): void {
    if (this.idleWaiters.length === 0 || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((resolve) => resolve());
  }

  /** Test helper: resolves once every consumed queue is empty and nothing is running or delayed. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async isHealthy(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const state of this.queues.values()) state.timers.forEach(clearTimeout);
    const deadline = Date.now() + 5000;
    while ([...this.queues.values()].some((s) => s.running > 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
