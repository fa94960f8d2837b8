import type { VendorList } from '@crm/connector-sdk';
import type { MailupClient } from './mailup-client';

/** `GET /Console/List` items (the current endpoint: `IdList` and `ListGuid` capitalised). */
interface MailupList {
  IdList: number;
  ListGuid?: string;
  Name: string;
  Description?: string | null;
  Company?: string | null;
}

/**
 * Every list the API user may see, all pages. Lists are made only in MailUp; one gone from here
 * is marked deleted by the framework.
 */
export async function listLists(client: MailupClient): Promise<VendorList[]> {
  const lists = await client.consoleAll<MailupList>('/Console/List');
  return lists.map((list) => ({
    id: String(list.IdList),
    name: list.Name,
    details: {
      description: list.Description || null,
      company: list.Company || null,
      guid: list.ListGuid ?? null,
    },
  }));
}
