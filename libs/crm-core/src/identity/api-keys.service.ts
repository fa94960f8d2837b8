import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { NotFoundError, TenantScopedRepository, ValidationFailedError } from '@crm/platform';
import type { Actor } from '../access/actor';
import type { Page } from '../common/paging';
import { API_KEY_PREFIX } from './auth.service';
import { ApiKey } from './credential.entities';
import { ListRequest, pageOf } from '../common/queries';
import { newToken } from './token';

/** What lists show of a key: enough to tell keys apart, nothing that authenticates. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

/** Returned once, at creation: the only time the full key exists outside the client. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}

export const API_KEY_VISIBLE_CHARS = 12;
export const API_KEY_SORTABLE = ['name', 'createdAt', 'lastUsedAt'] as const;

/** Each user's own keys for scripts; a revoked key stops authenticating at once. */
@Injectable()
export class ApiKeysService {
  private readonly keys: TenantScopedRepository<ApiKey>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.keys = new TenantScopedRepository(dataSource.getRepository(ApiKey), 'API key');
  }

  async list(actor: Actor, request: ListRequest = {}): Promise<Page<ApiKeyView>> {
    const query = this.keys
      .query(actor.tenantId, 'k')
      .andWhere('k.userId = :userId', { userId: actor.userId })
      .andWhere('k.revokedAt IS NULL');
    const page = await pageOf(query, 'k', request, {
      search: ['name'],
      sortable: API_KEY_SORTABLE,
      defaultSort: '-createdAt',
    });
    return { ...page, items: page.items.map(toView) };
  }

  async create(actor: Actor, input: { name: string }): Promise<CreatedApiKey> {
    const name = input.name.trim();
    if (name === '') throw ValidationFailedError.field('name', 'must not be blank');
    const { token, hash } = newToken(API_KEY_PREFIX);
    const key = await this.keys.save(
      actor.tenantId,
      this.keys.create(actor.tenantId, {
        name,
        prefix: token.slice(0, API_KEY_VISIBLE_CHARS),
        keyHash: hash,
        userId: actor.userId,
        lastUsedAt: null,
        revokedAt: null,
      }),
    );
    return { ...toView(key), key: token };
  }

  /** Someone else's key, or one already revoked, is "not found". */
  async revoke(actor: Actor, id: string): Promise<void> {
    const key = await this.keys.findOne(actor.tenantId, { id, userId: actor.userId, revokedAt: IsNull() });
    if (!key) throw new NotFoundError('API key', id);
    key.revokedAt = new Date();
    await this.keys.save(actor.tenantId, key);
  }
}

function toView(key: ApiKey): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
  };
}
