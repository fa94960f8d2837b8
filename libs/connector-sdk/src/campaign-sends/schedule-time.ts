const MINUTE_MS = 60_000;

/**
 * Why a requested schedule time cannot be used, or undefined when it can: it must be in the
 * future, and on the vendor's step when it has one (Mailchimp: every 15 minutes past the hour).
 */
export function scheduleTimeProblem(
  at: Date,
  stepMinutes: number | undefined,
  now: Date,
): string | undefined {
  if (Number.isNaN(at.getTime())) return 'must be an ISO 8601 date and time';
  if (at.getTime() <= now.getTime()) return 'must be in the future';
  if (stepMinutes && at.getTime() % (stepMinutes * MINUTE_MS) !== 0) {
    const marks = Array.from(
      { length: Math.ceil(60 / stepMinutes) },
      (_, i) => `:${String(i * stepMinutes).padStart(2, '0')}`,
    );
    return `must fall on ${marks.join(', ')} past the hour, with no seconds`;
  }
  return undefined;
}
