import {
  countEvents,
  figuresHash,
  mergeRecipientEvents,
  normalizeEvents,
  timelineBody,
  timelineSubject,
} from './campaign-activity';
import type { CampaignEvent } from './campaign.entities';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 10, minute)).toISOString();
const sent: CampaignEvent = { type: 'sent', at: at(0) };
const open1: CampaignEvent = { type: 'open', at: at(5) };
const open2: CampaignEvent = { type: 'open', at: at(9) };
const click: CampaignEvent = { type: 'click', at: at(6), url: 'https://shop.example/a' };

describe('campaign activity', () => {
  it('normalizes events: UTC instants, oldest first, invalid times dropped, empty urls left out', () => {
    expect(
      normalizeEvents([
        { type: 'open', at: new Date(at(9)) },
        { type: 'click', at: at(6), url: '' },
        { type: 'sent', at: 'not a date' },
        { type: 'sent', at: at(0), url: null },
      ]),
    ).toEqual(
      [{ type: 'click', at: at(6) }, open2, { type: 'sent', at: at(0) }].sort((a, b) =>
        a.at.localeCompare(b.at),
      ),
    );
  });

  it('merges as a union: reading the same activity again changes nothing', () => {
    const first = mergeRecipientEvents([], [sent, open1, click]);
    expect(first.counts).toEqual({ sent: 1, opened: 1, clicked: 1, bounced: 0, unsubscribed: 0 });
    expect(first.lastEventAt).toEqual(new Date(at(6)));

    const again = mergeRecipientEvents(first.events, [click, open1, sent]);
    expect(again).toEqual(first);

    const grown = mergeRecipientEvents(first.events, [sent, open1, click, open2]);
    expect(grown.counts.opened).toBe(2);
    expect(grown.events.map((event) => event.type)).toEqual(['sent', 'open', 'click', 'open']);
  });

  it('keeps two identical events when the vendor reports two (the larger side wins, not the sum)', () => {
    const twice = mergeRecipientEvents([], [sent, open1, open1]);
    expect(twice.counts.opened).toBe(2);
    expect(mergeRecipientEvents(twice.events, [sent, open1]).counts.opened).toBe(2);
    expect(mergeRecipientEvents(twice.events, [sent, open1, open1, open1]).counts.opened).toBe(3);
  });

  it('gathers the activity of one record reached at two addresses', () => {
    const first = mergeRecipientEvents([], [sent, open1]);
    const both = mergeRecipientEvents(first.events, [{ type: 'sent', at: at(1) }, click]);
    expect(both.counts).toMatchObject({ sent: 2, opened: 1, clicked: 1 });
  });

  it('keeps only the newest events but counts them all, and stays stable when read again', () => {
    const opens = Array.from({ length: 8 }, (_, i): CampaignEvent => ({ type: 'open', at: at(10 + i) }));
    const merged = mergeRecipientEvents([], [sent, ...opens], 5);
    expect(merged.events).toHaveLength(5);
    expect(merged.events[0].at).toBe(at(13));
    expect(merged.counts.opened).toBe(8);
    expect(mergeRecipientEvents(merged.events, [sent, ...opens], 5)).toEqual(merged);
  });

  it('counts a listed recipient as sent even without a sent event', () => {
    expect(countEvents([{ type: 'bounce', at: at(1) }])).toEqual({
      sent: 1,
      opened: 0,
      clicked: 0,
      bounced: 1,
      unsubscribed: 0,
    });
  });

  it('says on the timeline what happened, within the subject’s 255 characters', () => {
    expect(
      timelineSubject('Spring sale', { sent: 1, opened: 2, clicked: 1, bounced: 0, unsubscribed: 1 }),
    ).toBe('Campaign "Spring sale": sent, opened 2×, clicked 1×, unsubscribed');
    const long = timelineSubject('x'.repeat(400), {
      sent: 1,
      opened: 0,
      clicked: 0,
      bounced: 1,
      unsubscribed: 0,
    });
    expect(long).toHaveLength(255);
    expect(long.endsWith('…": sent, bounced')).toBe(true);
    expect(timelineBody([sent, click])).toBe(`${at(6)} click https://shop.example/a\n${at(0)} sent`);
    expect(timelineBody([])).toBeNull();
  });

  it('hashes report figures so equal figures compare equal', () => {
    const figures = {
      recipients: 4,
      opens: 4,
      uniqueOpens: 3,
      clicks: 1,
      uniqueClicks: 1,
      bounces: 1,
      unsubscribes: 0,
    };
    expect(figuresHash({ ...figures })).toBe(figuresHash(figures));
    expect(figuresHash({ ...figures, opens: 5 })).not.toBe(figuresHash(figures));
  });
});
