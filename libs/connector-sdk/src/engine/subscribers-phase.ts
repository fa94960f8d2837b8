import { CONSENT_LOCKED_STATUSES, type MemberWrite, type VendorMember } from '../contract/vendor-records';
import type { CrmSubscriber, SubscriberModule } from './crm-sync.port';
import type { RecordLink } from './engine.entities';
import { NO_ADDRESS_RULE } from './list-addition';
import { EXCLUDED_RULE, INVALID_ADDRESS_RULE, planListMember } from './list-membership';
import { BatchCommit, emptyBatch, mergeBatches } from './run-ledger';
import { duplicateRule, type Outcome, personLabel, type PlannedPush, type RunPhaseHost } from './run-phase';
import type { ViewFedList } from './run-setup';
import { ConsentChange, consentChange, isOnList } from './sync-plan';

/**
 * Where an "update subscribers" run continues after a crash: in the consent stage, the list and
 * the vendor's page cursor; in the lists stage, the list, its step (`push:leads`…) and the last
 * CRM address, record or link id done. Lists and steps are named, not counted, so a list whose
 * views changed in between resumes at the right place.
 */
export interface SubscribersCheckpoint {
  stage: 'consent' | 'lists' | 'done';
  /** The list being worked on (absent: from the first). */
  listId?: string;
  cursor?: string;
  step?: string;
  after?: string;
  /** When the current list's consent read started (the next run reads changes since). */
  startedAt?: string;
}

type StepKind = 'push' | 'addressless' | 'exclude';
interface ListStep {
  kind: StepKind;
  module: SubscriberModule;
  anyOf: unknown[];
}

const PULL_PAGE_SIZE = 500;
const PAGE = 1000;

const stepKey = (step: ListStep) => `${step.kind}:${step.module}`;

/**
 * Each list's steps: for every module its views take, push what they select and report the
 * records without an address; then, for every module the connector's lists take, exclude the
 * members no view selects any more (a module without views selects nothing).
 */
function listSteps(list: ViewFedList, modules: SubscriberModule[]): ListStep[] {
  const anyOf = (module: SubscriberModule) => list.views.find((v) => v.module === module)?.anyOf ?? [];
  return [
    ...list.views.flatMap(({ module, anyOf: filters }) => [
      { kind: 'push' as const, module, anyOf: filters },
      { kind: 'addressless' as const, module, anyOf: filters },
    ]),
    ...modules.map((module) => ({ kind: 'exclude' as const, module, anyOf: anyOf(module) })),
  ];
}

/** The lists from `listId` on (all when absent): a list gone since the checkpoint resumes at the next. */
const from = (lists: ViewFedList[], listId: string | undefined) =>
  listId === undefined ? lists : lists.filter((fed) => fed.list.id >= listId);

/**
 * "Update subscribers" (seed 004's "aggiornamento iscritti") for lists fed by saved views, on the
 * run's machinery: audit lines, counts, failures, checkpoints and the request budget.
 *
 * 1. Consent, every list first: the list's members unsubscribed or cleaned at the vendor are
 *    marked so on their links, so the list never takes them again; with the module's global
 *    unsubscribe flag (and always for a clean) the CRM address is closed too, so no list does.
 *    Members the CRM did not put on the list are the vendor's own and are left alone. With
 *    `overwriteVendorEdits`, members whose pushed fields were edited at the vendor are noted too,
 *    so step 2 writes the CRM's values again.
 * 2. Then list by list: what the list's writes need that someone removed at the vendor is made
 *    again (MailUp's groups) and whoever lost their place with it is put back; the addresses the
 *    views select are written (each once, with its module), records without a valid address are
 *    skipped with the reason, and members no view selects any more are excluded (`removeMembers`:
 *    MailUp's "esclusi" group), to come back when they match again. Nobody is deleted. The list
 *    shows "sync in progress" meanwhile.
 */
export class SubscribersPhase {
  private readonly lists: ViewFedList[];
  private readonly modules: SubscriberModule[];

  constructor(
    private readonly host: RunPhaseHost,
    only?: ReadonlySet<string>,
  ) {
    const fed = host.setup.viewFed;
    this.lists = (fed?.lists ?? []).filter((entry) => !only || only.has(entry.list.id));
    this.modules = fed?.membership.modules ?? [];
  }

  async execute(): Promise<void> {
    const { host } = this;
    let state: SubscribersCheckpoint = host.checkpoint.subscribers ?? { stage: 'consent' };
    if (state.stage === 'done') return;
    if (state.stage === 'consent') {
      await this.consentStage(state);
      state = { stage: 'lists' };
    }
    await this.listsStage(state);
    await host.commit(emptyBatch({ subscribers: { stage: 'done' } }), true);
  }

