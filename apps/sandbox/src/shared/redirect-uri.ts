import type { Response } from 'express';

/** Only absolute http(s) URLs may receive a code: anything else could leak it. */
export function isAbsoluteHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Redirects to `redirectUri` with `params` added to its query (an existing query is kept). */
export function redirectTo(res: Response, redirectUri: string, params: Record<string, string>): void {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value) url.searchParams.set(key, value);
  res.redirect(302, url.toString());
}
