import { DomainError, NotFoundError, TenantId, ValidationFailedError } from '@crm/platform';
import { EMAIL_PATTERN } from '@crm/core';
import { hasCapability, type Connector, type TagsCapability } from '../contract/connector';
import { ConnectorErrorCode } from '../contract/connector-error';
import type {
  MemberStatus,
  MemberWrite,
  MemberWriteResult,
  VendorEvent,
  VendorMember,
} from '../contract/vendor-records';
import type { NotificationInput, NotificationsService } from '../notifications/notifications.service';
import type { NotificationType } from '../notifications/notification.entities';
import type {
  ChangeOrigin,
  CrmEmailStatus,
  CrmSubscriber,
  CrmSyncPort,
  SubscriberModule,
} from './crm-sync.port';
import { RecordAction, RecordLink, RunCounts, SyncRun } from './engine.entities';
import { ListAddition, listAdditionRefusal, NO_ADDRESS_RULE, notResubscribed } from './list-addition';
import { INVALID_ADDRESS_RULE } from './list-membership';
import {
  AuditLine,
  BatchCommit,
  emptyBatch,
  mergeBatches,
  RecordFieldValues,
  RunCheckpoint,
  RunLedger,
} from './run-ledger';
import { duplicateRule, type Outcome, personLabel, type PlannedPush, type RunPhaseHost } from './run-phase';
import type { RunSetup } from './run-setup';
import { sendWithMemberRetries } from './member-retry';
import { OrderedCommits } from './ordered-commits';
import {
  ConsentChange,
  consentChange,
  crmHashOf,
  crmStatusForNewMember,
  FieldMap,
  fieldDiff,
  isOnList,
  marketingEligibility,
  planPush,
} from './sync-plan';
import { DryRunCrm } from './dry-run-crm';
import { SubscribersPhase } from './subscribers-phase';
import { retag } from './tag-sync';
import { editedAtVendor } from './vendor-edits';

/** What a run is asked to do beyond its kind. */
export interface RunInput {
  /** RECORDS runs: push these CRM records only. */
  recordIds?: string[];
  /** RECORDS runs that add the records to a chosen list ("add to audience") rather than push them. */
  addition?: ListAddition;
  /** REPLAY runs: the failed records to try again. */
  failedRecordIds?: string[];
  /** WEBHOOK runs: vendor events to apply to the CRM (dates as ISO strings once stored). */
  events?: Array<Omit<VendorEvent, 'firedAt'> & { firedAt: string | Date }>;
  /** SUBSCRIBERS runs: only these lists fed by saved views (all of them when absent). */
  listIds?: string[];
}

/** A replay's targets, split by the side that failed. */
export interface ReplayTargets {
  /** CRM records whose push failed. */
  recordIds: string[];
  /** Addresses whose pull failed on the CRM side (reason `CRM_*`). */
  emails: string[];
  /** The lists the failures happened in. */
  listIds: string[];
}

const PULL_PAGE_SIZE = 500;
/** CRM addresses read and planned at once: this many vendor batches, up to a ceiling. */
const READ_BATCHES = 10;
const MAX_READ_PAGE = 1000;
/** Batches without changes folded into one commit at most. */
const MAX_DEFERRED = 20;
/** More notices of one type in a batch than this become one summary (a first import is not 500 pings). */
const MAX_NOTICES_PER_TYPE = 10;

const COUNT_OF: Record<RecordAction, keyof RunCounts | null> = {
  ADD: 'added',
  UPDATE: 'updated',
  UNSUBSCRIBE: 'updated',
  RESUBSCRIBE: 'updated',
  TAGS: 'updated',
  UNCHANGED: 'unchanged',
  SKIP: 'skipped',
  FAIL: 'failed',
  REMOVE: 'removed',
  PULL: null,
};

const linkKey = (listId: string, email: string) => `${listId}\n${email}`;

/** A run's main work: its pull and push phases, or the update of lists fed by saved views. */
interface RunWork {
  /** What the progress counts up to. */
  countTotal(): Promise<number>;
  execute(): Promise<void>;
}

/**
 * One execution of a run: pull (vendor → CRM) and push (CRM → vendor) over the setup's lists,
 * or the vendor events of a webhook. Every batch is committed through the ledger with its
 * checkpoint. A dry run plans exactly the same way but writes neither side: what it would have
 * changed is kept in memory (links, CRM values, the records its pull would create; see DryRunCrm)
 * so its push sees what its pull would have done.
 */
export class RunExecution implements RunPhaseHost {
  readonly origin: ChangeOrigin;
  readonly tenantId: TenantId;
  private readonly linkOverlay = new Map<string, RecordLink>();
  private readonly dryCrm = new DryRunCrm();
  /**
   * Addresses this push planned whose batches are not committed yet, by email: a second CRM
   * record with the same address is a duplicate. Once committed, the link says whose it is, so
   * the map holds one window of batches, not the whole module.
   */
  private readonly claimed = new Map<string, string>();
  /** Every address the push planned and did not commit yet, in planning order (commit order). */
  private readonly uncommittedPlan: Array<{ email: string; emailAddressId: string }> = [];
  /** Old emails of members this run renames: a dry run keeps their links, which are not gone. */
  private readonly renamedAway = new Set<string>();
  private deferred: BatchCommit | null = null;
  /** The run's total, counted and not committed yet. */
  private countedTotal: number | undefined;
  private deferredCount = 0;
  /** The connector's record field keys, by CRM module. */
  private readonly recordFieldKeys = new Map<string, Set<string>>();

  constructor(
    readonly ledger: RunLedger,
    readonly crm: CrmSyncPort,
    public run: SyncRun,
    private readonly token: string,
    readonly setup: RunSetup,
    private readonly notifications: NotificationsService,
  ) {
    this.tenantId = run.tenantId;
    this.origin = { installationId: run.installationId };
    for (const field of setup.connector.manifest.recordFields ?? [])
      for (const module of field.modules)
        this.recordFieldKeys.set(module, new Set([...(this.recordFieldKeys.get(module) ?? []), field.key]));
  }

  get checkpoint(): RunCheckpoint {
    return (this.run.checkpoint ?? {}) as RunCheckpoint;
  }

  private get input(): RunInput {
    return (this.run.input ?? {}) as RunInput;
  }

  async execute(replay: ReplayTargets | null): Promise<void> {
    // Resumed after a crash: the last committed batch's notices may not have gone out.
    await this.sendNotices(this.checkpoint.notices ?? []);
    if (this.input.events) return this.applyEvents(this.input.events);
    if (this.input.addition) return this.addToList(this.input.addition);
    if (this.run.kind === 'TAGS') return this.syncTags();
    if (this.run.kind === 'SUBSCRIBERS' && !this.setup.viewFed)
      throw ValidationFailedError.field(
        'installationId',
        `${this.setup.connector.manifest.name} lists do not take their members from saved views`,
      );
    const work: RunWork | null = this.setup.viewFed
      ? this.subscribersPhase(replay)
      : { countTotal: () => this.countTotal(replay), execute: () => this.phases(replay) };
    if (!work) return;
    // The total only feeds progress: it is counted while the first vendor calls are under way,
    // and the next commit records it.
    const counting =
      this.run.total === null ? work.countTotal().then((total) => void (this.countedTotal = total)) : null;
    counting?.catch(() => undefined); // awaited below; a failure fails the run there
    await work.execute();
    if (counting) {
      await counting;
      if (this.countedTotal !== undefined) await this.commit(emptyBatch({}), true);
    }
  }

  private async phases(replay: ReplayTargets | null): Promise<void> {
    if (replay) {
      if (replay.emails.length && this.setup.pull) await this.pullPhase(new Set(replay.emails));
      if (replay.recordIds.length && this.setup.push) await this.pushPhase(replay.recordIds);
      return;
    }
    if (this.run.kind !== 'RECORDS' && (this.setup.pull || this.setup.overwriteVendorEdits))
      await this.pullPhase();
    if (this.setup.push)
      await this.pushPhase(this.run.kind === 'RECORDS' ? (this.input.recordIds ?? []) : undefined);
  }

  /**
   * Lists fed by saved views take their members from their views, not from the marketing flag:
   * full, incremental and SUBSCRIBERS runs update them (see SubscribersPhase), a replay updates
   * the lists its failures happened in, and real-time changes wait for the next update (null:
   * nothing to do).
   */
  private subscribersPhase(replay: ReplayTargets | null): SubscribersPhase | null {
    if (this.run.kind === 'RECORDS' && !replay) return null;
    const only = replay ? replay.listIds : this.input.listIds;
    return new SubscribersPhase(this, only && new Set(only));
  }

