import type { VendorField } from '@crm/connector-sdk';
import type { MailupClient } from './mailup-client';
import { orderBy } from './mailup-query';
import { EMAIL_FIELD, FIELD_VALUE_MAX } from './recipients/recipient-mapping';

/** `GET /Console/Recipient/DynamicFields` items: the field's id and its (account-language) name. */
interface DynamicField {
  Id: number;
  Description: string;
}

const EMAIL: VendorField = { key: EMAIL_FIELD, label: 'Email', type: 'email', required: true, system: true };

/**
 * The account's dynamic fields (the same for every list), keyed by id — names differ by account
 * and language ("FirstName", "nome") and can be renamed in MailUp's console, ids cannot. All hold
 * text; the address itself comes first.
 */
export async function listFields(client: MailupClient): Promise<VendorField[]> {
  const fields = await client.consoleAll<DynamicField>('/Console/Recipient/DynamicFields', {
    orderby: orderBy('Id'),
  });
  return [
    EMAIL,
    ...[...fields]
      .sort((a, b) => a.Id - b.Id)
      .map((field) => ({
        key: String(field.Id),
        label: field.Description || `Field ${field.Id}`,
        type: 'text' as const,
        required: false,
        maxLength: FIELD_VALUE_MAX,
      })),
  ];
}
