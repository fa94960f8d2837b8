import type { VendorLimits } from '../contract/manifest';

/** How many write batches a push keeps going at once. */
export interface PushWindow {
  /**
   * Sent and not yet answered: the account's connections plus a couple more waiting at its
   * budget, so that when a call ends the next starts at once instead of waiting for the CRM side.
   */
  sending: number;
  /** Sent and not yet committed, answered or not: at most what a crashed run sends again. */
  uncommitted: number;
}

const MAX_SENDING = 16;
const READY_AHEAD = 2;
/** Answered batches may wait for a busy database this long (in windows) before sending slows down. */
const UNCOMMITTED_WINDOWS = 2;

export function pushWindow(budget: VendorLimits['budget']): PushWindow {
  const sending = Math.max(1, Math.min(MAX_SENDING, (budget.maxConcurrent ?? 4) + READY_AHEAD));
  return { sending, uncommitted: sending * UNCOMMITTED_WINDOWS };
}