  private async countTotal(replay: ReplayTargets | null): Promise<number> {
    const recordIds = replay
      ? replay.recordIds
      : this.run.kind === 'RECORDS'
        ? (this.input.recordIds ?? [])
        : undefined;
    const push = this.setup.push
      ? await this.crm.countSubscribers(this.tenantId, this.setup.settings.subscriberModule, { recordIds })
      : 0;
    const pull =
      this.setup.pull && this.run.kind !== 'RECORDS'
        ? this.setup.pullLists.reduce((sum, list) => sum + (list.memberCount ?? 0), 0)
        : 0;
    return push + pull;
  }

  // ------------------------------------------------------------------ pull: vendor → CRM

  /** Reads each synced list (changes since its last pull, or all of it) and applies it to the CRM. */
  private async pullPhase(onlyEmails?: Set<string>): Promise<void> {
    const state = this.checkpoint.pull ?? { listIndex: 0, startedAt: new Date().toISOString() };
    if (state.done) return;
    const pulled = { ...(this.checkpoint.pulled ?? {}) };
    const lists = this.setup.pullLists;
    for (let index = state.listIndex; index < lists.length; index++) {
      const list = lists[index];
      const resuming = index === state.listIndex;
      const startedAt = resuming ? state.startedAt : new Date().toISOString();
      const since = this.run.kind === 'INCREMENTAL' ? this.setup.watermarks.get(list.id) : undefined;
      let cursor = resuming ? state.cursor : undefined;
      for (;;) {
        const page = await this.setup.connector.readMembers(this.setup.context, list.id, {
          cursor,
          changedSince: since,
          pageSize: PULL_PAGE_SIZE,
        });
        const members = onlyEmails
          ? page.members.filter((member) => onlyEmails.has(member.email.toLowerCase()))
          : page.members;
        const batch = this.setup.pull
          ? await this.pullMembers(list.id, members)
          : await this.findVendorEdits(list.id, members);
        const last = !page.nextCursor;
        const tracksWatermark = last && !this.run.dryRun && !onlyEmails && this.run.kind !== 'RECORDS';
        if (tracksWatermark) {
          pulled[list.id] = startedAt;
          batch.listPulled = { listId: list.id, at: new Date(startedAt) };
        }
        batch.checkpoint = {
          pull: last
            ? { listIndex: index + 1, startedAt: new Date().toISOString() }
            : { listIndex: index, cursor: page.nextCursor, startedAt },
          pulled,
        };
        await this.commit(batch);
        if (last) break;
        cursor = page.nextCursor;
      }
    }
    await this.commit(
      emptyBatch({ pull: { listIndex: lists.length, startedAt: state.startedAt, done: true }, pulled }),
      true,
    );
  }

  private async pullMembers(listId: string, members: VendorMember[]): Promise<BatchCommit> {
    const links = await this.loadLinks(
      listId,
      members.map((member) => member.email.toLowerCase()),
    );
    const batch = emptyBatch({});
    for (const member of members) {
      const email = member.email.toLowerCase();
      this.add(
        batch,
        listId,
        email,
        await this.pullMember(listId, { ...member, email }, links.get(email) ?? null, false),
      );
    }
    return batch;
  }

  /**
   * `overwriteVendorEdits` (seed 004: the CRM's data has priority): a member whose pushed fields
   * were edited at the vendor has its link's CRM hash forgotten, so the push that follows in this
   * run writes the CRM's values again. Nothing goes to the CRM; members not edited cost nothing.
   */
  async findVendorEdits(listId: string, members: VendorMember[]): Promise<BatchCommit> {
    const links = await this.loadLinks(
      listId,
      members.map((member) => member.email.toLowerCase()),
    );
    const batch = emptyBatch({});
    for (const member of members) {
      const link = links.get(member.email.toLowerCase());
      const map = link?.crmModule ? this.map(listId, link.crmModule) : null;
      if (!link || !map || !editedAtVendor(link, member, map)) continue;
      const fields = map.pushPairs.map(([vendor]) => vendor);
      batch.lines.push({
        listId,
        crmModule: link.crmModule,
        crmId: link.crmId,
        email: link.email,
        action: 'PULL',
        direction: 'TO_CRM',
        before: { fields: pick(member.fields, fields) },
        after: null,
        rule: 'conflict: CRM wins over an edit at the vendor; the push writes the CRM values again',
        vendorResponse: null,
      });
      const forgotten = this.linkFor(listId, link.email, link, { crmHash: null });
      if (this.run.dryRun) this.linkOverlay.set(linkKey(listId, link.email), forgotten);
      else batch.links.push(forgotten);
    }
    return batch;
  }

  /**
   * One vendor member into the CRM. `partial` (a webhook event) means only the fields present
   * are known, so no vendor hash can be taken. Order of rules: echo/unchanged hash; matching
   * (link, else a single CRM record, never several); consent; then fields and conflicts.
   */
  private async pullMember(
    listId: string,
    member: VendorMember,
    link: RecordLink | null,
    partial: boolean,
  ): Promise<Outcome> {
    let map = this.map(listId, link?.crmModule ?? undefined);
    let vendorHash = partial ? null : map.vendorHash(member.fields, member.status);
    // Equal to what we last pushed (our own echo) or last pulled: nothing happened for the CRM.
    if (vendorHash !== null && link?.vendorHash === vendorHash) return { action: 'UNCHANGED' };
    // A member we took off the list: nothing the CRM needs to hear about.
    if (member.status === 'archived' && link?.vendorStatus === 'archived') return { action: 'UNCHANGED' };
    const matches = await this.findByEmail(member.email);
    let subscriber = link?.emailAddressId
      ? matches.find((m) => m.emailAddressId === link.emailAddressId)
      : undefined;
    let keepCrm = false;
    if (!subscriber) {
      if (matches.length > 1)
        return this.skip(
          listId,
          member.email,
          null,
          `ambiguous: ${matches.length} CRM records have this address`,
          'TO_CRM',
        );
      if (matches.length === 0) return this.importMember(listId, member, link, vendorHash);
      subscriber = matches[0];
      // Seed 001: "CRM always wins" — a vendor member that already exists in the CRM does not overwrite it.
      keepCrm = this.setup.settings.conflictWinner === 'CRM';
    }
    subscriber = this.withOverlay(subscriber);
    // The record's own module's mappings, which its link's hashes are taken with.
    map = this.map(listId, subscriber.module);
    if (vendorHash !== null) vendorHash = map.vendorHash(member.fields, member.status);

    const consent = consentChange(member.status, link?.vendorStatus ?? null, subscriber.status);
    const diff = fieldDiff(map.toCrm(member.fields), subscriber.fields);
    const hasDiff = Object.keys(diff).length > 0;
    const crmChanged = link?.crmHash != null && link.crmHash !== crmHashOf(subscriber, map);
    let rule: string | null = null;
    let applyFields = hasDiff && !keepCrm;
    if (keepCrm && hasDiff) rule = 'conflict: CRM wins, the existing CRM record is kept';
    if (applyFields && crmChanged) {
      applyFields = this.setup.settings.conflictWinner === 'VENDOR';
      rule = applyFields
        ? 'conflict: vendor wins (changed on both sides)'
        : 'conflict: CRM wins (changed on both sides); the push overwrites the vendor';
    }
    try {
      if (this.run.dryRun) {
        if (applyFields) await this.checkFields(subscriber, diff);
      } else {
        if (consent)
          await this.crm.setEmailStatus(
            this.tenantId,
            subscriber.emailAddressId,
            consent.status,
            this.origin,
          );
        if (applyFields)
          await this.crm.updateFields(
            this.tenantId,
            subscriber.module,
            subscriber.recordId,
            diff,
            this.origin,
          );
      }
    } catch (error) {
      return this.crmFailure(listId, member.email, subscriber, error);
    }
    const after: CrmSubscriber = {
      ...subscriber,
      fields: applyFields ? { ...subscriber.fields, ...diff } : subscriber.fields,
      status: consent?.status ?? subscriber.status,
      optOut: consent ? consent.status !== 'ACTIVE' : subscriber.optOut,
    };
    if (this.run.dryRun && (consent || applyFields))
      this.dryCrm.change(subscriber, { fields: after.fields, status: after.status, optOut: after.optOut });

    // The CRM hash follows a CRM we changed from the vendor, so the push does not send it back;
    // a CRM that won a conflict keeps the old hash, so the push overwrites the vendor. A first
    // match the CRM won has no old hash: it gets the hash of the vendor's side, so the CRM reads
    // as changed since — the push overwrites the vendor and later pulls keep losing to it.
    const crmWon = hasDiff && !applyFields;
    const crmHash =
      !link?.crmHash && keepCrm && crmWon
        ? crmHashOf({ ...after, fields: { ...after.fields, ...diff } }, map)
        : link?.crmHash == null || crmWon || !(consent || applyFields)
          ? (link?.crmHash ?? null)
          : crmHashOf(after, map);
    const action: RecordAction = consent
      ? consent.action
      : applyFields
        ? 'UPDATE'
        : rule
          ? 'SKIP'
          : 'UNCHANGED';
    const nextLink = this.linkFor(listId, member.email, link, {
      crmModule: subscriber.module,
      crmId: subscriber.recordId,
      emailAddressId: subscriber.emailAddressId,
      vendorId: member.vendorId || link?.vendorId || null,
      vendorStatus: member.status,
      vendorHash,
      crmHash,
      lastPulledAt: new Date(),
    });
    const recordValues = this.recordValues(listId, after, member.recordFields);
    if (action === 'UNCHANGED') return { action, link: nextLink, recordValues };
    const changed = Object.keys(diff);
    return {
      action,
      link: nextLink,
      recordValues,
      notices: this.pullNotices(listId, member, link, after, consent, applyFields ? changed : []),
      line: {
        listId,
        crmModule: subscriber.module,
        crmId: subscriber.recordId,
        email: member.email,
        action,
        direction: 'TO_CRM',
        before: {
          status: subscriber.status,
          optOut: subscriber.optOut,
          vendorStatus: link?.vendorStatus ?? null,
          fields: pick(subscriber.fields, changed),
        },
        after: {
          vendorStatus: member.status,
          ...(consent ? { status: consent.status } : {}),
          ...(hasDiff ? { fields: diff, fieldsApplied: applyFields } : {}),
        },
        rule: [consent?.rule, rule].filter(Boolean).join('; ') || null,
        vendorResponse: null,
      },
    };
  }

