import type { MailupContext } from '../context';
import type { ImportJob, MailupAccount } from '../state';
import { isValidEmail } from './recipient-input';
import { addToList, forceSubscribe, optOut, upsertRecipient } from './recipient.model';

/**
 * Runs an accepted import as MailUp's import service would, row by row: invalid addresses count
 * as not valid; everyone else is created or updated and put in the list. A plain import never
 * re-subscribes someone unsubscribed from the list; `asOptin` does, except after a hard bounce;
 * `asOptout` unsubscribes everyone it names. A group import also puts them in the group
 * (`removeFromPrevGroups`: out of the list's other groups first).
 */
export function runImport(account: MailupAccount, job: ImportJob): void {
  const list = account.lists[job.idList];
  const group = job.idGroup === null ? undefined : list?.groups[job.idGroup];
  // The list (or group) was deleted in the console while the import waited: nothing can go in.
  if (!list || (job.idGroup !== null && !group)) {
    job.counts.notValid += job.rows.length;
    return finish(job);
  }
  for (const row of job.rows) {
    if (!isValidEmail(row.email)) {
      job.counts.notValid++;
      continue;
    }
    let outcome: ReturnType<typeof upsertRecipient>;
    try {
      outcome = upsertRecipient(account, row.email, row, job.clearMissingOrEmptyFields);
    } catch {
      // A key mismatch (the mobile number of someone else) makes the row invalid, not the import.
      job.counts.notValid++;
      continue;
    }
    const { recipient, created } = outcome;
    job.counts.valid++;
    job.counts.imported++;
    if (created) job.counts.created++;
    else job.counts.updated++;
    if (job.importType === 'asOptout') optOut(list, recipient, 'import');
    else if (job.importType === 'asOptin') {
      if (!forceSubscribe(list, recipient)) addToList(list, recipient);
    } else addToList(list, recipient, job.confirmEmail);
    if (group) {
      if (job.removeFromPrevGroups)
        for (const other of Object.values(list.groups))
          if (other !== group) other.members = other.members.filter((id) => id !== recipient.idRecipient);
      if (!group.members.includes(recipient.idRecipient)) group.members.push(recipient.idRecipient);
    }
  }
  finish(job);
}

function finish(job: ImportJob): void {
  job.rows = [];
  job.completed = true;
}

/** Runs imports when they are due; pending imports found in the data file are picked up again. */
export class ImportScheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly context: () => MailupContext) {}

  schedule(account: MailupAccount, job: ImportJob): void {
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        // The account may have been deleted meanwhile.
        if (this.context().state.account(account.accountId) !== account || job.completed) return;
        runImport(account, job);
        this.context().changed();
      },
      Math.max(0, job.dueAt - Date.now()),
    );
    timer.unref();
    this.timers.add(timer);
  }

  resumePending(): void {
    for (const account of this.context().state.accounts())
      for (const job of Object.values(account.imports)) if (!job.completed) this.schedule(account, job);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
