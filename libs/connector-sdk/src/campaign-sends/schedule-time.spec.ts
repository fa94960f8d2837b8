import { scheduleTimeProblem } from './schedule-time';

describe('schedule time', () => {
  const now = new Date('2026-05-04T10:07:30Z');

  it('accepts a future time on the step', () => {
    expect(scheduleTimeProblem(new Date('2026-05-04T10:15:00Z'), 15, now)).toBeUndefined();
    expect(scheduleTimeProblem(new Date('2026-05-05T00:00:00+02:00'), 15, now)).toBeUndefined();
    expect(scheduleTimeProblem(new Date('2026-05-04T10:08:00Z'), undefined, now)).toBeUndefined();
  });

  it('refuses the past and now', () => {
    expect(scheduleTimeProblem(new Date('2026-05-04T10:00:00Z'), 15, now)).toBe('must be in the future');
    expect(scheduleTimeProblem(now, undefined, now)).toBe('must be in the future');
  });

  it('refuses a time off the step, or with seconds, naming the marks', () => {
    expect(scheduleTimeProblem(new Date('2026-05-04T10:20:00Z'), 15, now)).toBe(
      'must fall on :00, :15, :30, :45 past the hour, with no seconds',
    );
    expect(scheduleTimeProblem(new Date('2026-05-04T10:30:30Z'), 15, now)).toMatch(/no seconds/);
  });

  it('refuses an invalid date', () => {
    expect(scheduleTimeProblem(new Date('nonsense'), 15, now)).toMatch(/ISO 8601/);
  });
});
