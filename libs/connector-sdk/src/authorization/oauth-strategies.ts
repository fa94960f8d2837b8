import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import passport from 'passport';
import { Strategy as OAuth2Strategy, StateStore } from 'passport-oauth2';
import type { Connector, OAuthTokens } from '../contract/connector';
import { OAuthState } from '../installations/installation.entities';
import { OAuthBinding, OAuthRequest, OAuthStateStore } from './oauth-state.store';

/** What one pass of passport through the OAuth2 strategy ended in. */
export type StrategyOutcome =
  | { kind: 'redirect'; url: string }
  | { kind: 'tokens'; tokens: OAuthTokens; state: OAuthState }
  /** The strategy refused: a bad state, or the vendor's `error=access_denied`. */
  | { kind: 'failed'; state?: OAuthState }
  /** The token request failed (or the vendor reported another error). */
  | { kind: 'error'; error: Error; state?: OAuthState };

/**
 * One passport-oauth2 strategy per OAuth connector, built on first use from the connector's
 * client settings, with the database state store. Passport runs without sessions: the state
 * row alone carries tenant and user across the vendor's redirect.
 */
@Injectable()
export class OAuthStrategies {
  private readonly strategies = new Map<string, { strategy: OAuth2Strategy; store: OAuthStateStore }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a fresh state and answers with the vendor's authorization URL. */
  async authorizationUrl(connector: Connector, binding: OAuthBinding, callbackURL: string): Promise<string> {
    const outcome = await this.run(connector, { query: {}, body: {}, binding }, callbackURL);
    if (outcome.kind === 'redirect') return outcome.url;
    throw outcome.kind === 'error' ? outcome.error : new Error('The OAuth strategy did not redirect');
  }

  /** Verifies the state, then exchanges the code for tokens (passport-oauth2's token request). */
  exchange(
    connector: Connector,
    query: Record<string, unknown>,
    callbackURL: string,
  ): Promise<StrategyOutcome> {
    return this.run(connector, { query, body: {} }, callbackURL);
  }

  /** Consumes a state without a token exchange (the vendor reported an error instead of a code). */
  consumeState(connector: Connector, state: unknown): Promise<OAuthState | null> {
    return this.strategyFor(connector).store.consume(state);
  }

  private run(connector: Connector, req: OAuthRequest, callbackURL: string): Promise<StrategyOutcome> {
    const { strategy } = this.strategyFor(connector);
    return new Promise<StrategyOutcome>((resolve) => {
      // passport answers a redirect by writing to the response; capture it instead of sending it.
      let location = '';
      const res = {
        statusCode: 200,
        setHeader(name: string, value: string) {
          if (name.toLowerCase() === 'location') location = value;
        },
        end() {
          resolve({ kind: 'redirect', url: location });
        },
      };
      const done = (error: Error | null, tokens?: OAuthTokens | false) => {
        if (error) return resolve({ kind: 'error', error, state: req.consumedState });
        if (!tokens || !req.consumedState) return resolve({ kind: 'failed', state: req.consumedState });
        resolve({ kind: 'tokens', tokens, state: req.consumedState });
      };
      // callbackURL per call: the origin may differ between deployments (PUBLIC_URL or the request's).
      const options = { session: false, callbackURL } as passport.AuthenticateOptions;
      const middleware = passport.authenticate(strategy, options, done) as (
        req: unknown,
        res: unknown,
        next: (error?: Error) => void,
      ) => void;
      middleware(req, res, (error?: Error) =>
        resolve({ kind: 'error', error: error ?? new Error('next() called') }),
      );
    });
  }

  private strategyFor(connector: Connector): { strategy: OAuth2Strategy; store: OAuthStateStore } {
    const key = connector.manifest.key;
    const built = this.strategies.get(key);
    if (built) return built;
    if (connector.manifest.auth.kind !== 'oauth2' || !connector.oauthClient)
      throw new Error(`Connector ${key} does not authorize with OAuth 2`);
    const client = connector.oauthClient();
    const store = new OAuthStateStore(this.dataSource.getRepository(OAuthState), key);
    const strategy = new OAuth2Strategy(
      {
        clientID: client.clientId,
        clientSecret: client.clientSecret,
        authorizationURL: client.authorizationUrl,
        tokenURL: client.tokenUrl,
        scope: connector.manifest.auth.scope,
        // The store's methods have the arities passport dispatches on: store(req, meta, cb), verify(req, state, cb).
        store: store as unknown as StateStore,
        skipUserProfile: true,
      },
      (
        accessToken: string,
        refreshToken: string,
        params: Record<string, unknown>,
        _profile: unknown,
        verified: (error: Error | null, tokens?: OAuthTokens) => void,
      ) => {
        const expiresIn = Number(params.expires_in);
        verified(null, {
          accessToken,
          refreshToken: refreshToken || undefined,
          expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
          raw: params,
        });
      },
    );
    this.strategies.set(key, { strategy, store });
    return { strategy, store };
  }
}
