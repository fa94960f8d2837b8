import type { ConnectorManifest } from '../contract/manifest';
import { fakeManifest } from '../testing/fake.connector';
import { jobScheduleProblems, jobSchedules } from './job-schedules';
import { scheduleSlot } from './schedule-slot';

/** Seed 004's MailUp: lists and messages hourly, subscribers daily, sends and statistics daily. */
const mailUpLike: ConnectorManifest = {
  ...fakeManifest,
  name: 'MailUp-like',
  capabilities: [...fakeManifest.capabilities, 'campaigns', 'linkClicks'],
  jobs: [
    { kind: 'LISTS', every: 'hourly' },
    { kind: 'CAMPAIGNS', every: 'hourly' },
    { kind: 'SUBSCRIBERS', every: 'daily' },
    { kind: 'CAMPAIGN_ACTIVITY', every: 'daily' },
  ],
};
const shop: ConnectorManifest = {
  ...fakeManifest,
  name: 'Shop',
  capabilities: [...fakeManifest.capabilities, 'campaigns', 'ecommerceCarts'],
};

describe('jobSchedules', () => {
  it('runs the connector’s jobs at their defaults, and the sync as the wizard’s schedule says', () => {
    expect(jobSchedules(mailUpLike, { schedule: 'off' })).toEqual([
      { kind: 'SYNC', every: 'off', defaultEvery: 'off' },
      { kind: 'LISTS', every: 'hourly', defaultEvery: 'hourly' },
      { kind: 'CAMPAIGNS', every: 'hourly', defaultEvery: 'hourly' },
      { kind: 'SUBSCRIBERS', every: 'daily', defaultEvery: 'daily' },
      { kind: 'CAMPAIGN_ACTIVITY', every: 'daily', defaultEvery: 'daily' },
    ]);
  });

  it('takes the settings’ overrides, off included', () => {
    const jobs = jobSchedules(mailUpLike, {
      schedule: 'weekly',
      schedules: { CAMPAIGNS: 'daily', LISTS: 'off' },
    });
    expect(jobs.map((job) => [job.kind, job.every])).toEqual([
      ['SYNC', 'weekly'],
      ['LISTS', 'off'],
      ['CAMPAIGNS', 'daily'],
      ['SUBSCRIBERS', 'daily'],
      ['CAMPAIGN_ACTIVITY', 'daily'],
    ]);
  });

  it('gives a connector that declares no jobs the hourly campaign and cart imports its capabilities allow', () => {
    expect(jobSchedules(shop, { schedule: 'hourly' }).map((job) => [job.kind, job.every])).toEqual([
      ['SYNC', 'hourly'],
      ['CAMPAIGNS', 'hourly'],
      ['CARTS', 'hourly'],
    ]);
    expect(jobSchedules(fakeManifest, { schedule: 'daily' }).map((job) => job.kind)).toEqual(['SYNC']);
  });
});

describe('jobScheduleProblems', () => {
  it('accepts the connector’s jobs at any frequency or off', () => {
    expect(jobScheduleProblems({ CAMPAIGNS: 'weekly', CAMPAIGN_ACTIVITY: 'off' }, mailUpLike)).toEqual([]);
  });

  it('names each bad entry and says why', () => {
    expect(
      jobScheduleProblems(
        { SYNC: 'daily', CARTS: 'hourly', NIGHTLY: 'daily', CAMPAIGNS: 'every minute', LISTS: 3 },
        mailUpLike,
      ),
    ).toEqual([
      { field: 'schedules.SYNC', reason: 'the sync runs as `schedule` says; set that instead' },
      {
        field: 'schedules.CARTS',
        reason: 'MailUp-like has no CARTS job; its jobs are LISTS, CAMPAIGNS, SUBSCRIBERS, CAMPAIGN_ACTIVITY',
      },
      {
        field: 'schedules.NIGHTLY',
        reason: 'NIGHTLY is not a job; its jobs are LISTS, CAMPAIGNS, SUBSCRIBERS, CAMPAIGN_ACTIVITY',
      },
      { field: 'schedules.CAMPAIGNS', reason: 'must be one of off, hourly, daily, weekly' },
      { field: 'schedules.LISTS', reason: 'must be one of off, hourly, daily, weekly' },
    ]);
    expect(jobScheduleProblems({ CAMPAIGNS: 'daily' }, fakeManifest)).toEqual([
      {
        field: 'schedules.CAMPAIGNS',
        reason: 'Fake Mail has no CAMPAIGNS job; it has no jobs besides the sync',
      },
    ]);
  });
});

describe('scheduleSlot', () => {
  const at = new Date('2026-11-26T17:40:00Z');

  it('names one slot per hour, day or week (weeks start on Monday, UTC)', () => {
    expect(scheduleSlot('hourly', at)).toBe('2026-11-26T17');
    expect(scheduleSlot('daily', at)).toBe('2026-11-26');
    expect(scheduleSlot('weekly', at)).toBe('W2026-11-23');
    expect(scheduleSlot('weekly', new Date('2026-11-29T23:59:00Z'))).toBe('W2026-11-23');
  });
});
