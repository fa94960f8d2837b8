import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** Parses `1:<base64>,2:<base64>` into a key ring. */
export function parseKeyRing(spec: string): Map<number, Buffer> {
  const ring = new Map<number, Buffer>();
  for (const pair of spec.split(',')) {
    const [version, encoded] = pair.split(':');
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`ENCRYPTION_KEYS version ${version}: key must decode to 32 bytes`);
    ring.set(Number(version), key);
  }
  return ring;
}

/**
 * Embedded mode keeps its key in a file created once, readable by the owner only (0600).
 * Losing the file means losing the stored secrets, so it is never regenerated over an existing one.
 */
export function loadOrCreateKeyFile(file: string): Map<number, Buffer> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, `1:${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (mode & 0o077) fs.chmodSync(file, 0o600);
  return parseKeyRing(fs.readFileSync(file, 'utf8').trim());
}
