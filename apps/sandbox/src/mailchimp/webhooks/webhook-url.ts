/** Mailchimp's check of a new webhook URL: a GET that must answer 2xx within the delivery timeout. */

export const VALIDATOR_USER_AGENT = 'MailChimp.com WebHook Validator';

/** The HTTP status the URL answered the validator's GET with; 0 when it did not answer at all. */
export async function probeWebhookUrl(url: string, timeoutMs = 10_000): Promise<number> {
  try {
    const response = await fetch(url, {
      headers: { 'user-agent': VALIDATOR_USER_AGENT },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.status;
  } catch {
    return 0;
  }
}

/** An absolute http(s) URL, or undefined. */
export function parseWebhookUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Two URLs Mailchimp treats as the same webhook: the query string does not tell them apart. */
export const sameEndpoint = (a: string, b: string) => {
  const [x, y] = [parseWebhookUrl(a), parseWebhookUrl(b)];
  return !!x && !!y && x.origin === y.origin && x.pathname === y.pathname;
};
