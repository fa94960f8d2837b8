import { ConnectorError, ConnectorErrorCode } from '@crm/connector-sdk';
import type { MailupClient } from '../mailup-client';
import { groupPath, listPath } from '../mailup-paths';
import type { RecipientInput } from './recipient-mapping';

/** `GET /Console/Import/{idImport}`. */
export interface ImportStatus {
  idImport: number;
  Completed: boolean;
  UpdatedRecipients?: number;
  ValidRecipients?: number;
  CreatedRecipients?: number;
  ImportedRecipients?: number;
  NotValidRecipients?: number;
}

export interface ImportOptions {
  /** Unsubscribes the imported recipients from the list (asOptout). */
  optOut?: boolean;
  /** New recipients are pending until they confirm (MailUp queues the confirmation email). */
  confirm?: boolean;
}

/** How long to wait between asking whether an import is done, then how long at most in all. */
const POLL_DELAYS_MS = [200, 300, 500, 1000];
const IMPORT_WAIT_MS = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An asynchronous import into a group: each recipient is created or updated (fields), added to
 * the group and, if new to the list, subscribed to it — never re-subscribed after unsubscribing.
 * Waits until MailUp has finished it; every poll is a call of the account's budget.
 */
export function importIntoGroup(
  client: MailupClient,
  groupId: number,
  recipients: RecipientInput[],
  options: ImportOptions = {},
): Promise<ImportStatus> {
  return runImport(client, `${groupPath(groupId)}/Recipients`, recipients, options);
}

/** The same into the list alone (no group): how an unsubscribe is imported. */
export function importIntoList(
  client: MailupClient,
  listId: string,
  recipients: RecipientInput[],
  options: ImportOptions = {},
): Promise<ImportStatus> {
  return runImport(client, `${listPath(listId)}/Recipients`, recipients, options);
}

async function runImport(
  client: MailupClient,
  path: string,
  recipients: RecipientInput[],
  options: ImportOptions,
): Promise<ImportStatus> {
  const idImport = await client.console<number>(path, {
    method: 'POST',
    query: {
      ...(options.optOut ? { importType: 'asOptout' } : {}),
      ...(options.confirm ? { ConfirmEmail: true } : {}),
    },
    body: recipients,
  });
  if (typeof idImport !== 'number')
    throw new ConnectorError(ConnectorErrorCode.TEMPORARY, 'MailUp did not answer the import with its id');
  return waitForImport(client, idImport);
}

async function waitForImport(client: MailupClient, idImport: number): Promise<ImportStatus> {
  const deadline = Date.now() + IMPORT_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    await sleep(POLL_DELAYS_MS[Math.min(attempt, POLL_DELAYS_MS.length - 1)]);
    const status = await client.console<ImportStatus>(`/Console/Import/${idImport}`);
    if (status.Completed) return status;
    if (Date.now() > deadline)
      // The import goes on at MailUp; writing the batch again is harmless (imports update in place).
      throw new ConnectorError(
        ConnectorErrorCode.TEMPORARY,
        `MailUp has not finished import ${idImport} yet`,
      );
  }
}
