/**
 * Commits the results of work started in order (vendor write batches), in that order, while new
 * work keeps starting: a commit never passes work that has not finished, and everything that has
 * finished by the time the database is free goes in one commit. So a slow database takes fewer,
 * larger commits instead of holding the vendor's connections back; a fast one commits each batch.
 * The first failure (of the work or of a commit) stops the committing and is thrown to the caller
 * by `waitBelow` or `finish`.
 */
export class OrderedCommits<T> {
  /** Started, not yet committed; `result` is set once the work finished. */
  private readonly queue: Array<{ work: Promise<T>; result?: { value: T } }> = [];
  private committing = 0;
  private unfinished = 0;
  private draining: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;
  private progress: Array<() => void> = [];

  constructor(
    private readonly commit: (result: T) => Promise<void>,
    private readonly merge: (first: T, second: T) => T,
    /** Results folded into one commit at most: what one transaction (and its memory) may hold. */
    private readonly maxMerged = Number.POSITIVE_INFINITY,
  ) {}

  /** Work started and not yet committed. */
  get size(): number {
    return this.queue.length + this.committing;
  }

  add(work: Promise<T>): void {
    const entry: { work: Promise<T>; result?: { value: T } } = { work };
    this.unfinished++;
    work
      .then(
        (value) => (entry.result = { value }),
        () => undefined, // the drain meets the failure in order
      )
      .finally(() => {
        this.unfinished--;
        this.wake();
      });
    this.queue.push(entry);
    if (!this.failure) this.draining ??= this.drain();
  }

  /**
   * Waits until fewer than `working` are unfinished and fewer than `uncommitted` are not yet
   * committed; throws the failure that stopped the commits.
   */
  async waitForRoom(working: number, uncommitted: number): Promise<void> {
    while (!this.failure && (this.unfinished >= working || this.size >= uncommitted))
      await new Promise<void>((resolve) => this.progress.push(resolve));
    if (this.failure) throw this.failure.error;
  }

  /** Commits everything added; throws the first failure, after all the work has settled. */
  async finish(): Promise<void> {
    await this.waitForRoom(Number.POSITIVE_INFINITY, 1).catch(() => undefined);
    await this.settled();
    if (this.failure) throw this.failure.error;
  }

  /** Waits for all started work and any commit under way, whatever their outcome. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.queue.map((entry) => entry.work), this.draining]);
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const first: T = await this.queue[0].work;
        let count = 1;
        let merged: T = first;
        while (count < Math.min(this.queue.length, this.maxMerged) && this.queue[count].result) {
          merged = this.merge(merged, this.queue[count].result!.value);
          count++;
        }
        this.queue.splice(0, count);
        this.committing = count;
        await this.commit(merged);
        this.committing = 0;
        this.wake();
      }
    } catch (error) {
      this.failure = { error };
      this.wake();
    } finally {
      this.draining = null;
    }
  }

  private wake(): void {
    const waiting = this.progress;
    this.progress = [];
    waiting.forEach((resolve) => resolve());
  }
}