  /** A dry run's field update: the CRM refuses what it would refuse in a real run. */
  private async checkFields(subscriber: CrmSubscriber, diff: Record<string, unknown>): Promise<void> {
    if (!this.dryCrm.isCreated(subscriber.recordId))
      return this.crm.checkFields(this.tenantId, subscriber.module, subscriber.recordId, diff);
    // A record the run would have created is not there to check: the CRM checks it as created so.
    const { email, status } = subscriber;
    const fields = { ...subscriber.fields, ...diff };
    await this.crm.previewSubscriber(this.tenantId, this.setup.settings.subscriberModule, {
      email,
      fields,
      status,
    });
  }

  /** A vendor member the CRM does not know becomes a contact or lead (subscribed or pending ones only). */
  private async importMember(
    listId: string,
    member: VendorMember,
    link: RecordLink | null,
    vendorHash: string | null,
  ): Promise<Outcome> {
    const status = crmStatusForNewMember(member.status);
    if (!status)
      return this.skip(listId, member.email, null, `not imported: ${member.status} at the vendor`, 'TO_CRM');
    const module = this.setup.settings.subscriberModule;
    const fields = this.map(listId, module).toCrm(member.fields);
    const line: AuditLine = {
      listId,
      crmModule: module,
      crmId: null,
      email: member.email,
      action: 'ADD',
      direction: 'TO_CRM',
      before: null,
      after: { module, status, fields },
      rule: 'new vendor member',
      vendorResponse: null,
    };
    const input = { email: member.email, fields, status };
    let created: CrmSubscriber;
    try {
      created = this.run.dryRun
        ? await this.crm.previewSubscriber(this.tenantId, module, input)
        : await this.crm.createSubscriber(this.tenantId, module, input, this.origin);
    } catch (error) {
      return this.crmFailure(listId, member.email, null, error);
    }
    // What the push and later pulls of this run read back, as they would read the new record.
    if (this.run.dryRun) this.dryCrm.create(created);
    const nextLink = this.linkFor(listId, member.email, link, {
      crmModule: created.module,
      crmId: created.recordId,
      emailAddressId: created.emailAddressId,
      vendorId: member.vendorId || null,
      vendorStatus: member.status,
      vendorHash,
      // What the CRM now holds came from the vendor: nothing to push back.
      crmHash: crmHashOf(created, this.map(listId, created.module)),
      lastPulledAt: new Date(),
    });
    const who = personLabel(created, member.email);
    const signedUp =
      member.status === 'subscribed'
        ? `${who} subscribed to ${this.listName(listId)}`
        : `${who} signed up to ${this.listName(listId)} (awaiting confirmation)`;
    return {
      action: 'ADD',
      link: nextLink,
      recordValues: this.recordValues(listId, created, member.recordFields),
      line: { ...line, crmId: created.recordId },
      notices: [this.notice('NEW_SUBSCRIBER', created, signedUp)],
    };
  }

  /**
   * Seed 001 SalesSignals: what a vendor change applied to the CRM tells the installation's
   * users — an unsubscribe or clean that closed the CRM address, a member now subscribed that
   * the link did not know as subscribed, field values written to the record.
   */
  private pullNotices(
    listId: string,
    member: VendorMember,
    link: RecordLink | null,
    after: CrmSubscriber,
    consent: ConsentChange | null,
    appliedFields: string[],
  ): NotificationInput[] {
    const list = this.listName(listId);
    const who = personLabel(after, member.email);
    const notices: NotificationInput[] = [];
    if (consent?.action === 'UNSUBSCRIBE')
      notices.push(
        this.notice(
          'UNSUBSCRIBE',
          after,
          member.status === 'cleaned'
            ? `${who} was cleaned (bounced) from ${list}`
            : `${who} unsubscribed from ${list}`,
        ),
      );
    const subscribedInCrm = after.status === 'ACTIVE' && !after.optOut;
    if (member.status === 'subscribed' && link?.vendorStatus !== 'subscribed' && subscribedInCrm)
      notices.push(this.notice('NEW_SUBSCRIBER', after, `${who} subscribed to ${list}`));
    if (appliedFields.length)
      notices.push(
        this.notice(
          'PROFILE_UPDATE',
          after,
          `${who} updated their profile in ${list}`,
          `Changed: ${appliedFields.join(', ')}`,
        ),
      );
    return notices;
  }

  notice(
    type: NotificationType,
    subscriber: Pick<CrmSubscriber, 'module' | 'recordId'>,
    title: string,
    body?: string,
  ): NotificationInput {
    return {
      type,
      title,
      ...(body ? { body } : {}),
      subject: { module: subscriber.module, id: subscriber.recordId },
      installationId: this.run.installationId,
    };
  }

  listName(listId: string): string {
    return this.setup.lists.find((list) => list.id === listId)?.name ?? listId;
  }

  /** Webhook events go through the same rules as a pull; an email change renames the CRM address. */
  private async applyEvents(events: NonNullable<RunInput['events']>): Promise<void> {
    const batch = emptyBatch({});
    const lists = new Set(this.setup.pull ? this.setup.pullLists.map((list) => list.id) : []);
    // Several events about one member in one delivery: each sees the link the previous one left.
    const pending = new Map<string, RecordLink>();
    for (const event of events) {
      if (event.type === 'campaign' || !lists.has(event.listId)) continue;
      const email = event.email.toLowerCase();
      const link =
        pending.get(linkKey(event.listId, email)) ??
        (await this.loadLinks(event.listId, [email])).get(email) ??
        null;
      const { link: next, ...outcome } =
        event.type === 'upemail'
          ? await this.renameMember(event.listId, email, event.newEmail?.toLowerCase(), link)
          : await this.pullMember(event.listId, eventMember(event, email, link), link, true);
      if (next) {
        pending.delete(linkKey(event.listId, email));
        pending.set(linkKey(event.listId, next.email), next);
      }
      this.add(batch, event.listId, email, outcome);
    }
    if (!this.run.dryRun) batch.links = [...pending.values()];
    batch.processed = events.length;
    await this.commit({ ...batch, total: events.length }, true);
  }

