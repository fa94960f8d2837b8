import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { BullMqQueueDriver } from './bullmq.driver';
import { InProcessQueueDriver } from './in-process.driver';
import { JobDispatcher } from './job-dispatcher';
import { JobRegistry, QUEUE_CONSUMER_OPTIONS, QueueConsumerOptions } from './job-registry';
import { QUEUE_PORT, QueuePort } from './queue.port';

export function createQueueDriver(config: AppConfig['queue'], prefix?: string): QueuePort {
  return config.kind === 'bullmq'
    ? new BullMqQueueDriver({ redisUrl: config.redisUrl, prefix: prefix ?? config.prefix })
    : new InProcessQueueDriver();
}

/** Picks the queue driver from config: BullMQ when REDIS_URL is set, in-process otherwise. */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_PORT) private readonly queue: QueuePort) {}

  static forRoot(options: QueueConsumerOptions): DynamicModule {
    return {
      module: QueueModule,
      imports: [DiscoveryModule],
      providers: [
        { provide: QUEUE_CONSUMER_OPTIONS, useValue: options },
        {
          provide: QUEUE_PORT,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => createQueueDriver(config.queue),
        },
        JobDispatcher,
        JobRegistry,
      ],
      exports: [QUEUE_PORT, JobDispatcher],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
