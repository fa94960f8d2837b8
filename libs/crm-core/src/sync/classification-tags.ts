import { BUILT_IN_PICKLISTS, ORGANIZATION_PICKLIST_FIELDS } from '../picklists/built-in-picklists';
import type { Organization } from '../records/record.entities';

/** Longest tag the email platforms take (Mailchimp: 100 characters). */
const TAG_MAX = 100;

const LABELS = new Map(BUILT_IN_PICKLISTS.map((picklist) => [picklist.key, picklist.label]));

/**
 * An organization's classification as marketing tags, `<field label>: <value>` (seed 000:
 * "Zona: Norte"), for its own addresses and its contacts'. Empty fields give no tag; when a value
 * changes the tag changes with it, and the sync takes the old one off the member.
 */
export function classificationTags(organization: Organization | undefined): string[] {
  if (!organization) return [];
  return Object.entries(ORGANIZATION_PICKLIST_FIELDS).flatMap(([field, picklist]) => {
    const value = (organization as unknown as Record<string, string | null>)[field];
    return value ? [`${LABELS.get(picklist)}: ${value}`.slice(0, TAG_MAX)] : [];
  });
}
