/**
 * The queue port: producers enqueue jobs by name with ids-only data; consumers register one
 * handler per queue. Two drivers implement it: in-process (embedded default, tests) and BullMQ
 * (REDIS_URL, production with several workers).
 */
export interface JobOptions {
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries including the first (default 3). */
  attempts?: number;
  /** Base of the exponential backoff between tries (default 1000 ms). */
  backoffMs?: number;
  /** A job with the same id that is still waiting is not enqueued twice. */
  jobId?: string;
}

export interface QueuedJob<T = unknown> {
  id: string;
  queue: string;
  name: string;
  data: T;
  /** 1 for the first try. */
  attempt: number;
}

export type QueueHandler = (job: QueuedJob) => Promise<void>;

export interface ConsumeOptions {
  concurrency?: number;
}

export interface QueuePort {
  readonly driverName: 'in-process' | 'bullmq';
  enqueue<T>(queue: string, name: string, data: T, options?: JobOptions): Promise<string>;
  consume(queue: string, handler: QueueHandler, options?: ConsumeOptions): Promise<void>;
  /** False when the backing store (Redis) cannot be reached. */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

export const QUEUE_PORT = Symbol('QUEUE_PORT');

export const DEFAULT_JOB_OPTIONS: Required<Pick<JobOptions, 'attempts' | 'backoffMs'>> = {
  attempts: 3,
  backoffMs: 1000,
};

export function backoffDelay(baseMs: number, attempt: number): number {
  return baseMs * 2 ** (attempt - 1);
}