  private async renameMember(
    listId: string,
    email: string,
    newEmail: string | undefined,
    link: RecordLink | null,
  ): Promise<Outcome> {
    if (!newEmail) return this.skip(listId, email, null, 'email change without a new address', 'TO_CRM');
    const matches = await this.findByEmail(email);
    const subscriber = link?.emailAddressId
      ? matches.find((m) => m.emailAddressId === link.emailAddressId)
      : matches.length === 1
        ? matches[0]
        : undefined;
    if (!subscriber)
      return this.skip(
        listId,
        email,
        null,
        matches.length > 1 ? `ambiguous: ${matches.length} CRM records have this address` : 'not in the CRM',
        'TO_CRM',
      );
    try {
      if (!this.run.dryRun)
        await this.crm.changeEmail(this.tenantId, subscriber.emailAddressId, newEmail, this.origin);
    } catch (error) {
      return this.crmFailure(listId, email, subscriber, error);
    }
    const taken = (await this.loadLinks(listId, [newEmail])).has(newEmail);
    return {
      action: 'UPDATE',
      link:
        link && !taken
          ? this.linkFor(listId, email, link, { email: newEmail, vendorHash: null, lastPulledAt: new Date() })
          : undefined,
      line: {
        listId,
        crmModule: subscriber.module,
        crmId: subscriber.recordId,
        email,
        action: 'UPDATE',
        direction: 'TO_CRM',
        before: { email },
        after: { email: newEmail },
        rule: 'vendor email change',
        vendorResponse: null,
      },
      notices: [
        this.notice(
          'PROFILE_UPDATE',
          subscriber,
          `${personLabel(subscriber, email)} changed their address to ${newEmail} in ${this.listName(listId)}`,
        ),
      ],
    };
  }

  // ------------------------------------------------------------------ push: CRM → vendor

  /**
   * Pages through the CRM's addresses in id order, plans each page, and keeps the setup's window
   * of write batches going (see push-window.ts). Results are committed strictly in page order, so
   * the checkpoint never passes a batch that was not committed; committing overlaps the reading,
   * planning and sending of the next batches (batches that finish while the database is busy
   * share the next commit), so the account's connections do not wait on the CRM's database.
   */
  private async pushPhase(recordIds?: string[]): Promise<void> {
    const state = this.checkpoint.push ?? {};
    if (state.done) return;
    const list = this.setup.targetList;
    if (!list)
      throw ValidationFailedError.field('targetListId', 'there is no vendor list to push CRM records to');
    const statusIfNew: MemberWrite['statusIfNew'] = list.doubleOptIn ? 'pending' : 'subscribed';
    const module = this.setup.settings.subscriberModule;
    // Members from earlier runs, or this run's pull (read before this push writes any): without
    // them, no address can have been renamed or deleted since, and a first sync spares both searches.
    const earlier =
      this.hasPulledLinks(list.id, module, recordIds) ||
      (await this.ledger.hasLinks(this.tenantId, this.run.installationId, list.id, module, {
        recordIds,
        notPushedSince: this.run.startedAt ?? undefined,
      }));
    const after = await this.pushPages(
      list.id,
      (afterEmailAddressId, limit) => this.readPushPage(module, recordIds, afterEmailAddressId, limit),
      (page) => this.planPushBatch(list.id, statusIfNew, page, earlier),
      (afterEmailAddressId) => ({ push: { afterEmailAddressId } }),
      state.afterEmailAddressId,
    );
    if (earlier) await this.removeGone(list.id, recordIds);
    await this.commit(emptyBatch({ push: { afterEmailAddressId: after, done: true } }), true);
  }

  /**
   * A page of the module's addresses to push. A dry run's push over the whole module reads the
   * records its pull would have created too, as a real push reads the ones its pull created.
   */
  private async readPushPage(
    module: SubscriberModule,
    recordIds: string[] | undefined,
    after: string | undefined,
    limit: number,
  ): Promise<CrmSubscriber[]> {
    const page = await this.crm.readSubscribers(this.tenantId, module, {
      recordIds,
      afterEmailAddressId: after,
      limit,
    });
    return this.run.dryRun && !recordIds ? this.dryCrm.mergeCreated(module, page, after, limit) : page;
  }

  /** A dry run's pull left links on the list that a real pull would have stored (see `hasLinks`). */
  private hasPulledLinks(listId: string, module: SubscriberModule, recordIds?: string[]): boolean {
    if (!this.run.dryRun) return false;
    const startedAt = this.run.startedAt;
    return [...this.linkOverlay.values()].some(
      (link) =>
        link.listId === listId &&
        link.crmModule === module &&
        (!recordIds || (link.crmId !== null && recordIds.includes(link.crmId))) &&
        (!link.lastPushedAt || !startedAt || link.lastPushedAt < startedAt),
    );
  }

  async pushPages(
    listId: string,
    read: (afterEmailAddressId: string | undefined, limit: number) => Promise<CrmSubscriber[]>,
    plan: (page: CrmSubscriber[]) => Promise<PlannedPush[]>,
    checkpoint: (afterEmailAddressId: string) => BatchCommit['checkpoint'],
    after?: string,
  ): Promise<string | undefined> {
    const { batchSize, window } = this.setup;
    const commits = new OrderedCommits<BatchCommit>(
      async (batch) => {
        const planned = batch.processed;
        await this.commit(batch);
        this.releaseClaims(planned);
      },
      mergeBatches,
      window.perCommit,
    );
    const limit = Math.min(MAX_READ_PAGE, batchSize * READ_BATCHES);
    // The first page is one batch, so the first call leaves as soon as it can.
    let asked = Math.min(limit, batchSize);
    let next = read(after, asked);
    try {
      for (;;) {
        const page = await next;
        if (page.length === 0) break;
        const more = page.length === asked;
        // The next page is read while this one is planned and sent: the first calls go out
        // together instead of a page-read apart.
        if (more) {
          asked = limit;
          next = read(page[page.length - 1].emailAddressId, asked);
          next.catch(() => undefined); // awaited on the next turn; a failure fails the run there
        }
        const planned = await plan(page);
        // One vendor call per batch of at most maxBatchSize addresses, each committed with its checkpoint.
        for (let start = 0; start < planned.length; start += batchSize) {
          const batch = planned.slice(start, start + batchSize);
          after = batch[batch.length - 1].subscriber.emailAddressId;
          await commits.waitForRoom(window.sending, window.uncommitted);
          commits.add(this.sendPushBatch(listId, batch, checkpoint(after)));
        }
        if (!more) break;
      }
      await commits.finish();
    } finally {
      // Nothing of this phase may still be writing when the run is given back or failed.
      await commits.settled();
    }
    return after;
  }

  private async planPushBatch(
    listId: string,
    statusIfNew: MemberWrite['statusIfNew'],
    page: CrmSubscriber[],
    earlierLinks: boolean,
  ): Promise<PlannedPush[]> {
    const canRemove = !!this.setup.connector.removeMembers;
    const subscribers = page.map((subscriber) => this.withOverlay(subscriber));
    const links = await this.loadLinks(
      listId,
      subscribers.map((s) => s.email),
    );
    const renamed = earlierLinks
      ? await this.renamedLinks(
          listId,
          subscribers.filter((s) => !links.has(s.email)),
        )
      : new Map<string, RecordLink>();
    const planned: PlannedPush[] = [];
    for (const subscriber of subscribers) {
      const link = links.get(subscriber.email) ?? null;
      if (!(await this.claimAddress(subscriber, link))) {
        const rule = duplicateRule(subscriber.email);
        planned.push({ subscriber, link, decision: { action: 'SKIP', hash: '', rule }, duplicate: true });
        continue;
      }
      const previous = link ? undefined : renamed.get(subscriber.emailAddressId);
      const map = this.map(listId, subscriber.module);
      const rename = previous && planPush(subscriber, previous, map, statusIfNew, canRemove, previous.email);
      const decision =
        previous && rename?.write ? rename : planPush(subscriber, link, map, statusIfNew, canRemove);
      if (decision.write && !EMAIL_PATTERN.test(subscriber.email)) {
        // No vendor takes it, and the CRM can tell without asking (a dry run as well): nothing is stored.
        const skip = { action: 'SKIP', hash: '', rule: INVALID_ADDRESS_RULE } as const;
        planned.push({ subscriber, link, decision: skip, duplicate: true });
        continue;
      }
      if (previous && decision === rename) {
        // The old address' member becomes this one: no removal of it, no new member.
        this.renamedAway.add(previous.email);
        planned.push({ subscriber, link: previous, decision, duplicate: false });
        continue;
      }
      planned.push({ subscriber, link, decision, duplicate: false });
    }
    return planned;
  }

