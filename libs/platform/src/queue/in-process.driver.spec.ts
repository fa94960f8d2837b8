import { InProcessQueueDriver } from './in-process.driver';
import { describeQueuePortContract, sleep } from './testing/queue-port.contract';

describeQueuePortContract('in-process', {
  create: () => new InProcessQueueDriver(),
  sharedAcrossInstances: false,
});

describe('InProcessQueueDriver', () => {
  it('whenIdle() resolves only after running, waiting and delayed jobs are done', async () => {
    const queue = new InProcessQueueDriver();
    const done: string[] = [];
    await queue.consume('q', async (job) => {
      await sleep(30);
      done.push(job.name);
    });
    await queue.enqueue('q', 'A', {});
    await queue.enqueue('q', 'B', {}, { delayMs: 100 });

    await queue.whenIdle();

    expect(done).toEqual(['A', 'B']);
    await queue.close();
  });

  it('refuses a second consumer on the same queue', async () => {
    const queue = new InProcessQueueDriver();
    await queue.consume('q', async () => undefined);
    await expect(queue.consume('q', async () => undefined)).rejects.toThrow('already has a consumer');
    await queue.close();
  });

  it('hands the handler a copy of the data, as a serializing queue would', async () => {
    const queue = new InProcessQueueDriver();
    const data = { ids: ['a'] };
    let received: unknown;
    await queue.consume('q', async (job) => void (received = job.data));
    await queue.enqueue('q', 'Copy', data);
    data.ids.push('mutated after enqueue');
    await queue.whenIdle();

    expect(received).toEqual({ ids: ['a'] });
    await queue.close();
  });
});
