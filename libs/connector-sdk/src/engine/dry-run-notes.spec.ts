import { dryRunNotes } from './dry-run-notes';

describe('dryRunNotes', () => {
  it('says nothing when the run would write nothing to the vendor', () => {
    expect(dryRunNotes('Mailchimp', {})).toEqual([]);
    expect(dryRunNotes('Mailchimp', { UNCHANGED: 40, SKIP: 3, FAIL: 1 })).toEqual([]);
  });

  it('counts the writes whose answers only the vendor gives, and the additions it may already have', () => {
    const notes = dryRunNotes('MailUp', { ADD: 3, UPDATE: 2, UNSUBSCRIBE: 1, TAGS: 1, REMOVE: 1, SKIP: 9 });
    expect(notes).toEqual([
      expect.stringMatching(/^Nothing was sent to MailUp, .* some of the 8 members this run would write/),
      expect.stringMatching(/^Of the 3 members this run would add to MailUp, any it already has/),
    ]);
    expect(dryRunNotes('MailUp', { UPDATE: 2 })).toHaveLength(1);
  });
});
