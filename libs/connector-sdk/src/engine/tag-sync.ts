import { contentHash } from './content-hash';
import type { CrmSubscriber } from './crm-sync.port';
import { FieldMap, LinkState, pushPayload } from './sync-plan';

export interface Retagging {
  add: string[];
  remove: string[];
  /** The link's CRM hash once the tags are applied. */
  crmHash: string | null;
}

/**
 * What "Sync tags" sends for one linked member: every CRM tag (adding one the member already has
 * costs nothing, and brings back one removed at the vendor by hand), and off the tags the last
 * push sent that the CRM no longer has — tags the vendor's own users added are left alone. When
 * only the tags differ from what the link's hash covers, the hash moves on with them; otherwise
 * it stays, so the next push still sends the other changes.
 */
export function retag(
  subscriber: CrmSubscriber,
  link: Pick<LinkState, 'crmHash' | 'sentTags'>,
  map: FieldMap,
): Retagging {
  const payload = pushPayload(subscriber, map);
  const sent = link.sentTags ?? [];
  const remove = sent.filter((tag) => !payload.tags.includes(tag));
  const onlyTagsDiffer =
    link.sentTags != null && link.crmHash === contentHash({ ...payload, tags: [...sent].sort() });
  return { add: payload.tags, remove, crmHash: onlyTagsDiffer ? contentHash(payload) : link.crmHash };
}
