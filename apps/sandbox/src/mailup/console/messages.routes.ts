import type { RouteModule } from '../context';
import { paged } from '../http/paging';
import { accountOf } from '../http/pipeline';
import { pathId } from '../http/query';
import { requireList } from '../lists/list.model';
import {
  MESSAGE_ITEM,
  messageDetailView,
  messageView,
  requireMessageOfList,
  SEND_HISTORY_ITEM,
  sendHistoryView,
} from '../messages/message.model';

/** A list's email messages (made and sent in the console: the control API), their details and sendings. */
export const messageRoutes: RouteModule = (router) => {
  router.get('/List/:idList/Emails', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    const messages = Object.values(account.messages).filter((m) => m.idList === list.idList);
    res.json(paged(req, messages.map(messageView), MESSAGE_ITEM));
  });

  router.get('/List/:idList/Email/:idMessage', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    res.json(messageDetailView(requireMessageOfList(account, list, pathId(req, 'idMessage'))));
  });

  router.get('/List/:idList/Email/:idMessage/SendHistory', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    const message = requireMessageOfList(account, list, pathId(req, 'idMessage'));
    const history = message.sends.map((record) => sendHistoryView(message, record));
    res.json(paged(req, history, SEND_HISTORY_ITEM));
  });
};
