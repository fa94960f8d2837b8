import { ERROR_DOC_TYPE, TRIGGERABLE_ERRORS } from '../http/problem';
import type { BatchOperation, OperationResult } from './batch.model';

/** Where operations are sent: the sandbox's own /3.0, as the account, so every rule applies. */
export interface ApiTarget {
  apiRoot: string;
  apiKey: string;
}

/** GETs without `count` are paged through in pages of this size, each page its own result. */
const AUTO_PAGE_SIZE = 1000;
/** A 429 (the account's 10 connections are busy) is retried this often, a dropped connection less. */
const MAX_BUSY_ATTEMPTS = 30;
const MAX_DROPPED_ATTEMPTS = 3;
const RETRY_DELAY_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function operationUrl(target: ApiTarget, path: string, params: Record<string, unknown>): string {
  const url = new URL(`${target.apiRoot}${path.startsWith('/') ? path : `/${path}`}`);
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== null)
      url.searchParams.set(key, Array.isArray(value) ? value.join(',') : String(value));
  return url.toString();
}

async function send(
  url: string,
  operation: BatchOperation,
  target: ApiTarget,
): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {
    authorization: `Basic ${Buffer.from(`batch:${target.apiKey}`).toString('base64')}`,
  };
  // A body on a GET is ignored, as Mailchimp ignores it (fetch would refuse to send it).
  const body = operation.method === 'GET' ? undefined : operation.body;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let busy = 0;
  let dropped = 0;
  for (;;) {
    try {
      const response = await fetch(url, { method: operation.method, headers, body });
      const text = await response.text();
      if (response.status !== 429 || ++busy >= MAX_BUSY_ATTEMPTS) return { status: response.status, text };
    } catch (error) {
      if (++dropped >= MAX_DROPPED_ATTEMPTS) throw error;
    }
    await sleep(RETRY_DELAY_MS * Math.min(busy + dropped, 10));
  }
}

/** What an operation whose connection kept dropping reports. */
const INTERNAL_ERROR = JSON.stringify({
  type: ERROR_DOC_TYPE,
  title: TRIGGERABLE_ERRORS.InternalServerError.title,
  status: 500,
  detail: TRIGGERABLE_ERRORS.InternalServerError.detail,
  instance: '',
});

/** Runs one operation; a GET of a collection without `count` yields one result per page. */
export async function executeOperation(
  target: ApiTarget,
  operation: BatchOperation,
): Promise<OperationResult[]> {
  const params = { ...(operation.params ?? {}) };
  const autoPage = operation.method === 'GET' && params.count === undefined;
  if (autoPage) params.count = AUTO_PAGE_SIZE;
  let offset = Number(params.offset ?? 0);
  const results: OperationResult[] = [];
  for (;;) {
    if (autoPage) params.offset = offset;
    const result = (status_code: number, response: string) =>
      results.push({ status_code, operation_id: operation.operation_id ?? null, response });
    let answer: { status: number; text: string };
    try {
      answer = await send(operationUrl(target, operation.path, params), operation, target);
    } catch {
      result(500, INTERNAL_ERROR);
      return results;
    }
    result(answer.status, answer.text);
    const total = autoPage && answer.status < 300 ? totalItems(answer.text) : undefined;
    offset += AUTO_PAGE_SIZE;
    if (total === undefined || offset >= total) return results;
  }
}

function totalItems(text: string): number | undefined {
  try {
    const total = (JSON.parse(text) as { total_items?: unknown }).total_items;
    return typeof total === 'number' ? total : undefined;
  } catch {
    return undefined;
  }
}
