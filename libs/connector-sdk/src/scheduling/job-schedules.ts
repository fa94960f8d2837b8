import type { FieldProblem } from '@crm/platform';
import {
  SCHEDULE_FREQUENCIES,
  SCHEDULED_JOB_KINDS,
  type ConnectorManifest,
  type ScheduleFrequency,
  type ScheduledJobKind,
  type ScheduledJobSpec,
} from '../contract/manifest';
import type { SyncSettingsData } from '../settings/sync-settings.types';

export const JOB_FREQUENCIES = ['off', ...SCHEDULE_FREQUENCIES] as const;
export type JobFrequency = (typeof JOB_FREQUENCIES)[number];

/** Per job kind, the frequency an admin chose over the connector's default (settings `schedules`). */
export type JobScheduleOverrides = Partial<Record<Exclude<ScheduledJobKind, 'SYNC'>, JobFrequency>>;

/** A job of an installation: how often it runs, and how often the connector would run it. */
export interface JobSchedule {
  kind: ScheduledJobKind;
  every: JobFrequency;
  defaultEvery: JobFrequency;
}

/** A connector without `jobs` in its manifest: the hourly imports it had before jobs were declared. */
function derivedJobs(manifest: Pick<ConnectorManifest, 'capabilities'>): ScheduledJobSpec[] {
  const jobs: ScheduledJobSpec[] = [];
  if (manifest.capabilities.includes('campaigns')) jobs.push({ kind: 'CAMPAIGNS', every: 'hourly' });
  if (manifest.capabilities.includes('ecommerceCarts')) jobs.push({ kind: 'CARTS', every: 'hourly' });
  return jobs;
}

/** The jobs besides the sync that a connector has scheduled, with their default frequencies. */
export const connectorJobs = (
  manifest: Pick<ConnectorManifest, 'capabilities' | 'jobs'>,
): ScheduledJobSpec[] => manifest.jobs ?? derivedJobs(manifest);

/**
 * Every scheduled job of an installation and how often it runs: the sync (for connectors that
 * sync members) as the wizard's `schedule` says, then the connector's jobs as `schedules`
 * overrides them, else as the manifest says.
 */
export function jobSchedules(
  manifest: Pick<ConnectorManifest, 'capabilities' | 'jobs'>,
  settings: Pick<SyncSettingsData, 'schedule' | 'schedules'>,
): JobSchedule[] {
  const sync: JobSchedule[] = manifest.capabilities.includes('members')
    ? [{ kind: 'SYNC', every: settings.schedule, defaultEvery: 'off' }]
    : [];
  return [
    ...sync,
    ...connectorJobs(manifest).map((job) => ({
      kind: job.kind,
      every: settings.schedules?.[job.kind] ?? job.every,
      defaultEvery: job.every,
    })),
  ];
}

/** What is wrong with `schedules` overrides; each problem names `schedules.<KIND>`. */
export function jobScheduleProblems(
  overrides: Readonly<Record<string, unknown>>,
  manifest: Pick<ConnectorManifest, 'name' | 'capabilities' | 'jobs'>,
): FieldProblem[] {
  const kinds = connectorJobs(manifest).map((job) => job.kind);
  const offered = kinds.length ? `its jobs are ${kinds.join(', ')}` : 'it has no jobs besides the sync';
  const problems: FieldProblem[] = [];
  for (const [kind, every] of Object.entries(overrides)) {
    const field = `schedules.${kind}`;
    if (kind === 'SYNC')
      problems.push({ field, reason: 'the sync runs as `schedule` says; set that instead' });
    else if (!kinds.includes(kind as ScheduledJobSpec['kind'])) {
      const known = (SCHEDULED_JOB_KINDS as readonly string[]).includes(kind);
      const what = known ? `${manifest.name} has no ${kind} job` : `${kind} is not a job`;
      problems.push({ field, reason: `${what}; ${offered}` });
    } else if (!(JOB_FREQUENCIES as readonly unknown[]).includes(every))
      problems.push({ field, reason: `must be one of ${JOB_FREQUENCIES.join(', ')}` });
  }
  return problems;
}

/** Frequencies that schedule something (`off` does not). */
export const isScheduled = (every: JobFrequency): every is ScheduleFrequency => every !== 'off';
