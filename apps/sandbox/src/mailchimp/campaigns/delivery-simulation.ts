import type { SandboxContext } from '../context';
import { Audience, Member, now, SandboxAccount } from '../state';
import { reportFigures } from './campaign-report';
import {
  Campaign,
  campaignList,
  CampaignRecipient,
  CampaignReportData,
  campaignTitle,
  RecipientAction,
} from './campaign.model';
import { pick, Random, seededRandom } from './seeded-random';

/**
 * What recipients do with a sent campaign, simulated from a seeded generator so a given seed
 * always tells the same story: bounces (a hard one cleans the contact), opens (some repeated),
 * clicks on the campaign's real links, unsubscribes. Every action lands in the report data and
 * in the member's activity; status changes are announced as list events with source `user`,
 * as Mailchimp's webhooks report them.
 *
 * Each call is one wave of activity, timestamped when it is simulated: a wave never lands
 * before a moment someone already looked, so incremental reads (`since`, `since_last_changed`)
 * see it as they would see real activity. Bounces happen in the first wave only.
 */

export interface DeliveryRates {
  /** Share of delivered recipients who open. */
  openRate: number;
  /** Share of delivered recipients who click (clickers also open). */
  clickRate: number;
  bounceRate: number;
  unsubscribeRate: number;
}

export const DEFAULT_RATES: DeliveryRates = {
  openRate: 0.4,
  clickRate: 0.1,
  bounceRate: 0.02,
  unsubscribeRate: 0.01,
};

/** Half the bounces are hard (the address does not exist), half soft (mailbox full…). */
const HARD_BOUNCE_SHARE = 0.5;
/** Chance of one more open, or one more click, after each one (capped). */
const REPEAT_OPEN = 0.35;
const REPEAT_CLICK = 0.3;
const MAX_OPENS = 6;
const MAX_CLICKS = 4;
/** The choices of Mailchimp's unsubscribe survey. */
const UNSUBSCRIBE_REASONS = [
  'I no longer want to receive these emails',
  'I never signed up for this mailing list',
  'The emails are inappropriate',
  'The emails are spam and should be reported',
  'Other',
];

interface Wave {
  random: Random;
  rates: DeliveryRates;
  links: CampaignReportData['links'];
  first: boolean;
  at: string;
}

/** What one recipient does in a wave. */
interface Outcome {
  bounce?: 'hard' | 'soft';
  opens: number;
  clicks: CampaignReportData['links'];
  unsubscribeReason?: string;
}

const repeats = (random: Random, chance: number, max: number) => {
  let count = 1;
  while (count < max && random() < chance) count++;
  return count;
};

function drawOutcome(wave: Wave): Outcome {
  const { random, rates, links } = wave;
  if (wave.first && random() < rates.bounceRate)
    return { bounce: random() < HARD_BOUNCE_SHARE ? 'hard' : 'soft', opens: 0, clicks: [] };
  const outcome: Outcome = { opens: 0, clicks: [] };
  if (random() < rates.openRate) {
    outcome.opens = repeats(random, REPEAT_OPEN, MAX_OPENS);
    const clickGivenOpen = Math.min(1, rates.clickRate / rates.openRate);
    if (links.length && random() < clickGivenOpen)
      outcome.clicks = Array.from({ length: repeats(random, REPEAT_CLICK, MAX_CLICKS) }, () =>
        pick(random, links),
      );
  }
  if (random() < rates.unsubscribeRate) outcome.unsubscribeReason = pick(random, UNSUBSCRIBE_REASONS);
  return outcome;
}

/** The report side: the actions tracking records (opens and clicks only when tracked). */
function recordActions(campaign: Campaign, recipient: CampaignRecipient, outcome: Outcome, at: string): void {
  const ip =
    recipient.activity[0]?.ip ?? `198.51.100.${1 + (parseInt(recipient.email_id.slice(0, 2), 16) % 254)}`;
  const actions: RecipientAction[] = [];
  if (outcome.bounce) {
    recipient.status = outcome.bounce;
    actions.push({ action: 'bounce', type: outcome.bounce, timestamp: at, ip });
  }
  if (campaign.tracking.opens)
    for (let n = 0; n < outcome.opens; n++) actions.push({ action: 'open', timestamp: at, ip });
  const clicksTracked =
    campaign.type === 'plaintext' ? campaign.tracking.text_clicks : campaign.tracking.html_clicks;
  if (clicksTracked)
    for (const link of outcome.clicks)
      actions.push({ action: 'click', timestamp: at, url: link.url, link_id: link.id, ip });
  recipient.activity.push(...actions);
}

/** The member side: activity rows, then status changes announced as list events. */
function applyToMember(
  context: SandboxContext,
  account: SandboxAccount,
  list: Audience,
  member: Member,
  campaign: Campaign,
  recipient: CampaignRecipient,
  newActions: RecipientAction[],
  unsubscribes: boolean,
): void {
  const rows = { campaign_id: campaign.id, title: campaignTitle(campaign) };
  for (const action of newActions)
    member.activity.push({
      action: action.action,
      timestamp: action.timestamp,
      ...(action.type ? { type: action.type } : {}),
      ...(action.url ? { url: action.url } : {}),
      ...rows,
    });
  const event = { account, list, member, source: 'user' as const };
  if (newActions.some((a) => a.type === 'hard') && member.status === 'subscribed') {
    member.status = 'cleaned';
    member.statusSource = 'user';
    member.last_changed = newActions[0].timestamp;
    context.emit({ ...event, type: 'cleaned', data: { reason: 'hard', campaign_id: campaign.id } });
  }
  const unsubscribe = recipient.unsubscribe;
  if (!unsubscribes || !unsubscribe) return;
  member.activity.push({ action: 'unsub', timestamp: unsubscribe.timestamp, ...rows });
  member.status = 'unsubscribed';
  member.statusSource = 'user';
  member.unsubscribe_reason = unsubscribe.reason;
  member.last_changed = unsubscribe.timestamp;
  context.emit({
    ...event,
    type: 'unsubscribe',
    data: { action: 'unsub', reason: 'manual', campaign_id: campaign.id },
  });
}

/** Simulates one wave of activity over every recipient of a sent campaign; returns the figures. */
export function simulateDelivery(
  context: SandboxContext,
  account: SandboxAccount,
  campaign: Campaign,
  report: CampaignReportData,
  options: { seed: number | string; rates: DeliveryRates },
) {
  const wave: Wave = {
    random: seededRandom(options.seed),
    rates: options.rates,
    links: report.links,
    first: report.waves.length === 0,
    at: now(),
  };
  const list = campaignList(account, campaign);
  for (const recipient of report.recipients) {
    // A bounced address received nothing: nothing more can happen with it.
    if (recipient.status !== 'sent') continue;
    const outcome = drawOutcome(wave);
    const before = recipient.activity.length;
    recordActions(campaign, recipient, outcome, wave.at);
    const member = list?.members[recipient.email_id];
    // Only a contact still subscribed can unsubscribe (once).
    const unsubscribes =
      !!outcome.unsubscribeReason && member?.status === 'subscribed' && !recipient.unsubscribe;
    if (unsubscribes) recipient.unsubscribe = { timestamp: wave.at, reason: outcome.unsubscribeReason! };
    if (list && member)
      applyToMember(
        context,
        account,
        list,
        member,
        campaign,
        recipient,
        recipient.activity.slice(before),
        unsubscribes,
      );
  }
  report.waves.push({ seed: options.seed, at: wave.at });
  return reportFigures(report);
}
