import type { VendorField, VendorFieldType, VendorList } from '@crm/connector-sdk';
import type { MailchimpSession } from './mailchimp-client';

/** Mailchimp caps `count` at 1000 per page. */
export const PAGE_MAX = 1000;

interface MailchimpList {
  id: string;
  name: string;
  double_optin?: boolean;
  permission_reminder?: string;
  date_created?: string;
  subscribe_url_short?: string;
  visibility?: string;
  campaign_defaults?: { from_name?: string; from_email?: string; language?: string };
  stats?: { member_count?: number; unsubscribe_count?: number; cleaned_count?: number };
}

interface MergeField {
  tag: string;
  name: string;
  type: string;
  required: boolean;
  options?: { choices?: string[]; size?: number };
}

/** Reads every page of a collection; `read` gets the offset and answers one page. */
export async function readAll<T>(
  read: (offset: number) => Promise<{ items: T[]; total: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let offset = 0; ; offset += PAGE_MAX) {
    const { items, total } = await read(offset);
    all.push(...items);
    if (items.length < PAGE_MAX || all.length >= total) return all;
  }
}

export async function listAudiences(session: MailchimpSession): Promise<VendorList[]> {
  const lists = await readAll(async (offset) => {
    const page = await session.call<{ lists: MailchimpList[]; total_items: number }>((api) =>
      api.lists.getAllLists({ count: PAGE_MAX, offset } as never),
    );
    return { items: page.lists, total: page.total_items };
  });
  return lists.map((list) => ({
    id: list.id,
    name: list.name,
    memberCount: list.stats?.member_count,
    doubleOptIn: list.double_optin ?? false,
    details: {
      permissionReminder: list.permission_reminder ?? null,
      createdAt: list.date_created ?? null,
      subscribeUrl: list.subscribe_url_short ?? null,
      visibility: list.visibility ?? null,
      fromName: list.campaign_defaults?.from_name ?? null,
      fromEmail: list.campaign_defaults?.from_email ?? null,
      unsubscribed: list.stats?.unsubscribe_count ?? null,
      cleaned: list.stats?.cleaned_count ?? null,
    },
  }));
}

/** Merge-field types in the framework's terms (radio buttons are a choice among values). */
const FIELD_TYPES: Record<string, VendorFieldType> = {
  text: 'text',
  number: 'number',
  address: 'address',
  phone: 'phone',
  date: 'date',
  birthday: 'date',
  url: 'url',
  imageurl: 'url',
  radio: 'dropdown',
  dropdown: 'dropdown',
  zip: 'text',
};

/** The merge-field type for a new field of a framework type. */
const MERGE_TYPES: Record<VendorFieldType, string> = {
  text: 'text',
  email: 'text',
  number: 'number',
  date: 'date',
  boolean: 'radio',
  dropdown: 'dropdown',
  phone: 'phone',
  url: 'url',
  address: 'address',
};

/** Every text merge field holds at most 255 bytes. */
const TEXT_MAX = 255;

const EMAIL_FIELD: VendorField = {
  key: 'EMAIL',
  label: 'Email Address',
  type: 'email',
  required: true,
  system: true,
};

function toVendorField(field: MergeField): VendorField {
  const type = FIELD_TYPES[field.type] ?? 'text';
  return {
    key: field.tag,
    label: field.name,
    type,
    required: field.required,
    ...(field.options?.choices?.length ? { choices: field.options.choices } : {}),
    ...(type === 'text' ? { maxLength: TEXT_MAX } : {}),
  };
}

/** The audience's merge fields, after the address itself (EMAIL, which is not a merge field). */
export async function listMergeFields(session: MailchimpSession, listId: string): Promise<VendorField[]> {
  const fields = await readAll(async (offset) => {
    const page = await session.call<{ merge_fields: MergeField[]; total_items: number }>((api) =>
      api.lists.getListMergeFields(listId as never, { count: PAGE_MAX, offset } as never),
    );
    return { items: page.merge_fields, total: page.total_items };
  });
  return [EMAIL_FIELD, ...fields.map(toVendorField)];
}

export async function createMergeField(
  session: MailchimpSession,
  listId: string,
  field: Omit<VendorField, 'key'> & { key?: string },
): Promise<VendorField> {
  const choices = field.type === 'boolean' ? ['Yes', 'No'] : field.choices;
  const created = await session.call<MergeField>((api) =>
    api.lists.addListMergeField(
      listId as never,
      {
        name: field.label,
        type: MERGE_TYPES[field.type],
        required: field.required,
        ...(field.key ? { tag: field.key } : {}),
        ...(choices?.length ? { options: { choices } } : {}),
      } as never,
    ),
  );
  return toVendorField(created);
}
