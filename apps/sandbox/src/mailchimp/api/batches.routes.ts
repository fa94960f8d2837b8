import type { Request } from 'express';
import type { RouteModule, SandboxContext } from '../context';
import { collection, page, project } from '../http/collection';
import { accountOf } from '../http/pipeline';
import { MailchimpProblem } from '../http/problem';
import { hexId, type SandboxAccount } from '../state';
import { parseOperations } from '../batches/batch-input';
import { batchesOf, MAX_PENDING_BATCHES, newBatch, pendingBatches, type Batch } from '../batches/batch.model';
import { BatchRunner } from '../batches/batch-runner';
import { resultsUrl } from '../batches/results-link';

function batchView(context: SandboxContext, account: SandboxAccount, batch: Batch) {
  return {
    id: batch.id,
    status: batch.status,
    total_operations: batch.total_operations,
    finished_operations: batch.finished_operations,
    errored_operations: batch.errored_operations,
    submitted_at: batch.submitted_at,
    // Left out until known (the spec types it as date-time).
    ...(batch.completed_at ? { completed_at: batch.completed_at } : {}),
    // A fresh signed URL on every read: each one is valid for 10 minutes.
    response_body_url: batch.results ? resultsUrl(context, account, batch) : '',
    _links: [],
  };
}

function requireBatch(req: Request, account: SandboxAccount): Batch {
  const batch = batchesOf(account)[req.params.batch_id as string];
  if (!batch) throw MailchimpProblem.notFound();
  return batch;
}

/** `/batches`: many operations in one call, run in the background against this same API. */
export const batchRoutes: RouteModule = (router, context) => {
  const runner = new BatchRunner(context);
  // Batches interrupted by a restart only become observable here, so they resume on first use.
  router.use('/batches', (_req, _res, next) => {
    runner.resumeOnce();
    next();
  });

  router.post('/batches', (req, res) => {
    const account = accountOf(res);
    const operations = parseOperations(req.body);
    if (pendingBatches(account) >= MAX_PENDING_BATCHES)
      throw new MailchimpProblem(
        429,
        'Too Many Requests',
        `You have more than ${MAX_PENDING_BATCHES} pending batches. Please wait for some of them to finish before submitting more.`,
      );
    const batch = newBatch(hexId(5), operations);
    batchesOf(account)[batch.id] = batch;
    context.changed();
    res.json(batchView(context, account, batch));
    runner.enqueue(account, batch);
  });

  router.get('/batches', (req, res) => {
    const account = accountOf(res);
    const all = Object.values(batchesOf(account)).sort((a, b) =>
      b.submitted_at.localeCompare(a.submitted_at),
    );
    const items = page(req, all).map((batch) => batchView(context, account, batch));
    res.json(project(req, collection('batches', all, items)));
  });

  router.get('/batches/:batch_id', (req, res) => {
    const account = accountOf(res);
    res.json(project(req, batchView(context, account, requireBatch(req, account))));
  });

  router.delete('/batches/:batch_id', (req, res) => {
    const account = accountOf(res);
    requireBatch(req, account);
    // A running batch stops at its next operation; its results are not kept.
    delete batchesOf(account)[req.params.batch_id];
    context.changed();
    res.status(204).end();
  });
};
