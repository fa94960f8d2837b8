import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type Response } from 'express';
import type { SandboxContext } from '../context';
import type { SandboxAccount } from '../state';
import { batchesOf, type Batch } from './batch.model';

/**
 * Batch results are served as a cloud storage bucket serves them: without authentication, on a
 * signed URL valid for 10 minutes (`GET /batches/{id}` hands out a fresh one). An expired or
 * altered URL gets the storage's 403.
 */
export const RESULTS_URL_TTL_SECONDS = 10 * 60;

/** Signs for the life of the process: after a restart, old URLs stop working as expired ones do. */
const SIGNING_KEY = randomBytes(32);

const signature = (file: string, expires: number) =>
  createHmac('sha256', SIGNING_KEY).update(`${file}\n${expires}`).digest('hex');

const fileOf = (accountId: string, batchId: string) => `${accountId}/${batchId}.tar.gz`;

export function resultsUrl(context: SandboxContext, account: SandboxAccount, batch: Batch): string {
  const file = fileOf(account.id, batch.id);
  const expires = Math.floor(Date.now() / 1000) + RESULTS_URL_TTL_SECONDS;
  return `${context.baseUrl()}/_results/${file}?expires=${expires}&signature=${signature(file, expires)}`;
}

function storageError(res: Response, status: number, code: string, message: string): void {
  res
    .status(status)
    .type('application/xml; charset=utf-8')
    .send(
      `<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    );
}

function validSignature(file: string, expires: number, given: string): boolean {
  const expected = Buffer.from(signature(file, expires));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** The download side, mounted outside /3.0 (no API key: the URL is the credential). */
export function batchResultsRouter(context: SandboxContext): Router {
  const router = Router();
  router.get('/:account_id/:batch_id.tar.gz', (req, res) => {
    const { account_id, batch_id } = req.params;
    const file = fileOf(account_id, batch_id);
    const expires = Number(req.query.expires);
    const given = typeof req.query.signature === 'string' ? req.query.signature : '';
    if (!Number.isInteger(expires) || !validSignature(file, expires, given))
      return storageError(
        res,
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
    if (Date.now() / 1000 > expires) return storageError(res, 403, 'AccessDenied', 'Request has expired');
    const account = context.state.account(account_id);
    const results = account ? batchesOf(account)[batch_id]?.results : undefined;
    if (!results) return storageError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
    res
      .type('application/x-gzip')
      .set('Content-Disposition', `attachment; filename="${batch_id}.tar.gz"`)
      .send(Buffer.from(results, 'base64'));
  });
  return router;
}
