import type { TenantId } from '@crm/platform';
import type { MemberWriteResult, VendorMember } from '../contract/vendor-records';
import type { NotificationInput } from '../notifications/notifications.service';
import type { NotificationType } from '../notifications/notification.entities';
import type {
  ChangeOrigin,
  CrmEmailStatus,
  CrmSubscriber,
  CrmSyncPort,
  SubscriberModule,
} from './crm-sync.port';
import type { RecordAction, RecordLink, SyncRun } from './engine.entities';
import type {
  AuditLine,
  BatchCommit,
  FailureLine,
  RecordFieldValues,
  RunCheckpoint,
  RunLedger,
} from './run-ledger';
import type { RunSetup } from './run-setup';
import type { FieldMap, PushDecision } from './sync-plan';

/** One record's result in a batch: its audit line, link, failure, count and what users are told. */
export interface Outcome {
  action: RecordAction;
  line?: AuditLine;
  link?: RecordLink;
  failure?: FailureLine;
  notices?: NotificationInput[];
  recordValues?: RecordFieldValues;
}

export interface PlannedPush {
  subscriber: CrmSubscriber;
  link: RecordLink | null;
  decision: PushDecision;
  /**
   * Nothing is written, not even the link: another CRM address owns this member, or the address
   * cannot be a member at all (the decision's rule says which).
   */
  duplicate: boolean;
}

/** The rule of an address whose member in the list belongs to another CRM record. */
export const duplicateRule = (email: string): string =>
  `duplicate: ${email} belongs to another CRM record in this list`;

/** How a notice names the person: the record's name and the address, or the address alone. */
export function personLabel(subscriber: Pick<CrmSubscriber, 'fields'>, email: string): string {
  const text = (key: string) => {
    const value = subscriber.fields[key];
    return typeof value === 'string' ? value.trim() : '';
  };
  const name = [text('firstName'), text('lastName')].filter(Boolean).join(' ') || text('name');
  return name ? `${name} (${email})` : email;
}

/**
 * What a phase of a run kept in its own module uses of the run's execution (RunExecution): its
 * batches and commits (checkpoint, ledger, dry-run overlays), links, the outcomes every phase
 * records alike, and the push's paging and writing. A phase plans; the execution keeps the books.
 */
export interface RunPhaseHost {
  readonly run: SyncRun;
  readonly setup: RunSetup;
  readonly crm: CrmSyncPort;
  readonly ledger: RunLedger;
  readonly origin: ChangeOrigin;
  readonly checkpoint: RunCheckpoint;
  readonly tenantId: TenantId;

  /** Counts an outcome into a batch (a dry run keeps its link in memory only). */
  add(batch: BatchCommit, listId: string, email: string, outcome: Outcome): void;
  /** Commits a batch with its checkpoint (idle batches may be folded into the next one unless forced). */
  commit(batch: BatchCommit, force?: boolean): Promise<void>;
  /**
   * Pages through CRM addresses with `read`, plans each page with `plan` and writes it in batches
   * within the setup's push window, each committed in order with `checkpoint(after)`; returns the
   * last address id planned.
   */
  pushPages(
    listId: string,
    read: (afterEmailAddressId: string | undefined, limit: number) => Promise<CrmSubscriber[]>,
    plan: (page: CrmSubscriber[]) => Promise<PlannedPush[]>,
    checkpoint: (afterEmailAddressId: string) => BatchCommit['checkpoint'],
    after?: string,
  ): Promise<string | undefined>;
  /** Notes an address as planned by this push; false when another CRM address owns its member. */
  claimAddress(subscriber: CrmSubscriber, link: RecordLink | null): Promise<boolean>;
  /** Takes members off a list at the vendor (nothing in a dry run), with member retries. */
  removeMembers(listId: string, emails: string[]): Promise<MemberWriteResult[]>;
  /** A member taken off the list: its link remembers it as archived. */
  removeOutcome(
    listId: string,
    link: RecordLink,
    crmHash: string | null,
    rule: string,
    result: MemberWriteResult | undefined,
  ): Outcome;
  skip(
    listId: string,
    email: string,
    subscriber: Pick<CrmSubscriber, 'module' | 'recordId'> | null,
    rule: string,
    direction: AuditLine['direction'],
  ): Outcome;
  /** The CRM refused a change: the record waits in the failure queue (other errors are thrown). */
  crmFailure(listId: string, email: string, subscriber: CrmSubscriber | null, error: unknown): Outcome;
  notice(
    type: NotificationType,
    subscriber: Pick<CrmSubscriber, 'module' | 'recordId'>,
    title: string,
    body?: string,
  ): NotificationInput;
  /** The list's links for these addresses, as this run (a dry run too) has left them. */
  loadLinks(listId: string, emails: string[]): Promise<Map<string, RecordLink>>;
  /** The link as an outcome leaves it: the existing row updated, or a new one. */
  linkFor(
    listId: string,
    email: string,
    existing: RecordLink | null,
    changes: Partial<RecordLink>,
  ): RecordLink;
  /** The address as this run has left it (a dry run's CRM changes are kept in memory). */
  withOverlay(subscriber: CrmSubscriber): CrmSubscriber;
  /**
   * `overwriteVendorEdits`: of these members read from the list, those whose pushed fields were
   * edited at the vendor get their link's CRM hash forgotten, so the next push writes them again.
   */
  findVendorEdits(listId: string, members: VendorMember[]): Promise<BatchCommit>;
  /** A dry run's CRM status change, so what it plans next sees it. */
  overlayStatus(subscriber: CrmSubscriber, status: CrmEmailStatus): void;
  /** The field map for records of `module` in a list: the module's mappings, else the list's, else the defaults. */
  map(listId: string, module: SubscriberModule): FieldMap;
  listName(listId: string): string;
}
