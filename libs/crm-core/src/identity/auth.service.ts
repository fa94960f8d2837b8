import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { asTenantId, UnauthorizedError, ValidationFailedError } from '@crm/platform';
import type { Actor } from '../access/actor';
import { Tenant } from '../tenants/tenant.entity';
import { ApiKey, AuthSession } from './credential.entities';
import { verifyPassword } from './password-hasher';
import { Profile } from './profile.entity';
import { TeamMembership } from './team.entity';
import { hashToken, newToken } from './token';
import { User } from './user.entity';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const SESSION_PREFIX = 'crm_s';
export const API_KEY_PREFIX = 'crm_k';

export interface LoginInput {
  email: string;
  password: string;
  /** Needed only when the email belongs to users of several tenants. */
  tenant?: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; tenantId: string; profileId: string };
}

/** Password sign-in, bearer sessions and API keys, all resolved to an Actor. */
@Injectable()
export class AuthService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async login(input: LoginInput): Promise<LoginResult> {
    const users = this.dataSource.getRepository(User);
    let candidates = await users.find({
      where: { email: input.email.trim().toLowerCase(), active: true },
      select: ['id', 'tenantId', 'email', 'name', 'profileId', 'passwordHash'],
    });
    if (input.tenant) {
      const tenant = await this.dataSource.getRepository(Tenant).findOneBy({ slug: input.tenant });
      candidates = candidates.filter((user) => user.tenantId === tenant?.id);
    }
    if (candidates.length > 1) {
      throw ValidationFailedError.field(
        'tenant',
        'this email belongs to several tenants; give the tenant slug',
      );
    }
    const user = candidates[0];
    // Verify even when no user matched, so timing does not tell which emails exist.
    const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !valid) throw new UnauthorizedError('Invalid email or password');
    const { token, hash } = newToken(SESSION_PREFIX);
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    const sessions = this.dataSource.getRepository(AuthSession);
    await sessions.save(
      sessions.create({
        tenantId: user.tenantId,
        userId: user.id,
        tokenHash: hash,
        expiresAt,
        revokedAt: null,
      }),
    );
    return {
      token,
      expiresAt,
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        tenantId: user.tenantId,
        profileId: user.profileId,
      },
    };
  }

  async logout(token: string): Promise<void> {
    await this.dataSource
      .getRepository(AuthSession)
      .update({ tokenHash: hashToken(token), revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Resolves a bearer token (session or API key) to the acting user, or throws 401. */
  async authenticate(token: string): Promise<Actor> {
    const hash = hashToken(token);
    const now = new Date();
    let userId: string | undefined;
    if (token.startsWith(`${SESSION_PREFIX}_`)) {
      const session = await this.dataSource
        .getRepository(AuthSession)
        .findOneBy({ tokenHash: hash, revokedAt: IsNull() });
      if (session && session.expiresAt > now) userId = session.userId;
    } else if (token.startsWith(`${API_KEY_PREFIX}_`)) {
      const keys = this.dataSource.getRepository(ApiKey);
      const key = await keys.findOneBy({ keyHash: hash, revokedAt: IsNull() });
      if (key) {
        userId = key.userId;
        // Coarse "last used" so a busy script does not write on every request.
        if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > 60_000) {
          await keys.update({ id: key.id }, { lastUsedAt: now });
        }
      }
    }
    if (!userId) throw new UnauthorizedError('Invalid or expired token');
    return this.actorFor(userId);
  }

  async actorFor(userId: string): Promise<Actor> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id: userId, active: true });
    if (!user) throw new UnauthorizedError('User is inactive');
    const tenantId = asTenantId(user.tenantId);
    const profile = await this.dataSource
      .getRepository(Profile)
      .findOneByOrFail({ tenantId, id: user.profileId });
    const memberships = await this.dataSource.getRepository(TeamMembership).findBy({ tenantId, userId });
    return {
      tenantId,
      userId: user.id,
      profileId: profile.id,
      isAdmin: profile.isAdmin,
      recordAccess: profile.recordAccess,
      modules: profile.modules,
      teamIds: memberships.map((membership) => membership.teamId),
    };
  }

  /** Housekeeping: sessions past expiry are deleted. */
  async purgeExpiredSessions(before = new Date()): Promise<number> {
    const result = await this.dataSource.getRepository(AuthSession).delete({ expiresAt: LessThan(before) });
    return result.affected ?? 0;
  }
}

/** A valid hash of a random password, verified against when no user matched. */
const DUMMY_HASH = 'scrypt$32768$8$1$c29tZS1zYWx0LXZhbHVl$' + Buffer.alloc(64, 7).toString('base64');
