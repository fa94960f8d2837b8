import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  asTenantId,
  openDataSource,
  platformEntities,
  SecretBox,
  SecretDecryptionError,
} from '@crm/platform';
import type { Actor } from '../access/actor';
import { crmCoreEntities } from '../crm-core.entities';
import { SmtpAccount } from './credential.entities';
import { smtpPasswordContext, SmtpAccountService } from './smtp-account.service';

function actorFor(tenantId: string = randomUUID(), userId: string = randomUUID()): Actor {
  return {
    tenantId: asTenantId(tenantId),
    userId,
    profileId: randomUUID(),
    isAdmin: false,
    recordAccess: 'ALL',
    modules: [],
    teamIds: [],
  };
}

describe('SmtpAccountService on a migrated in-memory SQLite database', () => {
  let dataSource: DataSource;
  let secretBox: SecretBox;
  let service: SmtpAccountService;

  beforeAll(async () => {
    dataSource = await openDataSource(
      { kind: 'sqlite', file: ':memory:' },
      { entities: [...platformEntities, ...crmCoreEntities] },
    );
    secretBox = new SecretBox(new Map([[1, randomBytes(32)]]));
    service = new SmtpAccountService(dataSource, secretBox);
  });

  afterAll(() => dataSource.destroy());

  const rawEnvelope = async (actor: Actor): Promise<string> =>
    (
      await dataSource.getRepository(SmtpAccount).findOneOrFail({
        where: { tenantId: actor.tenantId, userId: actor.userId },
        select: ['passwordEnvelope'],
      })
    ).passwordEnvelope;

  it('round-trips the password through openPassword and stores only an envelope', async () => {
    const actor = actorFor();
    const view = await service.put(actor, {
      host: 'smtp.example.com',
      port: 587,
      username: 'ana',
      password: 's3cret-pass',
    });
    expect(view).toEqual(expect.objectContaining({ hasPassword: true, security: 'STARTTLS' }));
    expect(JSON.stringify(view)).not.toContain('s3cret-pass');
    expect(await rawEnvelope(actor)).not.toContain('s3cret-pass');
    await expect(service.openPassword(actor)).resolves.toBe('s3cret-pass');
  });

  it('keeps the stored password when an update omits it, and replaces it when given', async () => {
    const actor = actorFor();
    await service.put(actor, {
      host: 'smtp.example.com',
      port: 587,
      username: 'ana',
      password: 'first-pass',
    });
    await service.put(actor, { host: 'mail.example.com', port: 465, username: 'ana', security: 'TLS' });
    await expect(service.openPassword(actor)).resolves.toBe('first-pass');
    expect(await service.get(actor)).toEqual(
      expect.objectContaining({ host: 'mail.example.com', port: 465, security: 'TLS' }),
    );
    await service.put(actor, {
      host: 'mail.example.com',
      port: 465,
      username: 'ana',
      password: 'second-pass',
    });
    await expect(service.openPassword(actor)).resolves.toBe('second-pass');
  });

  it('binds the envelope to tenant and user: a copy in another user row does not open', async () => {
    const owner = actorFor();
    const other = actorFor(owner.tenantId);
    await service.put(owner, { host: 'smtp.example.com', port: 587, username: 'a', password: 'owner-pass' });
    await service.put(other, { host: 'smtp.example.com', port: 587, username: 'b', password: 'other-pass' });
    await dataSource
      .getRepository(SmtpAccount)
      .update(
        { tenantId: other.tenantId, userId: other.userId },
        { passwordEnvelope: await rawEnvelope(owner) },
      );
    await expect(service.openPassword(other)).rejects.toBeInstanceOf(SecretDecryptionError);
    expect(secretBox.open(await rawEnvelope(owner), smtpPasswordContext(owner.tenantId, owner.userId))).toBe(
      'owner-pass',
    );
  });

  it('requires a password for a new account and rejects bad ports, naming the fields', async () => {
    const actor = actorFor();
    await expect(
      service.put(actor, { host: 'smtp.example.com', port: 70000, username: 'ana' }),
    ).rejects.toMatchObject({
      problems: [
        { field: 'port', reason: expect.any(String) },
        { field: 'password', reason: expect.any(String) },
      ],
    });
    await expect(service.openPassword(actor)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
