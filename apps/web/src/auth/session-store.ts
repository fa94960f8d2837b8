import type { LoginResult } from '../api/api-types';

/** What survives a reload (and the round trip through a vendor's consent page): the bearer token. */
export interface StoredSession {
  token: string;
  expiresAt: string;
}

const KEY = 'crm-connect.session';

export function readSession(): StoredSession | null {
  try {
    const session = JSON.parse(localStorage.getItem(KEY) ?? 'null') as StoredSession | null;
    if (!session?.token || Date.parse(session.expiresAt) <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

export function writeSession(login: LoginResult): StoredSession {
  const session = { token: login.token, expiresAt: login.expiresAt };
  localStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession(): void {
  localStorage.removeItem(KEY);
}
