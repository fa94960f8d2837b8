import type { Request, Response } from 'express';
import type { RouteModule } from '../context';
import { MailupError } from '../http/mailup-error';
import { accountOf } from '../http/pipeline';
import { pathId, queryFlag } from '../http/query';
import { requireGroup, requireList } from '../lists/list.model';
import { readRecipientInput, requireValidEmail } from '../recipients/recipient-input';
import {
  addToList,
  applyDetails,
  assertMobileFree,
  findByEmail,
  forceSubscribe,
  optOut,
  recipientView,
  removeFromList,
  requireRecipient,
  setEmail,
  upsertRecipient,
} from '../recipients/recipient.model';
import type { Group, MailingList, Recipient } from '../state';

/** Void operations answer 200 with an empty body, as MailUp's do. */
const done = (res: Response) => res.status(200).end();

function joinGroup(group: Group, recipient: Recipient): void {
  if (!group.members.includes(recipient.idRecipient)) group.members.push(recipient.idRecipient);
}

/**
 * The synchronous recipient writes. A plain add subscribes someone new to the list (pending with
 * `ConfirmEmail=true`) and never changes the status of someone the list knows: an unsubscribed
 * recipient stays unsubscribed. Only `Subscribe/{id}` re-subscribes, and never after a hard bounce.
 */
export const recipientWriteRoutes: RouteModule = (router, context) => {
  /** The recipient of the body, created or updated, then added to the list (and group). */
  const addRecipient = (req: Request, res: Response, list: MailingList, group?: Group) => {
    const account = accountOf(res);
    const input = readRecipientInput(account, req.body);
    const email = requireValidEmail(input);
    const confirm = queryFlag(req, 'ConfirmEmail');
    const { recipient } = upsertRecipient(account, email, input);
    addToList(list, recipient, confirm);
    if (group) joinGroup(group, recipient);
    context.changed();
    res.json(recipient.idRecipient);
  };

  router.post('/List/:idList/Recipient', (req, res) => {
    addRecipient(req, res, requireList(accountOf(res), pathId(req, 'idList')));
  });

  router.post('/Group/:idGroup/Recipient', (req, res) => {
    const { list, group } = requireGroup(accountOf(res), pathId(req, 'idGroup'));
    addRecipient(req, res, list, group);
  });

  router.post('/List/:idList/Subscribe/:idRecipient', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    const recipient = requireRecipient(account, pathId(req, 'idRecipient'));
    if (!forceSubscribe(list, recipient))
      throw MailupError.badRequest(
        `Recipient ${recipient.idRecipient} hard-bounced: it cannot be subscribed again`,
      );
    context.changed();
    done(res);
  });

  // Unsubscribing keeps the recipient in the list with its opt-out (the preferred way to stop mail).
  router.delete('/List/:idList/Unsubscribe/:idRecipient', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    const recipient = requireRecipient(account, pathId(req, 'idRecipient'));
    if (list.subscriptions[recipient.idRecipient]) optOut(list, recipient, 'api');
    context.changed();
    done(res);
  });

  router.delete('/List/:idList/Recipient/:idRecipient', (req, res) => {
    const account = accountOf(res);
    const list = requireList(account, pathId(req, 'idList'));
    removeFromList(list, requireRecipient(account, pathId(req, 'idRecipient')));
    context.changed();
    done(res);
  });

  // Out of every list of the account (the recipient itself remains known).
  router.delete('/Recipients/:idRecipient', (req, res) => {
    const account = accountOf(res);
    const recipient = requireRecipient(account, pathId(req, 'idRecipient'));
    for (const list of Object.values(account.lists)) removeFromList(list, recipient);
    context.changed();
    done(res);
  });

  // Into the group, and into its list as a plain add (an unsubscribed recipient stays so).
  router.post('/Group/:idGroup/Subscribe/:idRecipient', (req, res) => {
    const account = accountOf(res);
    const { list, group } = requireGroup(account, pathId(req, 'idGroup'));
    const recipient = requireRecipient(account, pathId(req, 'idRecipient'));
    addToList(list, recipient);
    joinGroup(group, recipient);
    context.changed();
    done(res);
  });

  // Out of the group only: the list status does not change.
  router.delete('/Group/:idGroup/Unsubscribe/:idRecipient', (req, res) => {
    const account = accountOf(res);
    const { group } = requireGroup(account, pathId(req, 'idGroup'));
    const recipient = requireRecipient(account, pathId(req, 'idRecipient'));
    group.members = group.members.filter((id) => id !== recipient.idRecipient);
    context.changed();
    done(res);
  });

  // Name, mobile, email and dynamic fields of a recipient named by idRecipient or Email.
  router.put('/Recipient/Detail', (req, res) => {
    const account = accountOf(res);
    const input = readRecipientInput(account, req.body);
    const recipient =
      input.idRecipient !== undefined
        ? requireRecipient(account, input.idRecipient)
        : input.email
          ? findByEmail(account, input.email)
          : undefined;
    if (!recipient) {
      if (input.idRecipient === undefined && !input.email)
        throw MailupError.badRequest('idRecipient: give idRecipient or Email to name the recipient');
      throw MailupError.notFound(`Recipient ${input.email} not found`);
    }
    assertMobileFree(account, recipient, input, recipient.email);
    if (input.email && input.email.toLowerCase() !== recipient.email.toLowerCase()) {
      const email = requireValidEmail(input);
      if (findByEmail(account, email))
        throw MailupError.badRequest(`Email: ${email} belongs to another recipient`);
      setEmail(account, recipient, email);
    }
    applyDetails(recipient, input);
    context.changed();
    res.json(recipientView(account, recipient));
  });
};
