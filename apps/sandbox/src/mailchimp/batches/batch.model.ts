import { now, type SandboxAccount } from '../state';

export type BatchStatus = 'pending' | 'preprocessing' | 'started' | 'finalizing' | 'finished';

export const BATCH_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type BatchMethod = (typeof BATCH_METHODS)[number];

/** One request of a batch, as submitted: `path` is relative to /3.0, `body` a JSON string. */
export interface BatchOperation {
  method: BatchMethod;
  path: string;
  operation_id?: string;
  params?: Record<string, unknown>;
  body?: string;
}

/** One entry of a results file (`response` is the answer's body as a JSON string). */
export interface OperationResult {
  status_code: number;
  operation_id: string | null;
  response: string;
}

export interface Batch {
  id: string;
  status: BatchStatus;
  total_operations: number;
  finished_operations: number;
  errored_operations: number;
  submitted_at: string;
  completed_at?: string;
  /** Kept until the batch has run. */
  operations?: BatchOperation[];
  /** The results archive (gzipped tar), base64, once finished. */
  results?: string;
}

/** Mailchimp keeps batches and their results for 7 days. */
const RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** The account's batches, older ones forgotten. */
export function batchesOf(account: SandboxAccount): Record<string, Batch> {
  const batches = account.batches as unknown as Record<string, Batch>;
  const oldest = Date.now() - RETENTION_MS;
  for (const [id, batch] of Object.entries(batches))
    if (Date.parse(batch.submitted_at) < oldest) delete batches[id];
  return batches;
}

export function newBatch(id: string, operations: BatchOperation[]): Batch {
  // Mailchimp counts the operations only once it starts preprocessing them.
  return {
    id,
    status: 'pending',
    total_operations: 0,
    finished_operations: 0,
    errored_operations: 0,
    submitted_at: now(),
    operations,
  };
}

/** Mailchimp's limit on batches that have not finished yet, per account. */
export const MAX_PENDING_BATCHES = 500;

export const pendingBatches = (account: SandboxAccount) =>
  Object.values(batchesOf(account)).filter((batch) => batch.status !== 'finished').length;
