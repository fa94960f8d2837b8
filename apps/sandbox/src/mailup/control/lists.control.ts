import type { Router } from 'express';
import type { MailupContext } from '../context';
import { pathId } from '../http/query';
import { createList, deleteList, requireList } from '../lists/list.model';
import { accountNamed, bodyOf, optionalText, requiredText } from './control-input';

/** Lists are made and deleted only in the MailUp console: here, by the control API. */
export function listControl(router: Router, context: MailupContext): void {
  router.post('/accounts/:username/lists', (req, res) => {
    const account = accountNamed(context, req);
    const body = bodyOf(req);
    const name = requiredText(body, 'name');
    const list = createList(account, { name, description: optionalText(body, 'description') ?? '' });
    context.changed();
    res.status(201).json({ idList: list.idList, listGuid: list.listGuid, name: list.name });
  });

  router.delete('/accounts/:username/lists/:idList', (req, res) => {
    const account = accountNamed(context, req);
    deleteList(account, requireList(account, pathId(req, 'idList')));
    context.changed();
    res.status(204).end();
  });
}
