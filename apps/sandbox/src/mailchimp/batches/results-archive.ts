import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { pack } from 'tar-stream';
import { hexId } from '../state';
import type { OperationResult } from './batch.model';

const gzipAsync = promisify(gzip);

/** Results per JSON file: clients must read every file of the archive, not just the first. */
const RESULTS_PER_FILE = 100;

/**
 * The results of a batch as Mailchimp delivers them: a gzipped tar of JSON files with opaque
 * names, each an array of `{status_code, operation_id, response}`.
 */
export async function resultsArchive(results: OperationResult[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = new Promise<Buffer>((resolve, reject) => {
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    archive.on('error', reject);
  });
  for (let start = 0; start < results.length; start += RESULTS_PER_FILE) {
    const file = Buffer.from(JSON.stringify(results.slice(start, start + RESULTS_PER_FILE)));
    archive.entry({ name: `${hexId(5)}.json`, size: file.length, mtime: new Date() }, file);
  }
  archive.finalize();
  return gzipAsync(await collected);
}