  /** The addresses the views select now; what the consent read and exclusions find comes on top. */
  async countTotal(): Promise<number> {
    let total = 0;
    for (const fed of this.lists)
      for (const { module, anyOf } of fed.views)
        total += await this.host.crm.countSubscribers(this.host.tenantId, module, { anyOf });
    return total;
  }

  // ------------------------------------------------------------------ 1. consent

  private async consentStage(state: SubscribersCheckpoint): Promise<void> {
    const { host } = this;
    const { connector, context, watermarks } = host.setup;
    const pulled = { ...(host.checkpoint.pulled ?? {}) };
    const lists = from(this.lists, state.listId);
    for (const [index, { list }] of lists.entries()) {
      const resuming = list.id === state.listId;
      const startedAt = (resuming ? state.startedAt : undefined) ?? new Date().toISOString();
      // Scheduled and on-demand updates read what changed since the last read (with its overlap);
      // a full run, or a replay of what failed, reads every member. So does every update where
      // the CRM's values win: a read of changes goes by the vendor's change times, which need not
      // cover fields (MailUp dates consent only), and an edit has to be seen to be written over.
      const incremental =
        (host.run.kind === 'SUBSCRIBERS' || host.run.kind === 'INCREMENTAL') &&
        !host.setup.overwriteVendorEdits;
      const since = incremental ? watermarks.get(list.id) : undefined;
      let cursor = resuming ? state.cursor : undefined;
      for (;;) {
        const page = await connector.readMembers(context, list.id, {
          cursor,
          changedSince: since,
          pageSize: PULL_PAGE_SIZE,
        });
        const batch = await this.consentBatch(list.id, page.members);
        const next = lists[index + 1]?.list.id;
        if (!page.nextCursor && !host.run.dryRun) pulled[list.id] = startedAt;
        batch.checkpoint = {
          subscribers: page.nextCursor
            ? { stage: 'consent', listId: list.id, cursor: page.nextCursor, startedAt }
            : next
              ? { stage: 'consent', listId: next }
              : { stage: 'lists' },
          pulled,
        };
        await host.commit(batch, !page.nextCursor);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
    }
  }

  private async consentBatch(listId: string, members: VendorMember[]): Promise<BatchCommit> {
    const optedOut = members
      .filter((member) => CONSENT_LOCKED_STATUSES.has(member.status))
      .map((member) => ({ ...member, email: member.email.toLowerCase() }));
    const links = await this.host.loadLinks(
      listId,
      optedOut.map((member) => member.email),
    );
    const batch = emptyBatch({});
    for (const member of optedOut) {
      const link = links.get(member.email);
      // Only members the CRM put on the list are ours; the vendor's own stay private to it.
      if (!link?.emailAddressId || !link.crmModule || !link.crmId || link.vendorStatus === member.status)
        continue;
      this.host.add(batch, listId, member.email, await this.optedOut(listId, member, link));
    }
    // The CRM's data has priority: members edited at the vendor are written again by the push.
    if (!this.host.setup.overwriteVendorEdits) return batch;
    return mergeBatches(batch, await this.host.findVendorEdits(listId, members));
  }

  /** A member who unsubscribed (or was cleaned) at the vendor: never again in this list, or in any. */
  private async optedOut(listId: string, member: VendorMember, link: RecordLink): Promise<Outcome> {
    const { host } = this;
    const module = link.crmModule!;
    const everywhere =
      member.status === 'cleaned' || host.setup.settings.globalUnsubscribe?.[module] === true;
    let subscriber: CrmSubscriber | undefined;
    let change: ConsentChange | null = null;
    if (everywhere) {
      const found = (await host.crm.findByEmail(host.tenantId, member.email)).find(
        (candidate) => candidate.emailAddressId === link.emailAddressId,
      );
      subscriber = found && host.withOverlay(found);
      change = subscriber ? consentChange(member.status, link.vendorStatus, subscriber.status) : null;
      try {
        if (change && subscriber && !host.run.dryRun)
          await host.crm.setEmailStatus(host.tenantId, subscriber.emailAddressId, change.status, host.origin);
      } catch (error) {
        return host.crmFailure(listId, member.email, subscriber ?? null, error);
      }
      if (change && subscriber && host.run.dryRun) host.overlayStatus(subscriber, change.status);
    }
    const record = { module, recordId: link.crmId! };
    const list = host.listName(listId);
    const who = subscriber ? personLabel(subscriber, member.email) : member.email;
    return {
      action: 'UNSUBSCRIBE',
      link: host.linkFor(listId, member.email, link, {
        vendorId: member.vendorId || link.vendorId,
        vendorStatus: member.status,
        lastPulledAt: new Date(),
      }),
      line: {
        listId,
        crmModule: module,
        crmId: link.crmId,
        email: member.email,
        action: 'UNSUBSCRIBE',
        direction: 'TO_CRM',
        before: { vendorStatus: link.vendorStatus, ...(subscriber ? { status: subscriber.status } : {}) },
        after: { vendorStatus: member.status, ...(change ? { status: change.status } : {}) },
        rule: change
          ? `${change.rule}; closed for every list`
          : everywhere
            ? `consent: ${member.status} at the vendor; the CRM address was not active`
            : `consent: ${member.status} at the vendor, for this list only`,
        vendorResponse: null,
      },
      notices: [
        host.notice(
          'UNSUBSCRIBE',
          record,
          member.status === 'cleaned'
            ? `${who} was cleaned (bounced) from ${list}`
            : `${who} unsubscribed from ${list}`,
        ),
      ],
    };
  }

  // ------------------------------------------------------------------ 2. lists

  private async listsStage(state: SubscribersCheckpoint): Promise<void> {
    const { host } = this;
    const lists = from(this.lists, state.listId);
    for (const [index, fed] of lists.entries()) {
      const listId = fed.list.id;
      const steps = listSteps(fed, this.modules);
      const resuming = listId === state.listId && state.step !== undefined;
      const first = resuming
        ? Math.max(
            0,
            steps.findIndex((step) => stepKey(step) === state.step),
          )
        : 0;
      if (!resuming && !host.run.dryRun) {
        await this.repairList(listId);
        await host.commit(
          {
            ...emptyBatch({ subscribers: { stage: 'lists', listId } }),
            lists: [{ listId, syncInProgress: true }],
          },
          true,
        );
      }
      for (let at = first; at < steps.length; at++) {
        const step = steps[at];
        const after = resuming && at === first ? state.after : undefined;
        const checkpoint = (last?: string): BatchCommit['checkpoint'] => ({
          subscribers: { stage: 'lists', listId, step: stepKey(step), after: last },
        });
        if (step.kind === 'push') await this.pushStep(fed, step, checkpoint, after);
        else if (step.kind === 'addressless') await this.addresslessStep(listId, step, checkpoint, after);
        else await this.excludeStep(listId, step, checkpoint, after);
      }
      const next = lists[index + 1]?.list.id;
      await host.commit(
        {
          ...emptyBatch({ subscribers: next ? { stage: 'lists', listId: next } : { stage: 'done' } }),
          ...(host.run.dryRun ? {} : { lists: [{ listId, syncInProgress: false, syncedAt: new Date() }] }),
        },
        true,
      );
    }
  }

  /**
   * What someone removed at the vendor that the list's writes need (MailUp: a module's group,
   * `esclusi`) is made again first; the members who lost their place with it are written, or
   * taken off the list, again by the steps that follow.
   */
  private async repairList(listId: string): Promise<void> {
    const { connector, context } = this.host.setup;
    if (!connector.repairList) return;
    const lost = await connector.repairList(context, listId);
    await this.host.ledger.forgetVendorPlaces(this.host.tenantId, this.host.run.installationId, listId, lost);
  }

  /** The addresses the views of one module select, planned and written as a push writes them. */
  private async pushStep(
    fed: ViewFedList,
    step: ListStep,
    checkpoint: (after?: string) => BatchCommit['checkpoint'],
    after: string | undefined,
  ): Promise<void> {
    const { host } = this;
    const listId = fed.list.id;
    const statusIfNew: MemberWrite['statusIfNew'] = fed.list.doubleOptIn ? 'pending' : 'subscribed';
    await host.pushPages(
      listId,
      (afterEmailAddressId, limit) =>
        host.crm.readSubscribers(host.tenantId, step.module, {
          anyOf: step.anyOf,
          afterEmailAddressId,
          limit,
        }),
      (page) => this.planPage(listId, statusIfNew, page),
      (last) => checkpoint(last),
      after,
    );
  }

  private async planPage(
    listId: string,
    statusIfNew: MemberWrite['statusIfNew'],
    page: CrmSubscriber[],
  ): Promise<PlannedPush[]> {
    const { host } = this;
    const subscribers = page.map((subscriber) => host.withOverlay(subscriber));
    const links = await host.loadLinks(
      listId,
      subscribers.map((s) => s.email),
    );
    const planned: PlannedPush[] = [];
    for (const subscriber of subscribers) {
      const link = links.get(subscriber.email) ?? null;
      const claimed = await host.claimAddress(subscriber, link);
      // Each record with its own module's mapping (MailUp: one per entity type, seed 004).
      const map = host.map(listId, subscriber.module);
      const decision = claimed ? planListMember(subscriber, link, map, statusIfNew) : null;
      if (decision) planned.push({ subscriber, link, decision, duplicate: false });
      else {
        const rule = claimed ? INVALID_ADDRESS_RULE : duplicateRule(subscriber.email);
        planned.push({ subscriber, link, decision: { action: 'SKIP', hash: '', rule }, duplicate: true });
      }
    }
    return planned;
  }

  /** Records the views select that have no address: "discarded" with the reason (seed 004). */
  private async addresslessStep(
    listId: string,
    step: ListStep,
    checkpoint: (after?: string) => BatchCommit['checkpoint'],
    after: string | undefined,
  ): Promise<void> {
    const { host } = this;
    for (;;) {
      const recordIds = await host.crm.addresslessRecords(host.tenantId, step.module, {
        anyOf: step.anyOf,
        afterRecordId: after,
        limit: PAGE,
      });
      if (recordIds.length === 0) return;
      after = recordIds[recordIds.length - 1];
      const batch = emptyBatch(checkpoint(after));
      for (const recordId of recordIds)
        host.add(
          batch,
          listId,
          '',
          host.skip(listId, '', { module: step.module, recordId }, NO_ADDRESS_RULE, 'TO_VENDOR'),
        );
      await host.commit(batch);
      if (recordIds.length < PAGE) return;
    }
  }

  /**
   * Members of one module on the list that no view selects any more — the record left its views,
   * was deleted, or the address changed — are excluded; their links remember them as archived,
   * with no CRM hash, so they are written again as soon as a view selects them again.
   */
  private async excludeStep(
    listId: string,
    step: ListStep,
    checkpoint: (after?: string) => BatchCommit['checkpoint'],
    after: string | undefined,
  ): Promise<void> {
    const { host } = this;
    if (!host.setup.connector.removeMembers) return;
    for (;;) {
      const page = await host.ledger.linksOnList(
        host.tenantId,
        host.run.installationId,
        listId,
        step.module,
        {
          afterId: after,
          limit: PAGE,
        },
      );
      if (page.length === 0) return;
      const selected = await this.selectedAddresses(step, page);
      // A dry run sees the links as its earlier stages left them.
      const current = host.run.dryRun
        ? await host.loadLinks(
            listId,
            page.map((link) => link.email),
          )
        : null;
      const leaving = page
        .map((link) => current?.get(link.email) ?? link)
        .filter(
          (link) =>
            link.vendorId &&
            isOnList(link.vendorStatus) &&
            !(link.emailAddressId && selected.get(link.emailAddressId) === link.email),
        );
      for (let start = 0; start < leaving.length; start += host.setup.batchSize) {
        const links = leaving.slice(start, start + host.setup.batchSize);
        const results = await host.removeMembers(
          listId,
          links.map((link) => link.email),
        );
        const batch = emptyBatch(checkpoint(links[links.length - 1].id));
        links.forEach((link, index) =>
          host.add(
            batch,
            listId,
            link.email,
            host.removeOutcome(listId, link, null, EXCLUDED_RULE, results[index]),
          ),
        );
        await host.commit(batch);
      }
      after = page[page.length - 1].id;
      await host.commit(emptyBatch(checkpoint(after)));
      if (page.length < PAGE) return;
    }
  }

  /** Of these links' records, the addresses the step's views select now: address id → email. */
  private async selectedAddresses(step: ListStep, links: RecordLink[]): Promise<Map<string, string>> {
    const { host } = this;
    const recordIds = [...new Set(links.flatMap((link) => (link.crmId ? [link.crmId] : [])))];
    const selected = new Map<string, string>();
    if (step.anyOf.length === 0 || recordIds.length === 0) return selected;
    for (let after: string | undefined; ;) {
      const page = await host.crm.readSubscribers(host.tenantId, step.module, {
        recordIds,
        anyOf: step.anyOf,
        afterEmailAddressId: after,
        limit: PAGE,
      });
      page.forEach((subscriber) => selected.set(subscriber.emailAddressId, subscriber.email));
      if (page.length < PAGE) return selected;
      after = page[page.length - 1].emailAddressId;
    }
  }
}
