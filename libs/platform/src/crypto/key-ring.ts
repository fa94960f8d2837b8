import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Parses `1:<base64>,2:<base64>` into a key ring. `source` names where the spec came from
 * (the env variable or the key file) so a bad key says where to look.
 */
export function parseKeyRing(spec: string, source = 'ENCRYPTION_KEYS'): Map<number, Buffer> {
  const ring = new Map<number, Buffer>();
  for (const [index, pair] of spec.split(',').entries()) {
    const [version, encoded, ...rest] = pair.trim().split(':');
    // The message never echoes the entry: it may be a key.
    if (!/^\d+$/.test(version) || encoded === undefined || rest.length > 0) {
      throw new Error(`${source}: entry ${index + 1} is not a version:base64-key pair`);
    }
    if (ring.has(Number(version))) throw new Error(`${source}: key version ${version} is listed twice`);
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`${source} version ${version}: key must decode to 32 bytes`);
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
  return parseKeyRing(fs.readFileSync(file, 'utf8').trim(), `key file ${file}`);
}
