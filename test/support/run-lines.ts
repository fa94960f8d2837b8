import type { RecordLineView } from '@crm/connector-sdk';
import type { TestApp } from './test-app';

/** Every audit line of a run as the API shows it, in processing order (read a page at a time). */
export async function runLines(
  t: TestApp,
  auth: { Authorization: string },
  runId: string,
  action?: string,
): Promise<RecordLineView[]> {
  const lines: RecordLineView[] = [];
  for (let page = 1; ; page++) {
    const response = await t
      .http()
      .get(`/api/runs/${runId}/records`)
      .query({ page, pageSize: 200, ...(action ? { action } : {}) })
      .set(auth)
      .expect(200);
    lines.push(...response.body.items);
    if (lines.length >= response.body.total) return lines;
  }
}
