import type { QueuedJob, QueuePort } from '../queue.port';

/**
 * The behaviour every QueuePort driver must share, run against each driver by its own spec
 * (in-process.driver.spec.ts, bullmq.driver.int-spec.ts). Producers and job handlers are
 * written once against the port, so a difference between drivers is a bug that only shows in
 * one runtime mode; this suite is where such a difference must show first.
 */
export interface QueueDriverHarness {
  /** A fresh driver; several may be open at once (a producer and a consumer process). */
  create(): QueuePort;
  /** True when separate instances share one store (BullMQ on Redis), as separate processes do. */
  sharedAcrossInstances: boolean;
}

/** Polls until the condition holds; fails with the label instead of hanging the suite. */
export async function waitFor(label: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${label}`);
    await sleep(10);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Records every job a handler received, with a hook to decide what the handler does. */
function recorder(behaviour: (job: QueuedJob) => Promise<void> = async () => undefined) {
  const jobs: QueuedJob[] = [];
  return {
    jobs,
    handler: async (job: QueuedJob) => {
      jobs.push(job);
      await behaviour(job);
    },
  };
}

export function describeQueuePortContract(driverLabel: string, harness: QueueDriverHarness): void {
  describe(`QueuePort contract: ${driverLabel}`, () => {
    const open: QueuePort[] = [];
    let queueCounter = 0;
    // A queue name of its own per test, so leftovers of one test never reach the next.
    const freshQueue = () => `contract-${++queueCounter}`;
    const driver = () => {
      const created = harness.create();
      open.push(created);
      return created;
    };

    afterEach(async () => {
      await Promise.all(open.splice(0).map((queue) => queue.close()));
    });

    it('delivers an enqueued job to the consumer with its queue, name, data and id', async () => {
      const queue = driver();
      const name = freshQueue();
      const seen = recorder();
      await queue.consume(name, seen.handler);

      const id = await queue.enqueue(name, 'SyncContactJob', { contactId: 'c-1', tags: ['vip'] });

      await waitFor('the job to be consumed', () => seen.jobs.length === 1);
      expect(seen.jobs[0]).toEqual({
        id,
        queue: name,
        name: 'SyncContactJob',
        data: { contactId: 'c-1', tags: ['vip'] },
        attempt: 1,
      });
    });

    // Only meaningful where instances share a store; the in-process driver is one process by design.
    const itWhenShared = harness.sharedAcrossInstances ? it : () => undefined;

    itWhenShared(
      'delivers jobs enqueued by another instance (producer and consumer processes apart)',
      async () => {
        const producer = driver();
        const consumer = driver();
        const name = freshQueue();
        const seen = recorder();
        await consumer.consume(name, seen.handler);

        await producer.enqueue(name, 'Ping', { n: 1 });

        await waitFor('the job to cross instances', () => seen.jobs.length === 1);
        expect(seen.jobs[0].data).toEqual({ n: 1 });
      },
    );

    it('runs jobs in FIFO order with concurrency 1, one at a time', async () => {
      const queue = driver();
      const name = freshQueue();
      let running = 0;
      let maxRunning = 0;
      const seen = recorder(async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(5);
        running--;
      });
      for (let n = 1; n <= 5; n++) await queue.enqueue(name, 'Ordered', { n });
      await queue.consume(name, seen.handler, { concurrency: 1 });
      for (let n = 6; n <= 8; n++) await queue.enqueue(name, 'Ordered', { n });

      await waitFor('all 8 jobs', () => seen.jobs.length === 8);
      expect(seen.jobs.map((job) => (job.data as { n: number }).n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(maxRunning).toBe(1);
    });

    it('runs N jobs at once with concurrency N, and no more', async () => {
      const queue = driver();
      const name = freshQueue();
      const concurrency = 3;
      let running = 0;
      let maxRunning = 0;
      let openGate!: () => void;
      // Every job holds until N are running together: only true concurrency N can open the gate.
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      const seen = recorder(async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        if (running >= concurrency) openGate();
        await Promise.race([gate, sleep(3000)]);
        await sleep(20);
        running--;
      });
      for (let n = 1; n <= concurrency * 2; n++) await queue.enqueue(name, 'Parallel', { n });
      await queue.consume(name, seen.handler, { concurrency });

      await waitFor('all jobs', () => seen.jobs.length === concurrency * 2 && running === 0, 10000);
      expect(maxRunning).toBe(concurrency);
    });

    it('retries a failing job with attempt numbers 1..attempts, then stops', async () => {
      const queue = driver();
      const name = freshQueue();
      const seen = recorder(async () => {
        throw new Error('vendor unavailable');
      });
      await queue.consume(name, seen.handler);

      const id = await queue.enqueue(name, 'Flaky', { id: 'x' }, { attempts: 3, backoffMs: 20 });

      await waitFor('three attempts', () => seen.jobs.length === 3);
      await sleep(400); // a fourth try would have come within 20·2³ ms
      expect(seen.jobs.map((job) => job.attempt)).toEqual([1, 2, 3]);
      expect(seen.jobs.every((job) => job.id === id && job.name === 'Flaky')).toBe(true);
      expect(seen.jobs.every((job) => (job.data as { id: string }).id === 'x')).toBe(true);
    });

    it('stops retrying once a try succeeds', async () => {
      const queue = driver();
      const name = freshQueue();
      const seen = recorder(async (job) => {
        if (job.attempt === 1) throw new Error('first try fails');
      });
      await queue.consume(name, seen.handler);

      await queue.enqueue(name, 'FlakyOnce', {}, { attempts: 5, backoffMs: 20 });

      await waitFor('the second attempt', () => seen.jobs.length === 2);
      await sleep(300);
      expect(seen.jobs.map((job) => job.attempt)).toEqual([1, 2]);
    });

    it('waits delayMs before running a delayed job, while later undelayed jobs go first', async () => {
      const queue = driver();
      const name = freshQueue();
      const ranAt = new Map<string, number>();
      await queue.consume(name, async (job) => void ranAt.set(job.name, Date.now()));

      const enqueuedAt = Date.now();
      await queue.enqueue(name, 'Later', {}, { delayMs: 600 });
      await queue.enqueue(name, 'Now', {});

      await waitFor('both jobs', () => ranAt.size === 2);
      expect(ranAt.get('Now')!).toBeLessThan(ranAt.get('Later')!);
      expect(ranAt.get('Later')! - enqueuedAt).toBeGreaterThanOrEqual(590);
    });

    it('does not enqueue a job twice while one with the same jobId is waiting', async () => {
      const queue = driver();
      const name = freshQueue();
      const seen = recorder();

      const first = await queue.enqueue(name, 'Debounced', { v: 1 }, { jobId: 'contact-42' });
      const second = await queue.enqueue(name, 'Debounced', { v: 2 }, { jobId: 'contact-42' });
      await queue.enqueue(name, 'Debounced', { v: 3 }, { jobId: 'contact-43' });
      await queue.consume(name, seen.handler);

      await waitFor('the two distinct jobs', () => seen.jobs.length === 2);
      await sleep(200);
      expect(second).toBe(first);
      expect(seen.jobs.map((job) => job.data)).toEqual([{ v: 1 }, { v: 3 }]);
    });

    it('accepts the same jobId again once the earlier job has started, so no later change is lost', async () => {
      const queue = driver();
      const name = freshQueue();
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const seen = recorder(async (job) => {
        if ((job.data as { v: number }).v === 1) await held;
      });
      await queue.consume(name, seen.handler);

      await queue.enqueue(name, 'Debounced', { v: 1 }, { jobId: 'contact-7' });
      await waitFor('the first job to start', () => seen.jobs.length === 1);
      // Enqueued while the first runs: it carries a change the running job may not have seen.
      await queue.enqueue(name, 'Debounced', { v: 2 }, { jobId: 'contact-7' });
      release();
      await waitFor('the second job', () => seen.jobs.length === 2);
      // And again after both finished.
      await queue.enqueue(name, 'Debounced', { v: 3 }, { jobId: 'contact-7' });

      await waitFor('the third job', () => seen.jobs.length === 3);
      expect(seen.jobs.map((job) => job.data)).toEqual([{ v: 1 }, { v: 2 }, { v: 3 }]);
    });

    it('close() lets the running job finish, then consumes nothing more and refuses new jobs', async () => {
      const queue = driver();
      const name = freshQueue();
      let finished = false;
      const seen = recorder(async (job) => {
        if (job.name === 'Running') {
          await sleep(200);
          finished = true;
        }
      });
      await queue.consume(name, seen.handler);
      await queue.enqueue(name, 'Running', {});
      await queue.enqueue(name, 'Delayed', {}, { delayMs: 400 });
      await waitFor('the first job to start', () => seen.jobs.length === 1);

      await queue.close();

      expect(finished).toBe(true);
      expect(await queue.isHealthy()).toBe(false);
      await expect(queue.enqueue(name, 'AfterClose', {})).rejects.toThrow();
      await sleep(600);
      expect(seen.jobs.map((job) => job.name)).toEqual(['Running']);
    });

    it('reports healthy while open', async () => {
      expect(await driver().isHealthy()).toBe(true);
    });
  });
}
