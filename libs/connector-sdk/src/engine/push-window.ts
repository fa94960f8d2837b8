import type { VendorLimits } from '../contract/manifest';

/** How many write batches a push keeps going at once. */
export interface PushWindow {
  /**
   * Sent and not yet answered: the account's connections, and as many again waiting at its
   * budget. Batches started together end together; when a wave of them ends, the next wave starts
   * at once instead of waiting for the CRM side to read and plan it.
   */
  sending: number;
  /** Sent and not yet committed, answered or not: at most what a crashed run sends again. */
  uncommitted: number;
  /** Answered batches committed together at most, when the database fell behind. */
  perCommit: number;
}

const MAX_SENDING = 32;

export function pushWindow(budget: VendorLimits['budget']): PushWindow {
  const connections = budget.maxConcurrent ?? 4;
  const sending = Math.max(1, Math.min(MAX_SENDING, 2 * connections));
  // Answered batches may wait for a busy database about two waves before sending slows down.
  return { sending, uncommitted: sending + 2 * connections, perCommit: connections };
}
