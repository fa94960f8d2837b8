import { OrderedCommits } from './ordered-commits';

/** A promise settled from outside, as a vendor call ends. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('OrderedCommits', () => {
  it('commits in the order work started, never passing unfinished work', async () => {
    const committed: string[][] = [];
    const commits = new OrderedCommits<string[]>(
      async (batch) => void committed.push(batch),
      (a, b) => [...a, ...b],
    );
    const first = deferred<string[]>();
    const second = deferred<string[]>();
    commits.add(first.promise);
    commits.add(second.promise);
    second.resolve(['b']);
    await tick();
    expect(committed).toEqual([]);
    first.resolve(['a']);
    await commits.finish();
    expect(committed.flat()).toEqual(['a', 'b']);
    expect(commits.size).toBe(0);
  });

  it('folds the work that finished while the database was busy into one commit', async () => {
    const committed: string[][] = [];
    const database = deferred<void>();
    let calls = 0;
    const commits = new OrderedCommits<string[]>(
      async (batch) => {
        committed.push(batch);
        if (calls++ === 0) await database.promise;
      },
      (a, b) => [...a, ...b],
    );
    commits.add(Promise.resolve(['a']));
    await tick();
    commits.add(Promise.resolve(['b']));
    commits.add(Promise.resolve(['c']));
    await tick();
    expect(commits.size).toBe(3);
    database.resolve();
    await commits.finish();
    expect(committed).toEqual([['a'], ['b', 'c']]);
  });

  it('folds no more than its limit into one commit', async () => {
    const committed: string[][] = [];
    const commits = new OrderedCommits<string[]>(
      async (batch) => void committed.push(batch),
      (a, b) => [...a, ...b],
      2,
    );
    const first = deferred<string[]>();
    commits.add(first.promise);
    ['b', 'c', 'd'].forEach((value) => commits.add(Promise.resolve([value])));
    await tick();
    first.resolve(['a']);
    await commits.finish();
    expect(committed).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('holds the caller back while too much is unfinished or uncommitted', async () => {
    const database = deferred<void>();
    const commits = new OrderedCommits<number>(
      () => database.promise,
      (a, b) => a + b,
    );
    const first = deferred<number>();
    commits.add(first.promise);
    commits.add(Promise.resolve(2));
    let working = false;
    const forWork = commits.waitForRoom(1, 10).then(() => (working = true));
    await tick();
    expect(working).toBe(false);
    first.resolve(1);
    await forWork;
    // Both finished, neither committed: work may start, but not past the uncommitted limit.
    let committing = false;
    const forCommit = commits.waitForRoom(10, 2).then(() => (committing = true));
    await tick();
    expect(committing).toBe(false);
    database.resolve();
    await forCommit;
    expect(commits.size).toBeLessThan(2);
  });

  it('stops at the first failure: nothing after it commits; the error comes once all work settled', async () => {
    const committed: number[] = [];
    const commits = new OrderedCommits<number>(
      async (n) => void committed.push(n),
      (a, b) => a + b,
    );
    const failing = deferred<number>();
    const later = deferred<number>();
    commits.add(Promise.resolve(1));
    await tick();
    commits.add(failing.promise);
    commits.add(later.promise);
    failing.reject(new Error('vendor down'));
    await expect(commits.waitForRoom(10, 1)).rejects.toThrow('vendor down');
    let finished = false;
    const finishing = commits.finish().catch((error: Error) => {
      finished = true;
      return error.message;
    });
    await tick();
    expect(finished).toBe(false);
    later.resolve(3);
    expect(await finishing).toBe('vendor down');
    expect(committed).toEqual([1]);
  });

  it('reports a failed commit to the caller', async () => {
    const commits = new OrderedCommits<number>(
      async () => {
        throw new Error('lease lost');
      },
      (a, b) => a + b,
    );
    commits.add(Promise.resolve(1));
    await expect(commits.finish()).rejects.toThrow('lease lost');
  });
});