  /**
   * Members of addresses edited in the CRM since the last push, by CRM address id: a link of the
   * same address under another email, still on the vendor's books and not claimed by anyone else.
   * Links are looked up by record (an indexed column), then matched by address.
   */
  private async renamedLinks(listId: string, unlinked: CrmSubscriber[]): Promise<Map<string, RecordLink>> {
    if (unlinked.length === 0) return new Map();
    const stored = await this.ledger.linksOfRecords(
      this.tenantId,
      this.run.installationId,
      listId,
      this.setup.settings.subscriberModule,
      [...new Set(unlinked.map((s) => s.recordId))],
    );
    const byAddress = new Map(unlinked.map((s) => [s.emailAddressId, s]));
    const renamed = new Map<string, RecordLink>();
    for (const row of stored) {
      const link = this.linkOverlay.get(linkKey(listId, row.email)) ?? row;
      const subscriber = link.emailAddressId ? byAddress.get(link.emailAddressId) : undefined;
      if (!subscriber || link.email === subscriber.email || !link.vendorId) continue;
      if (this.renamedAway.has(link.email) || link.vendorStatus === 'archived') continue;
      // The old address may still exist on another record: then the member is that record's.
      const owners = await this.findByEmail(link.email);
      if (owners.length === 0) renamed.set(subscriber.emailAddressId, link);
    }
    return renamed;
  }

  async claimAddress(subscriber: CrmSubscriber, link: RecordLink | null): Promise<boolean> {
    this.uncommittedPlan.push({ email: subscriber.email, emailAddressId: subscriber.emailAddressId });
    if (await this.isDuplicate(subscriber, link)) return false;
    this.claimed.set(subscriber.email, subscriber.emailAddressId);
    return true;
  }

  /** Planned addresses whose batches are committed (the first `count` uncommitted) no longer need a claim. */
  private releaseClaims(count: number): void {
    for (const { email, emailAddressId } of this.uncommittedPlan.splice(0, count))
      if (this.claimed.get(email) === emailAddressId) this.claimed.delete(email);
  }

  /**
   * One vendor member per address: a member already linked to another CRM address that still
   * exists (and was pushed, or this one is not for marketing anyway) stays with it.
   */
  private async isDuplicate(subscriber: CrmSubscriber, link: RecordLink | null): Promise<boolean> {
    const claimedBy = this.claimed.get(subscriber.email);
    if (claimedBy && claimedBy !== subscriber.emailAddressId) return true;
    if (!link?.emailAddressId || link.emailAddressId === subscriber.emailAddressId) return false;
    if (!link.vendorId && marketingEligibility(subscriber).eligible) return false;
    const owners = await this.findByEmail(subscriber.email);
    return owners.some((owner) => owner.emailAddressId === link.emailAddressId);
  }

  private async sendPushBatch(
    listId: string,
    planned: PlannedPush[],
    checkpoint: BatchCommit['checkpoint'],
  ): Promise<BatchCommit> {
    const writes = planned.filter((p) => p.decision.write);
    const removals = planned.filter((p) => p.decision.action === 'REMOVE' && !p.duplicate);
    const results = new Map<PlannedPush, MemberWriteResult>();
    if (!this.run.dryRun) {
      const written = await this.writeMembers(
        listId,
        writes.map((p) => p.decision.write!),
      );
      writes.forEach((item, index) => results.set(item, written[index]));
      const removed = await this.removeMembers(
        listId,
        removals.map((p) => p.subscriber.email),
      );
      removals.forEach((item, index) => results.set(item, removed[index]));
    }
    const batch = emptyBatch(checkpoint);
    for (const item of planned)
      this.add(batch, listId, item.subscriber.email, this.pushOutcome(listId, item, results.get(item)));
    // Written as soon as the vendor answered, alongside the commits of earlier batches rather than
    // in front of this one's: still before its links are committed, so a crash re-sends and rewrites.
    await this.writeRecordValues(batch.recordValues.splice(0));
    return batch;
  }

  private writeMembers(listId: string, writes: MemberWrite[]): Promise<MemberWriteResult[]> {
    return sendWithMemberRetries(writes, (some) =>
      this.setup.connector.writeMembers(this.setup.context, listId, some),
    );
  }

  async removeMembers(listId: string, emails: string[]): Promise<MemberWriteResult[]> {
    if (emails.length === 0 || this.run.dryRun) return [];
    return sendWithMemberRetries(emails, (some) =>
      this.setup.connector.removeMembers!(this.setup.context, listId, some),
    );
  }

  /**
   * Members whose CRM address is gone (deleted, or its record deleted) come off the list. A push
   * over the whole module checks the list's links that this run did not push; a records run the
   * links of its records. A page of links costs one question to the CRM (do their addresses still
   * hold these emails?); only a link whose address changed or went away is looked up by email, and
   * stays when another address of the module has that email.
   */
  private async removeGone(listId: string, recordIds: string[] | undefined): Promise<void> {
    if (!this.setup.connector.removeMembers || recordIds?.length === 0) return;
    const module = this.setup.settings.subscriberModule;
    let afterId: string | undefined;
    for (;;) {
      const page = await this.ledger.linksOnList(this.tenantId, this.run.installationId, listId, module, {
        recordIds,
        afterId,
        notPushedSince: this.run.startedAt ?? undefined,
        limit: MAX_READ_PAGE,
      });
      if (page.length === 0) break;
      afterId = page[page.length - 1].id;
      const addressIds = page.flatMap((link) => (link.emailAddressId ? [link.emailAddressId] : []));
      const current = await this.crm.currentEmails(this.tenantId, module, addressIds);
      const gone: RecordLink[] = [];
      for (const stored of page) {
        if (this.renamedAway.has(stored.email)) continue;
        const link = this.linkOverlay.get(linkKey(listId, stored.email)) ?? stored;
        if (!link.vendorId || !isOnList(link.vendorStatus)) continue;
        if (link.emailAddressId && current.get(link.emailAddressId) === link.email) continue;
        const owners = await this.findByEmail(link.email);
        if (!owners.some((owner) => owner.module === module)) gone.push(link);
      }
      for (let start = 0; start < gone.length; start += this.setup.batchSize) {
        const links = gone.slice(start, start + this.setup.batchSize);
        const results = await this.removeMembers(
          listId,
          links.map((link) => link.email),
        );
        const batch = emptyBatch({});
        links.forEach((link, index) =>
          this.add(
            batch,
            listId,
            link.email,
            this.removeOutcome(
              listId,
              link,
              link.crmHash,
              'removed: address deleted in the CRM',
              results[index],
            ),
          ),
        );
        await this.commit(batch);
      }
      if (page.length < MAX_READ_PAGE) break;
    }
  }

  /** A member taken off the list: its link remembers it as archived, so no later run asks again. */
  removeOutcome(
    listId: string,
    link: RecordLink,
    crmHash: string | null,
    rule: string,
    result: MemberWriteResult | undefined,
    crmSide: Partial<RecordLink> = {},
  ): Outcome {
    const line: AuditLine = {
      listId,
      crmModule: crmSide.crmModule ?? link.crmModule,
      crmId: crmSide.crmId ?? link.crmId,
      email: link.email,
      action: 'REMOVE',
      direction: 'TO_VENDOR',
      before: { vendorId: link.vendorId, vendorStatus: link.vendorStatus, lastPushedAt: link.lastPushedAt },
      after: { vendorStatus: 'archived' },
      rule,
      vendorResponse: result ? (result.response ?? (result.error ? { error: result.error } : null)) : null,
    };
    // Already gone at the vendor: what removing it would have achieved.
    if (result && !result.ok && result.error?.code !== ConnectorErrorCode.NOT_FOUND)
      return this.vendorFailure(listId, line, result);
    return {
      action: 'REMOVE',
      line,
      link: this.linkFor(listId, link.email, link, {
        ...crmSide,
        vendorStatus: 'archived',
        crmHash,
        vendorHash: null,
        lastPushedAt: new Date(),
      }),
    };
  }

  /** The vendor refused one member: it waits in the failure queue. */
  private vendorFailure(listId: string, line: AuditLine, result: MemberWriteResult): Outcome {
    const code = result.error?.code ?? 'UNKNOWN';
    return {
      action: 'FAIL',
      line: { ...line, action: 'FAIL', rule: `vendor rejected: ${code}` },
      failure: {
        listId,
        crmModule: line.crmModule,
        crmId: line.crmId,
        email: line.email,
        reasonCode: (result.error?.field ? `${code}:${result.error.field}` : code).slice(0, 60),
        message: result.error?.message ?? 'The vendor rejected the record',
      },
    };
  }

