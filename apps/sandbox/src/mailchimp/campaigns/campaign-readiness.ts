import type { SandboxAccount } from '../state';
import { campaignAudience } from './campaign-audience';
import { Campaign, campaignList } from './campaign.model';

/**
 * Mailchimp's send checklist: what a campaign needs before it can be sent, scheduled or
 * tested. Sending an unready campaign answers 400 "Your Campaign is not ready to send.";
 * `GET /campaigns/{id}/send-checklist` tells which item failed.
 */

export interface ChecklistItem {
  type: 'success' | 'warning' | 'error';
  id: number;
  heading: string;
  details: string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** `forTest`: a test email needs everything but recipients. */
export function sendChecklist(account: SandboxAccount, campaign: Campaign, forTest = false): ChecklistItem[] {
  const list = campaignList(account, campaign);
  const { settings } = campaign;
  const content = campaign.type === 'plaintext' ? campaign.content.plain_text : campaign.content.html;
  const checks: Array<[heading: string, ok: boolean, success: string, error: string]> = [
    ['Audience', !!list, `Your campaign goes to "${list?.name ?? ''}".`, 'You need to choose an audience.'],
    [
      'Recipients',
      forTest || campaignAudience(list, campaign).length > 0,
      'Your campaign has recipients.',
      `Your segment of list "${list?.name ?? ''}" is empty.`,
    ],
    ['Subject line', !!settings.subject_line, 'You have a subject line.', 'You need a subject line.'],
    ['From name', !!settings.from_name, 'You have a from name.', 'You need a from name.'],
    [
      'From email address',
      EMAIL.test(settings.reply_to ?? ''),
      'Your from email address is valid.',
      'You need a valid from email address (reply_to).',
    ],
    ['Content', content.trim() !== '', 'Your campaign has content.', 'You need to add content.'],
  ];
  return checks.map(([heading, ok, success, error], index) => ({
    type: ok ? 'success' : 'error',
    id: index + 1,
    heading,
    details: ok ? success : error,
  }));
}

export const isReady = (account: SandboxAccount, campaign: Campaign, forTest = false) =>
  sendChecklist(account, campaign, forTest).every((item) => item.type !== 'error');
