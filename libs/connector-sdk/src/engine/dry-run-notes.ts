import type { RecordAction } from './engine.entities';

/** What a push sends the vendor, whose answer a dry run cannot know. */
export const VENDOR_WRITES: ReadonlyArray<RecordAction> = ['ADD', 'UPDATE', 'UNSUBSCRIBE', 'TAGS', 'REMOVE'];

/**
 * What a dry run's counts cannot say, said beside them. Everything the CRM decides is planned as
 * the real run makes it; what the vendor answers is not: it may refuse a member it is sent (an
 * address it judges fake or blocked, a person it keeps unsubscribed), and a member it already has
 * that no sync linked yet is updated there rather than added. `toVendor`: the dry run's audit
 * lines towards the vendor, by action.
 */
export function dryRunNotes(vendor: string, toVendor: Partial<Record<RecordAction, number>>): string[] {
  const writes = VENDOR_WRITES.reduce((sum, action) => sum + (toVendor[action] ?? 0), 0);
  if (writes === 0) return [];
  const notes = [
    `Nothing was sent to ${vendor}, so its answers are not known here: it may refuse some of the ` +
      `${writes} members this run would write (an address it judges fake or blocked, a person it ` +
      `keeps unsubscribed), which the real run counts as failed or skipped.`,
  ];
  if (toVendor.ADD)
    notes.push(
      `Of the ${toVendor.ADD} members this run would add to ${vendor}, any it already has that no ` +
        `earlier sync linked are counted as updated by the real run.`,
    );
  return notes;
}