  private pushOutcome(listId: string, item: PlannedPush, result: MemberWriteResult | undefined): Outcome {
    const { subscriber, link, decision } = item;
    if (decision.action === 'UNCHANGED') return { action: 'UNCHANGED' };
    const line: AuditLine = {
      listId,
      crmModule: subscriber.module,
      crmId: subscriber.recordId,
      email: subscriber.email,
      action: decision.action,
      direction: 'TO_VENDOR',
      before: link
        ? {
            ...(link.email !== subscriber.email ? { email: link.email } : {}),
            vendorId: link.vendorId,
            vendorStatus: link.vendorStatus,
            lastPushedAt: link.lastPushedAt,
          }
        : null,
      after: decision.write ? { ...decision.write } : null,
      rule: decision.rule,
      vendorResponse: result ? (result.response ?? (result.error ? { error: result.error } : null)) : null,
    };
    const crmSide = {
      crmModule: subscriber.module,
      crmId: subscriber.recordId,
      emailAddressId: subscriber.emailAddressId,
    };
    if (item.duplicate) return { action: 'SKIP', line };
    if (decision.action === 'REMOVE' && link)
      return this.removeOutcome(listId, link, decision.hash, decision.rule ?? 'removed', result, crmSide);
    if (!decision.write)
      return {
        action: 'SKIP',
        line,
        link: this.linkFor(listId, subscriber.email, link, { ...crmSide, crmHash: decision.hash }),
      };
    if (result && !result.ok) {
      const code = result.error?.code ?? 'UNKNOWN';
      const message = result.error?.message ?? 'The vendor rejected the record';
      // Consent answers are final, not failures to retry: record them and do not ask again.
      if (code === ConnectorErrorCode.COMPLIANCE)
        return {
          action: 'SKIP',
          line: { ...line, action: 'SKIP', rule: `consent: ${message}`.slice(0, 200) },
          link: this.linkFor(listId, subscriber.email, link, { ...crmSide, crmHash: decision.hash }),
        };
      return this.vendorFailure(listId, line, result);
    }
    const write = decision.write;
    const vendorStatus: MemberStatus =
      result?.status ?? write.status ?? link?.vendorStatus ?? write.statusIfNew;
    // A member the link did not know that the vendor already had: an update, not an addition.
    const action = decision.action === 'ADD' && result?.created === false ? 'UPDATE' : decision.action;
    return {
      action,
      line: { ...line, action },
      recordValues: this.recordValues(listId, subscriber, result?.recordFields),
      link: this.linkFor(listId, subscriber.email, link, {
        ...crmSide,
        // A renamed member's link follows it to the new address (only once the vendor renamed it).
        email: subscriber.email,
        vendorId: result?.vendorId ?? link?.vendorId ?? null,
        vendorStatus,
        crmHash: decision.hash,
        vendorHash: this.map(listId, subscriber.module).predictedVendorHash(write.fields, vendorStatus),
        // An unsubscribe sends no tags; every other write sends the CRM's whole set.
        sentTags: decision.action === 'UNSUBSCRIBE' ? (link?.sentTags ?? null) : (write.tags?.add ?? []),
        lastPushedAt: new Date(),
      }),
    };
  }

  // ------------------------------------------------------------------ chosen records → a chosen list

  /**
   * "Add selected records to an audience" (seed 001). The records' addresses are planned and
   * written as a push plans and writes them (links, hashes, `statusIfNew`, the CRM's own tags),
   * but to the chosen list and from the chosen module; then the chosen tag goes through the tags
   * capability to the members now on the list. Skipped, each with the reason in its audit line:
   * records without an address, addresses not eligible for marketing, and members the list has as
   * unsubscribed or cleaned (never re-subscribed). The checkpoint counts the records done.
   */
  private async addToList(addition: ListAddition): Promise<void> {
    const state = this.checkpoint.records ?? { index: 0 };
    if (state.done) return;
    const recordIds = this.input.recordIds ?? [];
    const list = this.setup.lists.find((candidate) => candidate.id === addition.listId);
    if (!list) throw ValidationFailedError.field('listId', `${addition.listId} is not a list at the vendor`);
    if (this.run.total === null) await this.commit({ ...emptyBatch({}), total: recordIds.length }, true);
    const statusIfNew: MemberWrite['statusIfNew'] = list.doubleOptIn ? 'pending' : 'subscribed';
    const { batchSize } = this.setup;
    for (let index = state.index; index < recordIds.length; index += batchSize) {
      const chunk = recordIds.slice(index, index + batchSize);
      const subscribers = await this.addressesOf(addition.module, chunk);
      const batch = await this.addBatch(list.id, addition, statusIfNew, chunk, subscribers);
      batch.checkpoint = { records: { index: index + chunk.length } };
      await this.commit(batch, true);
    }
    await this.commit(emptyBatch({ records: { index: recordIds.length, done: true } }), true);
  }

  /** Every address of these records of a module. */
  private async addressesOf(module: SubscriberModule, recordIds: string[]): Promise<CrmSubscriber[]> {
    const all: CrmSubscriber[] = [];
    for (let after: string | undefined; ;) {
      const page = await this.crm.readSubscribers(this.tenantId, module, {
        recordIds,
        afterEmailAddressId: after,
        limit: MAX_READ_PAGE,
      });
      all.push(...page);
      if (page.length < MAX_READ_PAGE) return all;
      after = page[page.length - 1].emailAddressId;
    }
  }

  private async addBatch(
    listId: string,
    addition: ListAddition,
    statusIfNew: MemberWrite['statusIfNew'],
    recordIds: string[],
    subscribers: CrmSubscriber[],
  ): Promise<BatchCommit> {
    const batch = emptyBatch({});
    const links = await this.loadLinks(
      listId,
      subscribers.map((s) => s.email),
    );
    const planned: PlannedPush[] = [];
    for (const subscriber of subscribers) {
      const link = links.get(subscriber.email) ?? null;
      const refusal =
        listAdditionRefusal(subscriber, link) ??
        ((await this.isDuplicate(subscriber, link)) ? duplicateRule(subscriber.email) : null);
      if (refusal) {
        this.add(
          batch,
          listId,
          subscriber.email,
          this.skip(listId, subscriber.email, subscriber, refusal, 'TO_VENDOR'),
        );
        continue;
      }
      this.claimed.set(subscriber.email, subscriber.emailAddressId);
      planned.push({
        subscriber,
        link,
        decision: planPush(subscriber, link, this.map(listId, subscriber.module), statusIfNew),
        duplicate: false,
      });
    }
    for (const recordId of recordIds)
      if (!subscribers.some((s) => s.recordId === recordId))
        this.add(
          batch,
          listId,
          '',
          this.skip(listId, '', { module: addition.module, recordId }, NO_ADDRESS_RULE, 'TO_VENDOR'),
        );

    const writes = planned.filter((p) => p.decision.write);
    const results = new Map<PlannedPush, MemberWriteResult>();
    const { batchSize } = this.setup;
    await Promise.all(
      chunks(writes, batchSize).map(async (chunk) => {
        const written = await this.writeMembers(
          listId,
          chunk.map((p) => p.decision.write!),
        );
        chunk.forEach((item, index) => results.set(item, written[index]));
      }),
    );
    const tagged = addition.tag
      ? await this.tagMembers(
          listId,
          planned.filter((p) => isOnList(statusAfter(p, results.get(p)))).map((p) => p.subscriber.email),
          addition.tag,
        )
      : new Map<string, MemberWriteResult>();
    for (const item of planned)
      this.add(
        batch,
        listId,
        item.subscriber.email,
        unparked(this.additionOutcome(listId, item, results.get(item), addition.tag, tagged)),
      );
    return batch;
  }

  /** Adds one tag to members of a list through the tags capability; answers per email. */
  private async tagMembers(
    listId: string,
    emails: string[],
    tag: string,
  ): Promise<Map<string, MemberWriteResult>> {
    const { connector, context } = this.setup;
    if (!hasCapability(connector, 'tags'))
      throw ValidationFailedError.field('tag', `${connector.manifest.name} cannot tag members`);
    const results = await sendWithMemberRetries(
      emails.map((email) => ({ email, add: [tag], remove: [] })),
      (some) => connector.applyTags(context, listId, some),
    );
    return new Map(emails.map((email, index) => [email, results[index]]));
  }

