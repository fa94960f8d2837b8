import type { Request } from 'express';
import type { RouteModule } from '../context';
import { MailupError } from '../http/mailup-error';
import { paged } from '../http/paging';
import { accountOf, administratorOnly } from '../http/pipeline';
import { pathId } from '../http/query';
import {
  createGroup,
  GROUP_ITEM,
  GROUP_NAME_MAX,
  groupView,
  requireGroupOfList,
  requireList,
} from '../lists/list.model';

interface GroupInput {
  name?: string;
  notes?: string;
  deletable?: boolean;
}

/** A ConsoleGroupItem body: `Name` (required to create), `Notes`, `Deletable`. */
function readGroupInput(req: Request, creating: boolean): GroupInput {
  const body = req.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw MailupError.badRequest('body: must be a group object with Name, Notes and Deletable');
  const { Name: name, Notes: notes, Deletable: deletable } = body;
  if (name !== undefined && typeof name !== 'string') throw MailupError.badRequest('Name: must be a string');
  if ((creating || name !== undefined) && !(name as string | undefined)?.trim())
    throw MailupError.badRequest('Name: is required');
  if (notes !== undefined && notes !== null && typeof notes !== 'string')
    throw MailupError.badRequest('Notes: must be a string');
  if (deletable !== undefined && typeof deletable !== 'boolean')
    throw MailupError.badRequest('Deletable: must be true or false');
  return { name: name?.trim(), notes: notes ?? undefined, deletable };
}

export const groupRoutes: RouteModule = (router, context) => {
  router.get('/List/:idList/Groups', (req, res) => {
    const list = requireList(accountOf(res), pathId(req, 'idList'));
    res.json(paged(req, Object.values(list.groups).map(groupView), GROUP_ITEM));
  });

  // Group names are not unique: a second group with the same name is a new group.
  router.post('/List/:idList/Group', administratorOnly, (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    const input = readGroupInput(req, true);
    const group = createGroup(account, list, {
      name: input.name!,
      notes: input.notes ?? '',
      deletable: input.deletable ?? true,
    });
    context.changed();
    res.json(groupView(group));
  });

  router.put('/List/:idList/Group/:idGroup', (req, res) => {
    const list = requireList(accountOf(res), pathId(req, 'idList'));
    const group = requireGroupOfList(list, pathId(req, 'idGroup'));
    const input = readGroupInput(req, false);
    if (input.name !== undefined) group.name = input.name.slice(0, GROUP_NAME_MAX);
    if (input.notes !== undefined) group.notes = input.notes;
    if (input.deletable !== undefined) group.deletable = input.deletable;
    context.changed();
    res.json(groupView(group));
  });

  // Deletes the group only: its recipients stay in the list.
  router.delete('/List/:idList/Group/:idGroup', administratorOnly, (req, res) => {
    const list = requireList(accountOf(res), pathId(req, 'idList'));
    const group = requireGroupOfList(list, pathId(req, 'idGroup'));
    if (!group.deletable)
      throw MailupError.badRequest(`Group ${group.idGroup} "${group.name}" cannot be deleted`);
    delete list.groups[group.idGroup];
    context.changed();
    res.status(200).end();
  });

  router.delete('/List/:idList/Group/:idGroup/Recipients', (req, res) => {
    const list = requireList(accountOf(res), pathId(req, 'idList'));
    const group = requireGroupOfList(list, pathId(req, 'idGroup'));
    const removed = group.members.length;
    group.members = [];
    context.changed();
    res.json({ Removed: removed });
  });
};
