import { randomUUID } from 'node:crypto';
import type { ItemType } from '../http/filter-expression';
import { MailupError } from '../http/mailup-error';
import { Group, MailingList, MailupAccount, nextId } from '../state';

/** MailUp caps group names at 50 characters, cutting longer ones. */
export const GROUP_NAME_MAX = 50;

export function requireList(account: MailupAccount, idList: number): MailingList {
  const list = account.lists[idList];
  if (!list) throw MailupError.notFound(`List ${idList} not found`);
  return list;
}

/** A group by its account-wide id, and the list it belongs to. */
export function requireGroup(account: MailupAccount, idGroup: number): { list: MailingList; group: Group } {
  for (const list of Object.values(account.lists)) {
    const group = list.groups[idGroup];
    if (group) return { list, group };
  }
  throw MailupError.notFound(`Group ${idGroup} not found`);
}

export function requireGroupOfList(list: MailingList, idGroup: number): Group {
  const group = list.groups[idGroup];
  if (!group) throw MailupError.notFound(`Group ${idGroup} not found in list ${list.idList}`);
  return group;
}

export function createGroup(
  account: MailupAccount,
  list: MailingList,
  input: { name: string; notes: string; deletable: boolean },
): Group {
  const group: Group = {
    idGroup: nextId(account, 'group'),
    idList: list.idList,
    name: input.name.slice(0, GROUP_NAME_MAX),
    notes: input.notes,
    deletable: input.deletable,
    members: [],
  };
  list.groups[group.idGroup] = group;
  return group;
}

/** A list made in the MailUp console, with the non-deletable "TEST" group every list has. */
export function createList(
  account: MailupAccount,
  input: { name: string; description: string },
): MailingList {
  const list: MailingList = {
    idList: nextId(account, 'list'),
    listGuid: randomUUID(),
    name: input.name,
    description: input.description,
    groups: {},
    subscriptions: {},
  };
  account.lists[list.idList] = list;
  createGroup(account, list, { name: 'TEST', notes: 'Group for test sendings', deletable: false });
  return list;
}

/** Deleting a list in the console takes its groups, statuses and messages; recipients stay in the account. */
export function deleteList(account: MailupAccount, list: MailingList): void {
  delete account.lists[list.idList];
  for (const message of Object.values(account.messages))
    if (message.idList === list.idList) delete account.messages[message.idMessage];
}

export const LIST_ITEM: ItemType = {
  name: 'ConsoleListItem',
  properties: {
    Company: 'String',
    Description: 'String',
    IdList: 'Int32',
    ListGuid: 'String',
    Name: 'String',
  },
};

/** `GET /Console/List`'s item (upper-case ids). */
export const listView = (account: MailupAccount, list: MailingList) => ({
  Company: account.company,
  Description: list.description,
  IdList: list.idList,
  ListGuid: list.listGuid,
  Name: list.name,
});

export const USER_LIST_ITEM: ItemType = {
  name: 'ConsoleUserListItem',
  properties: {
    Company: 'String',
    Description: 'String',
    Name: 'String',
    idList: 'Int32',
    listGuid: 'String',
  },
};

/** The deprecated `GET /Console/User/Lists` item (lower-case ids). */
export const userListView = (account: MailupAccount, list: MailingList) => ({
  Company: account.company,
  Description: list.description,
  Name: list.name,
  idList: list.idList,
  listGuid: list.listGuid,
});

export const GROUP_ITEM: ItemType = {
  name: 'ConsoleGroupItem',
  properties: {
    Count: 'Int32',
    Deletable: 'Boolean',
    Name: 'String',
    Notes: 'String',
    idGroup: 'Int32',
    idList: 'Int32',
  },
};

/** A group as MailUp shows it: `Count` is always null in its answers. */
export const groupView = (group: Group) => ({
  Count: null,
  Deletable: group.deletable,
  Name: group.name,
  Notes: group.notes,
  idGroup: group.idGroup,
  idList: group.idList,
});