  /** A chosen address's outcome: the push's, or already on the list; then the tag's. */
  private additionOutcome(
    listId: string,
    item: PlannedPush,
    result: MemberWriteResult | undefined,
    tag: string | undefined,
    tagged: Map<string, MemberWriteResult>,
  ): Outcome {
    const { subscriber, link } = item;
    const status = statusAfter(item, result);
    let outcome: Outcome;
    if (!item.decision.write) {
      if (!isOnList(status))
        return this.skip(listId, subscriber.email, subscriber, notResubscribed(status), 'TO_VENDOR');
      outcome = {
        action: tag ? 'TAGS' : 'UNCHANGED',
        line: {
          listId,
          crmModule: subscriber.module,
          crmId: subscriber.recordId,
          email: subscriber.email,
          action: tag ? 'TAGS' : 'UNCHANGED',
          direction: 'TO_VENDOR',
          before: {
            vendorId: link?.vendorId ?? null,
            vendorStatus: status,
            lastPushedAt: link?.lastPushedAt ?? null,
          },
          after: null,
          rule: 'already on the list',
          vendorResponse: null,
        },
      };
    } else {
      outcome = this.pushOutcome(listId, item, result);
      if (outcome.action === 'FAIL' || outcome.action === 'SKIP') return outcome;
      // The vendor had the member as unsubscribed or cleaned: its fields were kept in step, its consent kept.
      if (!isOnList(status))
        return {
          ...outcome,
          action: 'SKIP',
          line: { ...outcome.line!, action: 'SKIP', rule: notResubscribed(status ?? null) },
        };
    }
    if (!tag) return outcome;
    const tagResult = tagged.get(subscriber.email);
    if (tagResult && !tagResult.ok) {
      const line = { ...outcome.line!, vendorResponse: { error: tagResult.error ?? null } };
      return { ...this.vendorFailure(listId, line, tagResult), link: outcome.link };
    }
    return {
      ...outcome,
      line: {
        ...outcome.line!,
        after: { ...outcome.line!.after, tag },
        rule: [outcome.line!.rule, `tagged "${tag}"`].filter(Boolean).join('; ').slice(0, 200),
      },
    };
  }

  // ------------------------------------------------------------------ Sync tags

  /**
   * "Sync tags" (seed 000 "Sincronizar Etiquetas"): the CRM's tags — each organization's
   * classification among them — applied again to every member the installation has linked, in
   * every list (see tag-sync.ts). Only tags go out: no fields, no status. Pages of links,
   * checkpointed by the last link done.
   */
  private async syncTags(): Promise<void> {
    const state = this.checkpoint.tags ?? {};
    if (state.done) return;
    const { connector } = this.setup;
    if (!hasCapability(connector, 'tags'))
      throw ValidationFailedError.field('installationId', `${connector.manifest.name} has no tags to sync`);
    const { installationId } = this.run;
    if (this.run.total === null)
      await this.commit(
        { ...emptyBatch({}), total: await this.ledger.countMemberLinks(this.tenantId, installationId) },
        true,
      );
    const { batchSize } = this.setup;
    let afterLinkId = state.afterLinkId;
    for (;;) {
      const links = await this.ledger.memberLinks(this.tenantId, installationId, {
        afterId: afterLinkId,
        limit: batchSize,
      });
      if (links.length === 0) break;
      afterLinkId = links[links.length - 1].id;
      const batch = await this.retagBatch(connector, links);
      batch.checkpoint = { tags: { afterLinkId } };
      await this.commit(batch, true);
      if (links.length < batchSize) break;
    }
    await this.commit(emptyBatch({ tags: { afterLinkId, done: true } }), true);
  }

  private async retagBatch(connector: Connector & TagsCapability, links: RecordLink[]): Promise<BatchCommit> {
    const subscribers = await this.subscribersOfLinks(links);
    const planned = links.map((link) => {
      const subscriber = subscribers.get(link.emailAddressId!);
      return {
        link,
        subscriber,
        tags: subscriber && retag(subscriber, link, this.map(link.listId, subscriber.module)),
      };
    });
    const results = new Map<RecordLink, MemberWriteResult>();
    for (const listId of new Set(links.map((link) => link.listId))) {
      const sending = planned.filter(
        (p) => p.link.listId === listId && p.tags && (p.tags.add.length || p.tags.remove.length),
      );
      const written = await sendWithMemberRetries(
        sending.map(({ link, tags }) => ({ email: link.email, add: tags!.add, remove: tags!.remove })),
        (some) => connector.applyTags(this.setup.context, listId, some),
      );
      sending.forEach((p, index) => results.set(p.link, written[index]));
    }
    const batch = emptyBatch({});
    for (const { link, subscriber, tags } of planned) {
      const result = results.get(link);
      if (!subscriber || !tags)
        this.add(
          batch,
          link.listId,
          link.email,
          this.skip(link.listId, link.email, null, 'tags not applied: the CRM address is gone', 'TO_VENDOR'),
        );
      else if (!result) this.add(batch, link.listId, link.email, { action: 'UNCHANGED' });
      else {
        const line: AuditLine = {
          listId: link.listId,
          crmModule: subscriber.module,
          crmId: subscriber.recordId,
          email: link.email,
          action: 'TAGS',
          direction: 'TO_VENDOR',
          before: { tags: link.sentTags },
          after: { add: tags.add, remove: tags.remove },
          rule: 'sync tags',
          vendorResponse: result.response ?? (result.error ? { error: result.error } : null),
        };
        this.add(
          batch,
          link.listId,
          link.email,
          result.ok
            ? {
                action: 'TAGS',
                line,
                link: this.linkFor(link.listId, link.email, link, {
                  sentTags: tags.add,
                  crmHash: tags.crmHash,
                }),
              }
            : unparked(this.vendorFailure(link.listId, line, result)),
        );
      }
    }
    return batch;
  }

  /** The CRM addresses of links, by address id (one read per module). */
  private async subscribersOfLinks(links: RecordLink[]): Promise<Map<string, CrmSubscriber>> {
    const byAddress = new Map<string, CrmSubscriber>();
    for (const module of new Set(links.map((link) => link.crmModule))) {
      if (!module) continue;
      const recordIds = [...new Set(links.filter((l) => l.crmModule === module).map((l) => l.crmId!))];
      for (const subscriber of await this.addressesOf(module, recordIds))
        byAddress.set(subscriber.emailAddressId, subscriber);
    }
    return byAddress;
  }

  // ------------------------------------------------------------------ shared

  add(batch: BatchCommit, listId: string, email: string, outcome: Outcome): void {
    const count = COUNT_OF[outcome.action];
    if (count) batch.counts[count] = (batch.counts[count] ?? 0) + 1;
    batch.processed++;
    if (outcome.line) batch.lines.push(this.run.dryRun ? this.previewLine(outcome.line) : outcome.line);
    if (this.run.dryRun) {
      if (outcome.link) this.linkOverlay.set(linkKey(listId, outcome.link.email), outcome.link);
      return;
    }
    if (outcome.link) batch.links.push(outcome.link);
    if (outcome.notices) batch.notices.push(...outcome.notices);
    if (outcome.recordValues) batch.recordValues.push(outcome.recordValues);
    if (outcome.failure) batch.failures.push(outcome.failure);
    // An unchanged record cannot have an open failure: a failure leaves its hashes behind.
    else if (outcome.action !== 'UNCHANGED' && outcome.action !== 'FAIL')
      batch.succeeded.push({ listId, email });
  }

  /** A dry run's audit line: a record it would have created has no id to show yet. */
  private previewLine(line: AuditLine): AuditLine {
    return this.dryCrm.isCreated(line.crmId) ? { ...line, crmId: null } : line;
  }

  /**
   * Commits a batch with its checkpoint, then sends its notices (stored in that checkpoint, see
   * RunCheckpoint.notices). Batches that changed nothing (all unchanged) are folded
   * into the next commit, up to a limit: redoing them after a crash costs no write, and an
   * unchanged sync then costs one transaction per many pages instead of one per page.
   */
  async commit(batch: BatchCommit, force = false): Promise<void> {
    const merged = this.deferred ? mergeBatches(this.deferred, batch) : batch;
    if (this.countedTotal !== undefined && merged.total === undefined) {
      merged.total = this.countedTotal;
      this.countedTotal = undefined;
    }
    const idle =
      !merged.links.length &&
      !merged.lines.length &&
      !merged.failures.length &&
      !merged.succeeded.length &&
      !merged.notices.length &&
      !merged.recordValues.length;
    if (
      !force &&
      idle &&
      !merged.listPulled &&
      merged.total === undefined &&
      ++this.deferredCount < MAX_DEFERRED
    ) {
      this.deferred = merged;
      return;
    }
    this.deferred = null;
    this.deferredCount = 0;
    const notices = summarizeNotices(merged.notices, this.run.installationId);
    merged.checkpoint = { ...merged.checkpoint, notices: notices.length ? notices : undefined };
    await this.writeRecordValues(merged.recordValues);
    this.run = await this.ledger.commit(this.run, this.token, merged);
    await this.sendNotices(notices);
  }

