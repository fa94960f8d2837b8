import type { VendorMember } from '../contract/vendor-records';
import { contentHash } from './content-hash';
import { FieldMap, isOnList, LinkState, normalizeValue } from './sync-plan';

/**
 * Whether the vendor holds other values in a linked member's pushed fields than the last push
 * sent (seed 004: a value corrected at MailUp, "San Marino" over the CRM's "Italia"). The link's
 * CRM hash is the hash of that push's payload, so the vendor's values are hashed the same way,
 * with the tags and consent the push sent. Only members on the list that a push wrote (tags
 * known) are judged; a CRM change since is no edit of the vendor's, but the push resends it anyway.
 */
export function editedAtVendor(
  link: Pick<LinkState, 'crmHash' | 'sentTags' | 'vendorStatus'>,
  member: Pick<VendorMember, 'fields' | 'status'>,
  map: FieldMap,
): boolean {
  if (!link.crmHash || !link.sentTags || !isOnList(link.vendorStatus) || !isOnList(member.status))
    return false;
  const fields = Object.fromEntries(
    map.pushPairs.map(([vendor]) => [vendor, normalizeValue(member.fields[vendor])]),
  );
  const held = { fields, tags: [...link.sentTags].sort(), consent: 'subscribed' };
  return contentHash(held) !== link.crmHash;
}
