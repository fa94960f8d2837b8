import { normalizeEmail } from '../records/email-input';
import type { ClickerModule } from './campaign.entities';
import { storedCount } from './campaign-activity';

/** One clicker of a link matched to one CRM record, as the import reads it. */
export interface ClickerInput {
  module: ClickerModule;
  recordId: string;
  email: string;
  clicks: number;
}

const EMAIL_MAX = 254;

/**
 * One row per record: a record whose addresses clicked twice (two of its addresses, or the
 * vendor listing one twice) keeps the first address and the clicks of all of them.
 */
export function clickerRows(clickers: readonly ClickerInput[]): ClickerInput[] {
  const byRecord = new Map<string, ClickerInput>();
  for (const clicker of clickers) {
    const key = `${clicker.module}:${clicker.recordId}`;
    const known = byRecord.get(key);
    const clicks = storedCount(clicker.clicks);
    if (known) known.clicks = storedCount(known.clicks + clicks);
    else
      byRecord.set(key, {
        module: clicker.module,
        recordId: clicker.recordId,
        email: normalizeEmail(clicker.email).slice(0, EMAIL_MAX),
        clicks,
      });
  }
  return [...byRecord.values()];
}