  /**
   * What the vendor said about a record's member that the record does not show yet (the
   * manifest's record fields: its id, its page at the vendor). Only members of the target list
   * describe the record: one list, so two lists never take turns overwriting the values.
   */
  private recordValues(
    listId: string,
    subscriber: Pick<CrmSubscriber, 'module' | 'recordId' | 'fields' | 'isPrimary'>,
    reported: Record<string, string> | undefined,
  ): RecordFieldValues | undefined {
    const keys = this.recordFieldKeys.get(subscriber.module);
    if (!reported || !keys || listId !== this.setup.targetList?.id) return undefined;
    const values = Object.fromEntries(
      Object.entries(reported).filter(
        ([key, value]) => keys.has(key) && value && subscriber.fields[`custom.${key}`] !== value,
      ),
    );
    if (Object.keys(values).length === 0) return undefined;
    return {
      module: subscriber.module,
      recordId: subscriber.recordId,
      values,
      primary: subscriber.isPrimary,
    };
  }

  /** One write per module; a record with several addresses takes its primary address' values. */
  private async writeRecordValues(all: RecordFieldValues[]): Promise<void> {
    if (all.length === 0) return;
    const byRecord = new Map<string, RecordFieldValues>();
    for (const entry of all) {
      const key = `${entry.module}:${entry.recordId}`;
      if (!byRecord.get(key)?.primary || entry.primary) byRecord.set(key, entry);
    }
    const connectorKey = this.setup.connector.manifest.key;
    for (const module of new Set([...byRecord.values()].map((entry) => entry.module)))
      await this.crm.setConnectorFieldValues(
        this.tenantId,
        connectorKey,
        module,
        [...byRecord.values()]
          .filter((entry) => entry.module === module)
          .map(({ recordId, values }) => ({ recordId, values })),
      );
  }

  private async sendNotices(notices: NotificationInput[]): Promise<void> {
    const recipients = { kind: 'installation-users', installationId: this.run.installationId } as const;
    for (const notice of notices) await this.notifications.notify(this.tenantId, notice, recipients);
  }

  skip(
    listId: string,
    email: string,
    subscriber: Pick<CrmSubscriber, 'module' | 'recordId'> | null,
    rule: string,
    direction: AuditLine['direction'],
  ): Outcome {
    return {
      action: 'SKIP',
      line: {
        listId,
        crmModule: subscriber?.module ?? null,
        crmId: subscriber?.recordId ?? null,
        email,
        action: 'SKIP',
        direction,
        before: null,
        after: null,
        rule: rule.slice(0, 200),
        vendorResponse: null,
      },
    };
  }

  /** The CRM refused a change (validation, record gone): the record waits in the failure queue. */
  crmFailure(listId: string, email: string, subscriber: CrmSubscriber | null, error: unknown): Outcome {
    if (!(error instanceof DomainError)) throw error;
    const reasonCode =
      error instanceof ValidationFailedError
        ? 'CRM_VALIDATION'
        : error instanceof NotFoundError
          ? 'CRM_NOT_FOUND'
          : 'CRM_CONFLICT';
    const crm = { crmModule: subscriber?.module ?? null, crmId: subscriber?.recordId ?? null };
    return {
      action: 'FAIL',
      line: {
        listId,
        ...crm,
        email,
        action: 'FAIL',
        direction: 'TO_CRM',
        before: null,
        after: null,
        rule: reasonCode,
        vendorResponse: null,
      },
      failure: { listId, ...crm, email, reasonCode, message: error.message },
    };
  }

  /** The field map for records of `module` in a list (by default the subscriber module's). */
  map(listId: string, module: SubscriberModule = this.setup.settings.subscriberModule): FieldMap {
    return this.setup.fieldMap(listId, module);
  }

  withOverlay(subscriber: CrmSubscriber): CrmSubscriber {
    return this.dryCrm.apply(subscriber);
  }

  overlayStatus(subscriber: CrmSubscriber, status: CrmEmailStatus): void {
    const current = this.withOverlay(subscriber);
    this.dryCrm.change(subscriber, { fields: current.fields, status, optOut: status !== 'ACTIVE' });
  }

  /** The CRM's addresses with this email (in a dry run, with the record it would have created). */
  private async findByEmail(email: string): Promise<CrmSubscriber[]> {
    const found = await this.crm.findByEmail(this.tenantId, email);
    return this.run.dryRun ? this.dryCrm.withCreated(email, found) : found;
  }

  /** The list's links for these addresses (and, in a dry run, as the run would have left them). */
  async loadLinks(listId: string, emails: string[]): Promise<Map<string, RecordLink>> {
    const unique = [...new Set(emails)];
    const rows = unique.length
      ? await this.ledger.links(this.tenantId, this.run.installationId, listId, unique)
      : [];
    const links = new Map(rows.map((row) => [row.email, row]));
    for (const email of unique) {
      const pending = this.linkOverlay.get(linkKey(listId, email));
      if (pending) links.set(email, pending);
    }
    return links;
  }

  /** The link as this outcome leaves it: the existing row updated, or a new one. */
  linkFor(
    listId: string,
    email: string,
    existing: RecordLink | null,
    changes: Partial<RecordLink>,
  ): RecordLink {
    const base =
      existing ??
      Object.assign(new RecordLink(), {
        tenantId: this.tenantId,
        installationId: this.run.installationId,
        listId,
        email,
        crmModule: null,
        crmId: null,
        emailAddressId: null,
        vendorId: null,
        vendorStatus: null,
        crmHash: null,
        vendorHash: null,
        lastPushedAt: null,
        lastPulledAt: null,
      });
    return Object.assign(new RecordLink(), base, changes);
  }
}

/** A webhook event as a partial member: its status follows the event, its fields are those it carried. */
function eventMember(
  event: NonNullable<RunInput['events']>[number],
  email: string,
  link: RecordLink | null,
): VendorMember {
  const status: MemberStatus =
    event.type === 'unsubscribe'
      ? 'unsubscribed'
      : event.type === 'cleaned'
        ? 'cleaned'
        : event.type === 'subscribe'
          ? 'subscribed'
          : (link?.vendorStatus ?? 'subscribed');
  return {
    vendorId: event.vendorId ?? link?.vendorId ?? '',
    email,
    status,
    fields: event.fields ?? {},
    tags: [],
  };
}

/**
 * Failures of the one-off actions (adding records to a chosen list, Sync tags) are answered and
 * audited but not parked: the failure queue replays a record by pushing it to the target list,
 * which is not what failed there. Running the action again retries them.
 */
const unparked = (outcome: Outcome): Outcome => ({ ...outcome, failure: undefined });

/** A planned write's member status once written (the link's when nothing was written); none when it failed. */
function statusAfter(item: PlannedPush, result: MemberWriteResult | undefined): MemberStatus | null {
  const write = item.decision.write;
  if (!write || !result) return item.link?.vendorStatus ?? null;
  if (!result.ok) return null;
  return result.status ?? write.status ?? item.link?.vendorStatus ?? write.statusIfNew;
}

function chunks<T>(items: T[], size: number): T[][] {
  const all: T[][] = [];
  for (let start = 0; start < items.length; start += size) all.push(items.slice(start, start + size));
  return all;
}

function pick(values: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, values[key] ?? null]));
}

const SUMMARY_TITLE: Partial<Record<NotificationType, (count: number) => string>> = {
  NEW_SUBSCRIBER: (count) => `${count} new subscribers`,
  UNSUBSCRIBE: (count) => `${count} members unsubscribed`,
  PROFILE_UPDATE: (count) => `${count} members updated their profile`,
};

/** A batch's notices, with each type that has too many folded into one summary. */
function summarizeNotices(notices: NotificationInput[], installationId: string): NotificationInput[] {
  const byType = new Map<NotificationType, NotificationInput[]>();
  for (const notice of notices) byType.set(notice.type, [...(byType.get(notice.type) ?? []), notice]);
  return [...byType].flatMap(([type, group]) =>
    group.length <= MAX_NOTICES_PER_TYPE
      ? group
      : [
          {
            type,
            title: SUMMARY_TITLE[type]?.(group.length) ?? `${group.length} ${type} notifications`,
            body: group
              .slice(0, 3)
              .map((notice) => notice.title)
              .concat(`and ${group.length - 3} more; see the sync run for all of them`)
              .join('\n'),
            installationId,
          },
        ],
  );
}
