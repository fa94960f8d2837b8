import { SetMetadata } from '@nestjs/common';
import type { QueuedJob } from './queue.port';

export const JOB_HANDLER_METADATA = 'crm:job-handler';

export interface JobHandlerOptions {
  /** Queue the job runs on (default `default`). */
  queue?: string;
}

/** A job is a provider class with `handle`; its name is the class name, its data ids only. */
export interface Job<T = unknown> {
  handle(data: T, job: QueuedJob<T>): Promise<void>;
}

export type JobClass<T = unknown> = abstract new (...args: never[]) => Job<T>;

/** Marks a provider as the handler of the job named after its class, found at boot by discovery. */
export function JobHandler(options: JobHandlerOptions = {}): ClassDecorator {
  return SetMetadata(JOB_HANDLER_METADATA, { queue: options.queue ?? 'default' });
}

export function jobQueueOf(jobClass: JobClass): string {
  const meta = Reflect.getMetadata(JOB_HANDLER_METADATA, jobClass) as { queue: string } | undefined;
  if (!meta) throw new Error(`${jobClass.name} is not decorated with @JobHandler()`);
  return meta.queue;
}
