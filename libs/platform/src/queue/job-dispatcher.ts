import { Inject, Injectable } from '@nestjs/common';
import { JobClass, jobQueueOf } from './job.decorator';
import { JobOptions, QUEUE_PORT, QueuePort } from './queue.port';

/** Enqueues a job by its class: `dispatcher.dispatch(PurgeExpiredSessionsJob, {})`. */
@Injectable()
export class JobDispatcher {
  constructor(@Inject(QUEUE_PORT) private readonly queue: QueuePort) {}

  dispatch<T>(jobClass: JobClass<T>, data: T, options?: JobOptions): Promise<string> {
    return this.queue.enqueue(jobQueueOf(jobClass), jobClass.name, data, options);
  }
}
