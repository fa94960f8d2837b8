import { Global, Injectable, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { APP_CONFIG } from '../config/app-config';
import { InProcessQueueDriver } from './in-process.driver';
import { JobDispatcher } from './job-dispatcher';
import { Job, JobHandler } from './job.decorator';
import { QueueModule } from './queue.module';
import { QUEUE_PORT, QueuedJob } from './queue.port';

interface Received {
  data: unknown;
  job: QueuedJob;
}

@Injectable()
@JobHandler({ queue: 'registry-test' })
class GreetContactJob implements Job<{ contactId: string }> {
  readonly received: Received[] = [];
  async handle(data: { contactId: string }, job: QueuedJob<{ contactId: string }>): Promise<void> {
    this.received.push({ data, job });
  }
}

/** Same queue, another job name: must not receive GreetContactJob's jobs. */
@Injectable()
@JobHandler({ queue: 'registry-test' })
class ArchiveContactJob implements Job<{ contactId: string }> {
  readonly received: Received[] = [];
  async handle(data: { contactId: string }, job: QueuedJob<{ contactId: string }>): Promise<void> {
    this.received.push({ data, job });
  }
}

@Injectable()
@JobHandler()
class DefaultQueueJob implements Job<Record<string, never>> {
  readonly received: Received[] = [];
  async handle(data: Record<string, never>, job: QueuedJob<Record<string, never>>): Promise<void> {
    this.received.push({ data, job });
  }
}

@Injectable()
class NotAJob implements Job<unknown> {
  async handle(): Promise<void> {}
}

/** QueueModule reads the driver choice from APP_CONFIG; only `queue` matters here. */
@Global()
@Module({
  providers: [{ provide: APP_CONFIG, useValue: { queue: { kind: 'in-process' } } }],
  exports: [APP_CONFIG],
})
class InProcessConfigModule {}

/** Two distinct classes that share a name, as two files in different areas could. */
function sameNamedJob() {
  @Injectable()
  @JobHandler({ queue: 'registry-test' })
  class GreetContactJob implements Job<unknown> {
    async handle(): Promise<void> {}
  }
  return GreetContactJob;
}

async function bootModule(
  consume: boolean,
  extraProviders: Array<new () => unknown> = [],
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [InProcessConfigModule, QueueModule.forRoot({ consume, concurrency: 2 })],
    providers: [GreetContactJob, ArchiveContactJob, DefaultQueueJob, NotAJob, ...extraProviders],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('JobRegistry + @JobHandler + JobDispatcher', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  it('delivers a dispatched job to the decorated provider named by its class, on its queue', async () => {
    moduleRef = await bootModule(true);
    const queue = moduleRef.get<InProcessQueueDriver>(QUEUE_PORT);
    expect(queue).toBeInstanceOf(InProcessQueueDriver);

    const id = await moduleRef.get(JobDispatcher).dispatch(GreetContactJob, { contactId: 'c-1' });
    await moduleRef.get(JobDispatcher).dispatch(DefaultQueueJob, {});
    await queue.whenIdle();

    const greet = moduleRef.get(GreetContactJob);
    expect(greet.received).toEqual([
      {
        data: { contactId: 'c-1' },
        job: { id, queue: 'registry-test', name: 'GreetContactJob', data: { contactId: 'c-1' }, attempt: 1 },
      },
    ]);
    expect(moduleRef.get(ArchiveContactJob).received).toEqual([]);
    expect(moduleRef.get(DefaultQueueJob).received.map((r) => r.job.queue)).toEqual(['default']);
  });

  it('refuses to dispatch a class that is not a @JobHandler', async () => {
    moduleRef = await bootModule(true);
    expect(() => moduleRef!.get(JobDispatcher).dispatch(NotAJob, {})).toThrow(
      'NotAJob is not decorated with @JobHandler()',
    );
  });

  it('only produces when consume is off (a plain API process): jobs wait for a worker', async () => {
    moduleRef = await bootModule(false);
    await moduleRef.get(JobDispatcher).dispatch(GreetContactJob, { contactId: 'c-2' });
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(moduleRef.get(GreetContactJob).received).toEqual([]);
  });

  it.each([true, false])(
    'refuses to boot (consume: %s) when two job classes share a name on one queue',
    async (consume) => {
      await expect(bootModule(consume, [sameNamedJob()])).rejects.toThrow(
        'Two @JobHandler classes named GreetContactJob on queue registry-test',
      );
    },
  );

  it('closes the queue when the application shuts down', async () => {
    moduleRef = await bootModule(true);
    const queue = moduleRef.get<InProcessQueueDriver>(QUEUE_PORT);
    await moduleRef.close();
    moduleRef = undefined;

    expect(await queue.isHealthy()).toBe(false);
  });
});
