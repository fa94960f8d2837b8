import { createHash, randomBytes } from 'node:crypto';
import { IsNull, MoreThan, Repository } from 'typeorm';
import type { TenantId } from '@crm/platform';
import { OAuthState } from '../installations/installation.entities';

/** How long a user has to come back from the vendor's consent page. */
export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

/** Who started an authorization, for which installation: what the `state` parameter stands for. */
export interface OAuthBinding {
  tenantId: TenantId;
  userId: string;
  installationId: string;
  connectorKey: string;
}

/**
 * The request object handed to passport: only what the OAuth2 strategy reads (`query`, `body`),
 * plus the binding to store on the way out and the consumed state on the way back.
 */
export interface OAuthRequest {
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  binding?: OAuthBinding;
  consumedState?: OAuthState;
}

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (error: Error | null, ok: boolean, info?: unknown) => void;

export const hashState = (state: string) => createHash('sha256').update(state, 'utf8').digest('hex');

/**
 * passport-oauth2's state store, kept in the database instead of a session: the state is 32
 * random bytes of which only the SHA-256 is stored, bound to tenant, user, installation and
 * connector, valid for ten minutes and consumed by the first callback that presents it.
 * Looking a state up by its hash alone is deliberate: the vendor's redirect carries no tenant,
 * and the unguessable state is what names it.
 */
export class OAuthStateStore {
  constructor(
    private readonly states: Repository<OAuthState>,
    private readonly connectorKey: string,
  ) {}

  /** passport calls store(req, meta, callback) when it builds the authorization URL. */
  store(req: OAuthRequest, _meta: unknown, callback: StoreCallback): void {
    if (!req.binding) return callback(new Error('No OAuth binding on the request'));
    this.issue(req.binding).then(
      (state) => callback(null, state),
      (error: Error) => callback(error),
    );
  }

  /** passport calls verify(req, state, callback) on the callback, before the token exchange. */
  verify(req: OAuthRequest, state: unknown, callback: VerifyCallback): void {
    this.consume(state).then(
      (row) => {
        if (!row) return callback(null, false, { message: 'unknown, expired or already used state' });
        req.consumedState = row;
        callback(null, true, row);
      },
      (error: Error) => callback(error, false),
    );
  }

  async issue(binding: OAuthBinding): Promise<string> {
    if (binding.connectorKey !== this.connectorKey) throw new Error('State bound to another connector');
    const state = randomBytes(32).toString('base64url');
    await this.states.save(
      this.states.create({
        tenantId: binding.tenantId,
        userId: binding.userId,
        installationId: binding.installationId,
        connectorKey: binding.connectorKey,
        stateHash: hashState(state),
        expiresAt: new Date(Date.now() + OAUTH_STATE_TTL_MS),
        consumedAt: null,
      }),
    );
    return state;
  }

  /**
   * Marks the state used and returns it, or null when it is unknown, of another connector,
   * expired or already used. The conditional UPDATE is the arbiter: of two concurrent
   * callbacks with one state, exactly one changes the row.
   */
  async consume(state: unknown): Promise<OAuthState | null> {
    if (typeof state !== 'string' || state.length === 0 || state.length > 200) return null;
    const stateHash = hashState(state);
    const now = new Date();
    const result = await this.states.update(
      { stateHash, connectorKey: this.connectorKey, consumedAt: IsNull(), expiresAt: MoreThan(now) },
      { consumedAt: now, updatedAt: now },
    );
    if (result.affected !== 1) return null;
    return this.states.findOneBy({ stateHash });
  }
}
