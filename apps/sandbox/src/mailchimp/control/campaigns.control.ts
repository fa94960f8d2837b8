import { randomInt } from 'node:crypto';
import type { Router } from 'express';
import type { SandboxContext } from '../context';
import { sendDueCampaigns } from '../campaigns/campaign-sending';
import { campaignsOf } from '../campaigns/campaign.model';
import { DEFAULT_RATES, DeliveryRates, simulateDelivery } from '../campaigns/delivery-simulation';
import { MailchimpProblem } from '../http/problem';
import { requireAccount } from './accounts.control';

type FieldError = { field: string; message: string };

/** `{seed?, openRate?, clickRate?, bounceRate?, unsubscribeRate?}`, validated; a random seed when none. */
function deliveryInput(body: Record<string, unknown>): { seed: number | string; rates: DeliveryRates } {
  const errors: FieldError[] = [];
  const rates = { ...DEFAULT_RATES };
  for (const key of Object.keys(DEFAULT_RATES) as Array<keyof DeliveryRates>) {
    const value = body[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1))
      errors.push({ field: key, message: 'must be a number between 0 and 1' });
    else rates[key] = value;
  }
  if (rates.clickRate > rates.openRate)
    errors.push({ field: 'clickRate', message: 'must not exceed openRate (clickers open the email)' });
  const { seed } = body;
  const validSeed =
    seed === undefined ||
    (typeof seed === 'number' && Number.isInteger(seed) && seed >= 0) ||
    (typeof seed === 'string' && seed !== '');
  if (!validSeed) errors.push({ field: 'seed', message: 'must be a non-negative integer or a text' });
  if (errors.length) throw MailchimpProblem.invalidResource(undefined, errors);
  return { seed: (seed as number | string | undefined) ?? randomInt(2 ** 32), rates };
}

/**
 * Campaign delivery, the part of Mailchimp no API call reaches: after `actions/send`, what the
 * recipients do. Each call simulates one wave of activity (bounces in the first wave only),
 * reproducible with its seed.
 */
export function campaignControl(router: Router, context: SandboxContext): void {
  router.post('/accounts/:account_id/campaigns/:campaign_id/deliver', (req, res) => {
    const account = requireAccount(context, req.params.account_id);
    sendDueCampaigns(context, account);
    const { campaign_id: campaignId } = req.params;
    const campaign = campaignsOf(account)[campaignId];
    if (!campaign) throw MailchimpProblem.notFound(`Campaign ${campaignId} does not exist in this account.`);
    if (!campaign.report)
      throw new MailchimpProblem(
        400,
        'Bad Request',
        `Campaign ${campaignId} has not been sent (status "${campaign.status}"): ` +
          `send it with POST /3.0/campaigns/${campaignId}/actions/send before delivering it.`,
      );
    const input = deliveryInput((req.body ?? {}) as Record<string, unknown>);
    const figures = simulateDelivery(context, account, campaign, campaign.report, input);
    context.changed();
    res.json({ campaign_id: campaignId, seed: input.seed, wave: campaign.report.waves.length, ...figures });
  });
}
