import type { ScheduleFrequency } from '../contract/manifest';

/** The time slot a scheduled job belongs to: one run per slot, whichever worker claims it. */
export function scheduleSlot(frequency: ScheduleFrequency, at: Date): string {
  const iso = at.toISOString();
  if (frequency === 'hourly') return iso.slice(0, 13);
  if (frequency === 'daily') return iso.slice(0, 10);
  // Weekly: the Monday (UTC) starting the week.
  const monday = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
  monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
  return `W${monday.toISOString().slice(0, 10)}`;
}
