import { Inject, Injectable } from '@nestjs/common';
import type { TenantId } from '@crm/platform';
import type { ConnectionContext, MembersCapability } from '../contract/connector';
import type { MemberStatus } from '../contract/vendor-records';
import { CRM_SYNC_PORT, CrmPerson, CrmSyncPort, PeopleViewModule } from '../engine/crm-sync.port';
import { RecipientPlan, usableEmails } from './recipient-plan';

/** Contacts read from the CRM per page. */
const PEOPLE_PAGE = 1000;
/** Members read from the vendor per call (Mailchimp's most). */
const MEMBER_PAGE = 1000;
/** A connector that hands back the cursor it was given would loop for ever. */
const MAX_MEMBER_PAGES = 100_000;

export interface ViewSelection {
  module: PeopleViewModule;
  filter: unknown;
}

/**
 * Works out who a campaign sent from a saved view reaches: the view's people from the CRM, then
 * their addresses' member statuses read from the campaign's audience at the vendor (through the
 * installation's connection context and budget), so the answer is the vendor's as it is now,
 * not as the last sync saw it.
 */
@Injectable()
export class RecipientPlanner {
  constructor(@Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort) {}

  async plan(
    tenantId: TenantId,
    view: ViewSelection,
    members: MembersCapability,
    context: ConnectionContext,
    listId: string,
  ): Promise<RecipientPlan> {
    const people = await this.people(tenantId, view);
    const wanted = new Set(people.flatMap(usableEmails));
    const statuses = await this.memberStatuses(members, context, listId, wanted);
    const plan = new RecipientPlan();
    for (const person of people) plan.add(person, (email) => statuses.get(email));
    return plan;
  }

  private async people(tenantId: TenantId, view: ViewSelection): Promise<CrmPerson[]> {
    const all: CrmPerson[] = [];
    for (let after: string | undefined; ;) {
      const page = await this.crm.readViewPeople(tenantId, view.module, {
        filter: view.filter,
        afterRecordId: after,
        limit: PEOPLE_PAGE,
      });
      all.push(...page);
      if (page.length < PEOPLE_PAGE) return all;
      after = page[page.length - 1].recordId;
    }
  }

  /** Statuses of the wanted addresses only (memory follows the view, not the audience). */
  private async memberStatuses(
    members: MembersCapability,
    context: ConnectionContext,
    listId: string,
    wanted: Set<string>,
  ): Promise<Map<string, MemberStatus>> {
    const statuses = new Map<string, MemberStatus>();
    let cursor: string | undefined;
    for (let pages = 0; wanted.size > statuses.size && pages < MAX_MEMBER_PAGES; pages++) {
      const page = await members.readMembers(context, listId, { cursor, pageSize: MEMBER_PAGE });
      for (const member of page.members) {
        const email = member.email.trim().toLowerCase();
        if (wanted.has(email)) statuses.set(email, member.status);
      }
      if (!page.nextCursor || page.nextCursor === cursor) break;
      cursor = page.nextCursor;
    }
    return statuses;
  }
}
