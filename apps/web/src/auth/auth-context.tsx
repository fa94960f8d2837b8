import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { CurrentUser, LoginResult } from '../api/api-types';
import { apiRequest, configureApiClient } from '../api/http-client';
import { clearSession, readSession, writeSession, type StoredSession } from './session-store';

export interface SignInInput {
  email: string;
  password: string;
  tenant?: string;
}

interface AuthState {
  session: StoredSession | null;
  /** The signed-in user, profile and tenant (loaded once a session exists). */
  currentUser: CurrentUser | undefined;
  currentUserError: Error | null;
  signIn(input: SignInInput): Promise<void>;
  signOut(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export const currentUserKey = ['auth', 'me'] as const;

/** Holds the session, hands its token to the API client and loads the current user. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<StoredSession | null>(readSession);

  const forget = useCallback(() => {
    clearSession();
    setSession(null);
    queryClient.clear();
  }, [queryClient]);

  // Configured during render (not in an effect) so the first queries already carry the token.
  configureApiClient({ token: () => session?.token ?? null, onUnauthorized: forget });

  const me = useQuery({
    queryKey: [...currentUserKey, session?.token],
    queryFn: ({ signal }) => apiRequest<CurrentUser>('/auth/me', { signal }),
    enabled: session !== null,
    staleTime: 5 * 60_000,
  });

  const signIn = useCallback(
    async (input: SignInInput) => {
      const login = await apiRequest<LoginResult>('/auth/login', {
        method: 'POST',
        body: { email: input.email, password: input.password, tenant: input.tenant || undefined },
      });
      queryClient.clear();
      setSession(writeSession(login));
    },
    [queryClient],
  );

  const signOut = useCallback(async () => {
    try {
      await apiRequest<void>('/auth/logout', { method: 'POST' });
    } catch {
      // Signed out here either way; the server session expires on its own.
    }
    forget();
  }, [forget]);

  const value = useMemo<AuthState>(
    () => ({
      session,
      currentUser: session ? me.data : undefined,
      currentUserError: me.error,
      signIn,
      signOut,
    }),
    [session, me.data, me.error, signIn, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth needs an AuthProvider');
  return state;
}
