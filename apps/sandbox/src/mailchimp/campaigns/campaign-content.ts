import { hexId } from '../state';
import type { Campaign, CampaignLink } from './campaign.model';

/**
 * What Mailchimp derives from a campaign's content: the plain-text version it generates from
 * the HTML, and the links it rewrites for click tracking.
 */

const ANCHOR_HREF = /<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;
const TEXT_URL = /https?:\/\/[^\s<>"')\]]+/gi;

/** Only web links are tracked; merge tags (`*|UNSUB|*`), anchors and mailto: are not. */
const isTrackable = (url: string) => /^https?:\/\//i.test(url) && !url.includes('*|');

const decodeEntities = (text: string) =>
  text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The distinct trackable URLs of the content, in order of appearance. */
export function contentUrls(campaign: Campaign): string[] {
  const urls: string[] = [];
  if (campaign.type === 'plaintext') {
    for (const match of campaign.content.plain_text.matchAll(TEXT_URL)) urls.push(match[0]);
  } else {
    for (const match of campaign.content.html.matchAll(ANCHOR_HREF))
      urls.push(decodeEntities((match[1] ?? match[2] ?? match[3]).trim()));
  }
  return [...new Set(urls.filter(isTrackable))];
}

/** The links click tracking follows, each with the id its click reports use. */
export const trackedLinks = (campaign: Campaign): CampaignLink[] =>
  contentUrls(campaign).map((url) => ({ id: hexId(5), url }));

/** The plain-text version Mailchimp generates from HTML: no tags, links kept as text. */
export function plainTextOf(html: string): string {
  const text = html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<a\s[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>([\s\S]*?)<\/a>/gi, '$2 ($1)')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr)>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim();
}
