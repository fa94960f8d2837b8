const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Keeps a client within MailUp's throttle (5 calls per second per account): a call starts only
 * when fewer than `perSecond` calls are running or finished within the last second. A call
 * arrives at the server between its start and its finish, so counting finishes keeps every
 * one-second window of arrivals within the limit.
 */
export class RequestPacer {
  private running = 0;
  /** Finish times of recent calls, oldest first. */
  private readonly finished: number[] = [];

  constructor(private readonly perSecond = 5) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    for (;;) {
      const now = Date.now();
      while (this.finished.length && this.finished[0] < now - 1000) this.finished.shift();
      if (this.running + this.finished.length < this.perSecond) break;
      await sleep(this.finished.length ? Math.max(1, this.finished[0] + 1001 - now) : 20);
    }
    this.running++;
    try {
      return await call();
    } finally {
      this.running--;
      this.finished.push(Date.now());
    }
  }
}
