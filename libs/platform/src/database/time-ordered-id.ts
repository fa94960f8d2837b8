import { randomUUID } from 'node:crypto';

/**
 * A UUID whose first 48 bits are the time in milliseconds (version 7, RFC 9562): ids made later
 * sort later. For rows written by the hundred thousand (a sync's links and audit lines), where a
 * random id would put every insert on a random page of the primary key, and of each index that
 * ends with it, instead of on the last one.
 */
export function timeOrderedId(now = Date.now()): string {
  const time = now.toString(16).padStart(12, '0');
  // A random v4 UUID's last 21 characters (after "xxxxxxxx-xxxx-4") keep its randomness and variant.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
