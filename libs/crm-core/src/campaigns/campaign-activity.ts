import { createHash } from 'node:crypto';
import type { CampaignEvent, CampaignEventType, CampaignFigures } from './campaign.entities';

/** A recipient keeps its newest events up to this many; its counts cover every event seen. */
export const CAMPAIGN_EVENTS_KEPT = 200;
const SUBJECT_MAX = 255;
const INT_MAX = 2_147_483_647;
const BODY_EVENTS = 20;

export interface RecipientCounts {
  sent: number;
  opened: number;
  clicked: number;
  bounced: number;
  unsubscribed: number;
}

export interface MergedRecipientActivity {
  events: CampaignEvent[];
  counts: RecipientCounts;
  lastEventAt: Date | null;
}

const eventKey = (event: CampaignEvent): string => `${event.type}|${event.at}|${event.url ?? ''}`;

/** Events as stored: instants in ISO-8601 UTC, no empty urls, oldest first (invalid times dropped). */
export function normalizeEvents(
  events: ReadonlyArray<{ type: CampaignEventType; at: Date | string; url?: string | null }>,
): CampaignEvent[] {
  const normalized: CampaignEvent[] = [];
  for (const event of events) {
    const at = new Date(event.at);
    if (Number.isNaN(at.getTime())) continue;
    normalized.push(
      event.url
        ? { type: event.type, at: at.toISOString(), url: event.url }
        : { type: event.type, at: at.toISOString() },
    );
  }
  return normalized.sort((a, b) => a.at.localeCompare(b.at) || eventKey(a).localeCompare(eventKey(b)));
}

/**
 * Adds what the vendor reports now to what was stored before. The vendor's activity only grows,
 * so their union is what happened: each distinct event (kind, time, url) as many times as the
 * larger side has it — two opens in the same second stay two, and reading the same activity again
 * changes nothing. It also gathers the activity of a record reached at two of its addresses.
 */
export function mergeRecipientEvents(
  stored: readonly CampaignEvent[],
  incoming: readonly CampaignEvent[],
  keep = CAMPAIGN_EVENTS_KEPT,
): MergedRecipientActivity {
  const multiplicities = (events: readonly CampaignEvent[]) => {
    const byKey = new Map<string, { event: CampaignEvent; times: number }>();
    for (const event of normalizeEvents(events)) {
      const entry = byKey.get(eventKey(event));
      if (entry) entry.times += 1;
      else byKey.set(eventKey(event), { event, times: 1 });
    }
    return byKey;
  };
  const union = multiplicities(stored);
  for (const [key, entry] of multiplicities(incoming)) {
    const known = union.get(key);
    if (!known || known.times < entry.times) union.set(key, entry);
  }
  const all = normalizeEvents(
    [...union.values()].flatMap(({ event, times }) => Array.from({ length: times }, () => event)),
  );
  const counts = countEvents(all);
  const events = all.length > keep ? all.slice(all.length - keep) : all;
  return { events, counts, lastEventAt: all.length ? new Date(all[all.length - 1].at) : null };
}

/**
 * Counts per kind. A recipient the vendor lists was sent the campaign even when it reports no
 * explicit `sent` event (some platforms report only opens, clicks and bounces).
 */
export function countEvents(events: readonly CampaignEvent[]): RecipientCounts {
  const of = (type: CampaignEventType) => events.filter((event) => event.type === type).length;
  return {
    sent: Math.max(1, of('sent')),
    opened: of('open'),
    clicked: of('click'),
    bounced: of('bounce'),
    unsubscribed: of('unsubscribe'),
  };
}

export function sameCounts(a: RecipientCounts, b: RecipientCounts): boolean {
  return (
    a.sent === b.sent &&
    a.opened === b.opened &&
    a.clicked === b.clicked &&
    a.bounced === b.bounced &&
    a.unsubscribed === b.unsubscribed
  );
}

export function sameEvents(a: readonly CampaignEvent[], b: readonly CampaignEvent[]): boolean {
  return a.length === b.length && a.every((event, index) => eventKey(event) === eventKey(b[index]));
}

/** The timeline line: `Campaign "Spring sale": sent, opened 2×, clicked 1×`. */
export function timelineSubject(campaignName: string, counts: RecipientCounts): string {
  const parts = ['sent'];
  if (counts.opened) parts.push(`opened ${counts.opened}×`);
  if (counts.clicked) parts.push(`clicked ${counts.clicked}×`);
  if (counts.bounced) parts.push('bounced');
  if (counts.unsubscribed) parts.push('unsubscribed');
  const tail = `": ${parts.join(', ')}`;
  const room = SUBJECT_MAX - 'Campaign "'.length - tail.length;
  const name = campaignName.length > room ? `${campaignName.slice(0, Math.max(0, room - 1))}…` : campaignName;
  return `Campaign "${name}${tail}`;
}

/** The timeline entry's body: the newest events, one a line. */
export function timelineBody(events: readonly CampaignEvent[]): string | null {
  if (events.length === 0) return null;
  return events
    .slice(-BODY_EVENTS)
    .reverse()
    .map((event) => `${event.at} ${event.type}${event.url ? ` ${event.url.slice(0, 300)}` : ''}`)
    .join('\n');
}

/** Identifies a report: equal figures, equal hash. */
export function figuresHash(figures: CampaignFigures): string {
  const ordered = [
    figures.recipients,
    figures.opens,
    figures.uniqueOpens,
    figures.clicks,
    figures.uniqueClicks,
    figures.bounces,
    figures.unsubscribes,
  ];
  return createHash('sha256').update(ordered.join(':')).digest('hex');
}

/** A vendor's count as an int column holds it: invalid or negative reads as 0, huge ones are capped. */
export function storedCount(value: number): number {
  return Number.isSafeInteger(value) && value > 0 ? Math.min(value, INT_MAX) : 0;
}
