import { Injectable } from '@nestjs/common';
import { FieldProblem, ValidationFailedError } from '@crm/platform';
import type { Actor } from '../access/actor';
import { ActivitiesService, ActivityView, MAX_ACTIVITY_LINKS } from '../activities/activities.service';
import { ContactsService } from '../records/contacts.service';
import { LeadsService } from '../records/leads.service';
import { OrganizationsService } from '../records/organizations.service';
import type { ClickerModule } from './campaign.entities';
import {
  CampaignClickersService,
  CLICKER_REJECTIONS,
  ClickerSelection,
  RejectedClicker,
  ResolvedSelection,
} from './campaign-clickers.service';

/** The parts of a record a mass edit may not replace: each record's own lists. */
const NOT_MASS_EDITABLE = ['emails', 'tags'] as const;
/** A calendar event given no end lasts this long. */
export const CLICKER_EVENT_DEFAULT_MINUTES = 60;

export interface ClickerMassEditResult {
  module: ClickerModule;
  /** The records the change was applied to. */
  edited: string[];
  rejected: RejectedClicker[];
}

export interface ClickerEventInput {
  subject: string;
  startsAt: Date;
  endsAt?: Date | null;
  description?: string | null;
}

export interface ClickerEventResult {
  module: ClickerModule;
  /** The calendar event, linked to every record in `linked`. */
  activity: ActivityView;
  linked: string[];
  rejected: RejectedClicker[];
}

/** How the activity's fields are named in the event request. */
const EVENT_FIELDS: Record<string, string> = {
  occurredAt: 'startsAt',
  body: 'description',
  links: 'recordIds',
};

/**
 * Mass actions on a link's clickers (seed 004): edit fields of the selected records, or put one
 * calendar event on all their timelines — to mark the people who clicked a targeted link and
 * plan calls back. Both go through the CRM's own services, so a mass edit validates and records
 * its changes exactly as editing each record does, and the event is an ordinary activity.
 */
@Injectable()
export class ClickerActionsService {
  constructor(
    private readonly clickers: CampaignClickersService,
    private readonly activities: ActivitiesService,
    private readonly leads: LeadsService,
    private readonly organizations: OrganizationsService,
    private readonly contacts: ContactsService,
  ) {}

  /**
   * Applies `fields` (the module's update fields, custom fields under `custom`) to the selected
   * clickers in one transaction: a field any record rejects fails the whole edit, naming it.
   */
  async massEdit(
    actor: Actor,
    campaignId: string,
    linkId: string,
    selection: ClickerSelection,
    fields: Record<string, unknown>,
  ): Promise<ClickerMassEditResult> {
    if (Object.keys(fields).length === 0)
      throw ValidationFailedError.field('fields', 'give at least one field to change');
    const fixed = NOT_MASS_EDITABLE.filter((name) => name in fields);
    if (fixed.length)
      throw new ValidationFailedError(
        fixed.map((name) => ({ field: `fields.${name}`, reason: 'cannot be changed by a mass edit' })),
      );
    const resolved = await this.clickers.resolveSelection(actor, campaignId, linkId, selection);
    const result = await renamingProblems(
      (field) => `fields.${field}`,
      () =>
        this.recordService(resolved.module).bulk(actor, {
          action: 'update',
          ids: resolved.recordIds,
          changes: fields,
        }),
    );
    const missed = new Set(result.notFound);
    return {
      module: resolved.module,
      edited: resolved.recordIds.filter((id) => !missed.has(id)),
      rejected: [
        ...resolved.rejected,
        ...result.notFound.map((recordId) => ({ recordId, reason: CLICKER_REJECTIONS.notFound })),
      ],
    };
  }

  /** One calendar event linked to each selected clicker, on their timelines. */
  async createEvent(
    actor: Actor,
    campaignId: string,
    linkId: string,
    selection: ClickerSelection,
    event: ClickerEventInput,
  ): Promise<ClickerEventResult> {
    const resolved = await this.clickers.resolveSelection(actor, campaignId, linkId, selection);
    if (resolved.recordIds.length > MAX_ACTIVITY_LINKS)
      throw ValidationFailedError.field(
        selection.all ? 'all' : 'recordIds',
        `an event links at most ${MAX_ACTIVITY_LINKS} records; ${resolved.recordIds.length} selected`,
      );
    const activity = await renamingProblems(
      (field) => EVENT_FIELDS[field.split('.')[0]] ?? field,
      () =>
        this.activities.create(actor, {
          type: 'CALENDAR_EVENT',
          subject: event.subject,
          body: event.description ?? null,
          occurredAt: event.startsAt,
          endsAt: event.endsAt ?? defaultEnd(event.startsAt),
          links: resolved.recordIds.map((recordId) => ({ module: resolved.module, recordId })),
          meta: eventMeta(campaignId, resolved),
        }),
    );
    return { module: resolved.module, activity, linked: resolved.recordIds, rejected: resolved.rejected };
  }

  private recordService(module: ClickerModule): LeadsService | OrganizationsService | ContactsService {
    return { leads: this.leads, organizations: this.organizations, contacts: this.contacts }[module];
  }
}

/** Runs `work`, naming its field problems as the request names the fields. */
async function renamingProblems<T>(rename: (field: string) => string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof ValidationFailedError)) throw error;
    throw new ValidationFailedError(
      error.problems.map((problem): FieldProblem => ({ ...problem, field: rename(problem.field) })),
    );
  }
}

function defaultEnd(startsAt: Date): Date | null {
  const start = startsAt instanceof Date ? startsAt.getTime() : Number.NaN;
  return Number.isNaN(start) ? null : new Date(start + CLICKER_EVENT_DEFAULT_MINUTES * 60_000);
}

/** Where the event came from, so its timeline entry can lead back to the campaign and link. */
function eventMeta(campaignId: string, resolved: ResolvedSelection): Record<string, unknown> {
  return { campaignId, campaignLinkId: resolved.link.id, url: resolved.link.url.slice(0, 2048) };
}
