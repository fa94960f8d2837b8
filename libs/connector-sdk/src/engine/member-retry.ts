import { RETRYABLE_CODES, ConnectorErrorCode } from '../contract/connector-error';
import type { MemberWriteResult } from '../contract/vendor-records';

export interface MemberRetryPolicy {
  /** Sends after the first one, for members the vendor answered with a passing error. */
  retries: number;
  /** Wait before retry n (0-based). */
  delayMs(retry: number): number;
}

export const DEFAULT_MEMBER_RETRY: MemberRetryPolicy = {
  retries: 3,
  delayMs: (retry) => 250 * 2 ** retry,
};

const isPassing = (result: MemberWriteResult | undefined) =>
  !!result && !result.ok && RETRYABLE_CODES.has(result.error?.code as ConnectorErrorCode);

/**
 * Sends members and sends again, a little later, those the vendor refused for a passing reason
 * (rate limited, temporarily unavailable). Batch endpoints answer per member — Mailchimp's batch
 * subscribe can succeed as a call while some members fail — so this happens per member, not per
 * call. Whatever still fails after the retries is the caller's to park as a failure.
 */
export async function sendWithMemberRetries<T>(
  items: T[],
  send: (items: T[]) => Promise<MemberWriteResult[]>,
  policy: MemberRetryPolicy = DEFAULT_MEMBER_RETRY,
): Promise<MemberWriteResult[]> {
  if (items.length === 0) return [];
  const results = await send(items);
  for (let retry = 0; retry < policy.retries; retry++) {
    const again = items.map((_, index) => index).filter((index) => isPassing(results[index]));
    if (again.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, policy.delayMs(retry)));
    const retried = await send(again.map((index) => items[index]));
    again.forEach((index, position) => (results[index] = retried[position]));
  }
  return results;
}
