import type { RecordLineView, RunView } from '@crm/connector-sdk';
import { storeLegacyAddress } from '../support/legacy-addresses';
import { EngineFixture } from './engine-fixtures';

type RecordModule = 'leads' | 'organizations' | 'contacts';

/** A record of a module created over HTTP, with its first address' id (when it has one). */
export interface CreatedRecord {
  id: string;
  emailId: string | null;
}

/**
 * The fake connector with lists fed by saved views, driven over HTTP: records of the three
 * modules, saved views, a list's views, and "update subscribers" runs executed as their job would.
 */
export class ListSubscribersFixture {
  constructor(readonly f: EngineFixture) {}

  private http() {
    return this.f.t.http();
  }

  async lead(company: string, email?: string): Promise<CreatedRecord> {
    return this.create('leads', { lastName: 'Bianchi', company, emails: email ? [{ email }] : [] });
  }

  async organization(city: string, email?: string): Promise<CreatedRecord> {
    return this.create('organizations', {
      name: `Ditta ${city} ${Math.random().toString(36).slice(2, 6)}`,
      kind: 'CLIENT',
      rating: 'A - Alta rentabilidad',
      clientType: 'Cliente directo',
      city,
      emails: email ? [{ email }] : [],
    });
  }

  async contact(lastName: string, email?: string): Promise<CreatedRecord> {
    return this.create('contacts', { firstName: 'Ana', lastName, emails: email ? [{ email }] : [] });
  }

  async patch(module: RecordModule, id: string, changes: Record<string, unknown>): Promise<void> {
    await this.http().patch(`/api/${module}/${id}`).set(this.f.auth).send(changes).expect(200);
  }

  async emailStatus(module: RecordModule, id: string): Promise<string> {
    const record = (await this.http().get(`/api/${module}/${id}`).set(this.f.auth).expect(200)).body;
    return record.emails[0].status;
  }

  /** An address written straight to the database, as old imports left some: not a valid address. */
  corruptAddress(emailId: string, address: string): Promise<void> {
    return storeLegacyAddress(this.f.t.app, emailId, address);
  }

  /** A saved view of a module selecting records whose `field` equals (or meets `operator` with) `value`. */
  async view(module: RecordModule | 'deals', field: string, value: string, operator = 'eq'): Promise<string> {
    const body = {
      module,
      name: `${module} ${field} ${operator === 'eq' ? '=' : operator} ${value}`,
      filter: { op: 'and', conditions: [{ field, operator, value }] },
    };
    return (await this.http().post('/api/views').set(this.f.auth).send(body).expect(201)).body.id;
  }

  putViews(viewIds: unknown, listId = this.f.listId, auth: Record<string, string> = this.f.auth) {
    return this.http()
      .put(`/api/installations/${this.f.installationId}/lists/${listId}/views`)
      .set(auth)
      .send({ viewIds });
  }

  /** Requests "update subscribers" (one list, or every list with views) and executes it. */
  async update(options: { listId?: string | null; dryRun?: boolean } = {}): Promise<RunView> {
    const listId = options.listId === undefined ? this.f.listId : options.listId;
    const path = listId
      ? `/api/installations/${this.f.installationId}/lists/${listId}/subscribers/sync`
      : `/api/installations/${this.f.installationId}/subscribers/sync`;
    const requested = await this.http()
      .post(path)
      .set(this.f.auth)
      .send(options.dryRun ? { dryRun: true } : {})
      .expect(202);
    expect(requested.body).toMatchObject({ kind: 'SUBSCRIBERS', status: 'QUEUED' });
    return this.f.execute(requested.body.id);
  }

  /** A run's audit lines as [action, direction, email, module, rule]. */
  async lines(
    runId: string,
    action?: string,
  ): Promise<Array<[string, string, string, string | null, string | null]>> {
    return (await this.f.lines(runId, action)).map((line: RecordLineView) => [
      line.action,
      line.direction,
      line.email,
      line.crmModule,
      line.rule,
    ]);
  }

  async list(listId = this.f.listId) {
    const lists = (
      await this.http().get(`/api/installations/${this.f.installationId}/lists`).set(this.f.auth).expect(200)
    ).body as Array<{ listId: string; status: string; syncInProgress: boolean; lastSyncedAt: string | null }>;
    return lists.find((list) => list.listId === listId)!;
  }

  async memberships(module: RecordModule, recordId: string) {
    return (
      await this.http().get('/api/memberships').query({ module, recordId }).set(this.f.auth).expect(200)
    ).body as Array<{ listId: string; email: string; status: string }>;
  }

  private async create(module: RecordModule, body: Record<string, unknown>): Promise<CreatedRecord> {
    const created = (await this.http().post(`/api/${module}`).set(this.f.auth).send(body).expect(201)).body;
    return { id: created.id, emailId: created.emails[0]?.id ?? null };
  }
}
