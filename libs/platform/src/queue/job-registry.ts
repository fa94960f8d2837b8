import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Job, JOB_HANDLER_METADATA } from './job.decorator';
import { QUEUE_PORT, QueuePort, QueuedJob } from './queue.port';

export const QUEUE_CONSUMER_OPTIONS = Symbol('QUEUE_CONSUMER_OPTIONS');

export interface QueueConsumerOptions {
  /** Only worker processes (and the embedded API) consume; a plain API process only produces. */
  consume: boolean;
  concurrency?: number;
}

/** Finds every @JobHandler provider and routes each queue's jobs to them by job name. */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger('JobRegistry');

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(QUEUE_PORT) private readonly queue: QueuePort,
    @Inject(QUEUE_CONSUMER_OPTIONS) private readonly options: QueueConsumerOptions,
  ) {}

  handlersByQueue(): Map<string, Map<string, Job>> {
    const byQueue = new Map<string, Map<string, Job>>();
    for (const wrapper of this.discovery.getProviders()) {
      const { metatype, instance } = wrapper;
      if (!metatype || !instance) continue;
      const meta = Reflect.getMetadata(JOB_HANDLER_METADATA, metatype) as { queue: string } | undefined;
      if (!meta) continue;
      const handlers = byQueue.get(meta.queue) ?? new Map<string, Job>();
      const name = (metatype as { name: string }).name;
      // Jobs are routed by class name; a second class of the same name would silently take over.
      if (handlers.has(name) && handlers.get(name) !== instance) {
        throw new Error(
          `Two @JobHandler classes named ${name} on queue ${meta.queue}; job class names must be unique`,
        );
      }
      handlers.set(name, instance as Job);
      byQueue.set(meta.queue, handlers);
    }
    return byQueue;
  }

  async onApplicationBootstrap(): Promise<void> {
    // Built even when only producing, so a name clash fails every process at boot, not just workers.
    const handlersByQueue = this.handlersByQueue();
    if (!this.options.consume) return;
    for (const [queueName, handlers] of handlersByQueue) {
      await this.queue.consume(
        queueName,
        async (job: QueuedJob) => {
          const handler = handlers.get(job.name);
          if (!handler) throw new Error(`No handler for job ${job.name} on queue ${queueName}`);
          await handler.handle(job.data, job);
        },
        { concurrency: this.options.concurrency ?? 4 },
      );
      this.logger.log(`Consuming queue ${queueName} (${[...handlers.keys()].join(', ')})`);
    }
  }
}
