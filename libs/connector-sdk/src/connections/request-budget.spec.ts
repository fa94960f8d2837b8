import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import { AccountBudget } from './request-budget';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AccountBudget', () => {
  it('never has more calls in flight than the vendor allows', async () => {
    const budget = new AccountBudget({ maxConcurrent: 3 });
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        budget.run(async () => {
          peak = Math.max(peak, budget.active);
          await sleep(5);
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('starts at most N calls in any one-second window', async () => {
    // The budget's clock, not the machine's: a loaded CI host must not change what is measured.
    jest.useFakeTimers({ now: 0 });
    try {
      const budget = new AccountBudget({ requestsPerSecond: 5 });
      const starts: number[] = [];
      const all = Promise.all(
        Array.from({ length: 8 }, () => budget.run(async () => void starts.push(Date.now()))),
      );
      await jest.advanceTimersByTimeAsync(3000);
      await all;
      expect(starts).toHaveLength(8);
      expect(starts.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
      expect(starts.slice(5).every((start) => start >= 1000)).toBe(true);
      for (const start of starts)
        expect(starts.filter((s) => s >= start && s < start + 1000).length).toBeLessThanOrEqual(5);
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts a call against the rate until a second after it finished, so slow calls never crowd a window', async () => {
    jest.useFakeTimers({ now: 0 });
    try {
      const budget = new AccountBudget({ requestsPerSecond: 5 });
      const spans: Array<{ start: number; end: number }> = [];
      // Slow calls: the vendor may see each arrive as late as just before it finished (at 400).
      const all = Promise.all(
        Array.from({ length: 6 }, () =>
          budget.run(async () => {
            const start = Date.now();
            await new Promise((resolve) => setTimeout(resolve, 400));
            spans.push({ start, end: Date.now() });
          }),
        ),
      );
      await jest.advanceTimersByTimeAsync(4000);
      await all;
      expect(spans.map((span) => span.start).sort((a, b) => a - b)).toEqual([0, 0, 0, 0, 0, 1400]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('pauses and retries when the vendor rate-limits, honouring its delay', async () => {
    const budget = new AccountBudget({ maxConcurrent: 10 });
    let calls = 0;
    const started = Date.now();
    const result = await budget.run(async () => {
      calls++;
      if (calls === 1)
        throw new ConnectorError(ConnectorErrorCode.RATE_LIMITED, 'slow down', { retryAfterMs: 120 });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('retries a temporary failure a few times with backoff, then gives it up', async () => {
    const budget = new AccountBudget({ maxConcurrent: 1 }, 8, 2);
    let calls = 0;
    await expect(
      budget.run(async () => {
        calls++;
        if (calls < 3) throw new ConnectorError(ConnectorErrorCode.TEMPORARY, 'down');
        return 'up';
      }),
    ).resolves.toBe('up');
    expect(calls).toBe(3);

    calls = 0;
    await expect(
      budget.run(async () => {
        calls++;
        throw new ConnectorError(ConnectorErrorCode.TEMPORARY, 'still down');
      }),
    ).rejects.toThrow('still down');
    expect(calls).toBe(3);
    expect(budget.active).toBe(0);
  });

  it('does not retry other errors', async () => {
    const budget = new AccountBudget({ maxConcurrent: 1 });
    await expect(
      budget.run(async () => {
        throw new ConnectorError(ConnectorErrorCode.VALIDATION, 'bad');
      }),
    ).rejects.toThrow('bad');
    expect(budget.active).toBe(0);
  });
});
