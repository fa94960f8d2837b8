import type { Router } from 'express';
import type { MailupContext } from '../context';
import { MailupError } from '../http/mailup-error';
import { requireList } from '../lists/list.model';
import { forceSubscribe, hardBounce, optOut, requireRecipientByEmail } from '../recipients/recipient.model';
import { accountNamed, bodyOf, requiredInteger, requiredText } from './control-input';

/**
 * What recipients do outside the API: unsubscribe from a list (the link in an email), hard-bounce
 * (MailUp then unsubscribes the address from every list), confirm a double opt-in.
 */
export function recipientControl(router: Router, context: MailupContext): void {
  /** `{email, idList}`: a recipient the list knows, with that list. */
  const listMember = (body: Record<string, unknown>, account: Parameters<typeof requireList>[0]) => {
    const email = requiredText(body, 'email');
    const list = requireList(account, requiredInteger(body, 'idList', 1));
    const recipient = requireRecipientByEmail(account, email);
    const subscription = list.subscriptions[recipient.idRecipient];
    if (!subscription) throw MailupError.badRequest(`email: ${email} is not in list ${list.idList}`);
    return { list, recipient, subscription };
  };

  router.post('/accounts/:username/recipients/unsubscribe', (req, res) => {
    const account = accountNamed(context, req);
    const { list, recipient } = listMember(bodyOf(req), account);
    optOut(list, recipient, 'link');
    context.changed();
    res.json({ idRecipient: recipient.idRecipient, idList: list.idList, Status: 'OPTOUT' });
  });

  router.post('/accounts/:username/recipients/bounce', (req, res) => {
    const account = accountNamed(context, req);
    const recipient = requireRecipientByEmail(account, requiredText(bodyOf(req), 'email'));
    const lists = hardBounce(account, recipient);
    context.changed();
    res.json({ idRecipient: recipient.idRecipient, unsubscribedFrom: lists });
  });

  // The recipient clicks the link of the confirmation email: pending → subscribed.
  router.post('/accounts/:username/recipients/confirm', (req, res) => {
    const account = accountNamed(context, req);
    const { list, recipient, subscription } = listMember(bodyOf(req), account);
    if (subscription.status !== 'PENDING')
      throw MailupError.badRequest(
        `email: ${recipient.email} has no pending confirmation in list ${list.idList}`,
      );
    forceSubscribe(list, recipient);
    context.changed();
    res.json({ idRecipient: recipient.idRecipient, idList: list.idList, Status: 'OPTIN' });
  });
}
