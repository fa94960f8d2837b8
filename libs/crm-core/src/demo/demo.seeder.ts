import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { APP_CONFIG, AppConfig, TenantId } from '@crm/platform';
import { Activity, ActivityLink } from '../activities/activity.entities';
import { Deal, DealLine, Product } from '../deals/deal.entities';
import { PipelinesService } from '../deals/pipelines.service';
import { hashPassword } from '../identity/password-hasher';
import { Team, TeamMembership } from '../identity/team.entity';
import { User } from '../identity/user.entity';
import { Picklist, PicklistValue } from '../picklists/picklist.entities';
import { Contact, EmailAddress, Lead, Organization, RecordTag } from '../records/record.entities';
import { Tenant } from '../tenants/tenant.entity';
import { TenantsService } from '../tenants/tenants.service';
import { credentialsBox } from './credentials-box';
import { DemoDataGenerator, DemoPipeline, Row } from './demo-data.generator';

export const DEMO_TENANT = { name: 'Demo', slug: 'demo' } as const;
export const DEMO_ADMIN = { email: 'admin@demo.local', name: 'Mariana López' } as const;
export const DEMO_STANDARD_USER = { email: 'ventas@demo.local', name: 'Jorge Hernández' } as const;
/** Salespeople of the `organization.salesperson` picklist besides the two demo users. */
const OTHER_SALESPEOPLE = ['Sofía Torres', 'Ricardo Flores', 'Daniela Ruiz'];
const CHUNK = 250;

export interface DemoLogin {
  email: string;
  /** Undefined when the operator chose it (DEMO_ADMIN_PASSWORD): it is not echoed back. */
  password?: string;
}

export interface DemoSeedResult {
  tenantId: TenantId;
  admin: DemoLogin;
  standardUser: DemoLogin;
  counts: Record<string, number>;
}

/** 16 URL-safe characters from 96 random bits. */
const randomPassword = () => randomBytes(12).toString('base64url');

/**
 * Seeds a demo tenant on the first start of an empty database (embedded mode by default, or
 * DEMO_SEED=true): users, picklist values and some 1,500 realistic records, so a newcomer has
 * something to look at. The logins are printed once on the console, never through the logger.
 */
@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tenants: TenantsService,
    private readonly pipelines: PipelinesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demo.seed || (await this.tenants.count()) > 0) return;
    const started = Date.now();
    const result = await this.seed();
    const counts = Object.entries(result.counts)
      .map(([name, count]) => `${count} ${name}`)
      .join(', ');
    this.logger.log(`Demo tenant "${DEMO_TENANT.slug}" seeded in ${Date.now() - started} ms: ${counts}`);
    console.log(this.loginBox(result));
  }

  async seed(): Promise<DemoSeedResult> {
    const admin = {
      email: this.config.demo.adminEmail ?? DEMO_ADMIN.email,
      password: this.config.demo.adminPassword ?? randomPassword(),
    };
    const standardPassword = randomPassword();
    const provisioned = await this.tenants.provision({
      ...DEMO_TENANT,
      admin: { email: admin.email, name: DEMO_ADMIN.name, password: admin.password },
    });
    const { tenantId } = provisioned;
    try {
      const standardHash = await hashPassword(standardPassword);
      const counts = await this.dataSource.transaction(async (manager) => {
        const standardUserId = randomUUID();
        await insertRows(manager, User, [
          {
            ...rowBase(tenantId),
            id: standardUserId,
            email: DEMO_STANDARD_USER.email,
            name: DEMO_STANDARD_USER.name,
            passwordHash: standardHash,
            profileId: provisioned.profiles.STANDARD,
            active: true,
            locale: 'es',
          },
        ]);
        const users = [
          { id: provisioned.adminUserId, name: DEMO_ADMIN.name },
          { id: standardUserId, name: DEMO_STANDARD_USER.name },
        ];
        const teamId = await this.insertTeam(manager, tenantId, users);
        await this.addSalespeople(manager, tenantId, [
          ...users.map((user) => user.name),
          ...OTHER_SALESPEOPLE,
        ]);
        const generator = new DemoDataGenerator({
          tenantId,
          users,
          teamId,
          picklists: await this.picklistValues(manager, tenantId),
          now: new Date(),
        });
        // Plain bulk inserts on purpose: no outbox events. Seed rows describe no change a
        // connector should replay; a connector installed later imports them with a full sync.
        const records = generator.generate();
        await insertRows(manager, Organization, records.organizations);
        await insertRows(manager, Contact, records.contacts);
        await insertRows(manager, Lead, records.leads);
        await insertRows(manager, EmailAddress, records.emails);
        await insertRows(manager, RecordTag, records.tags);
        await insertRows(manager, Product, records.products);
        await insertRows(manager, Activity, records.activities);
        await insertRows(manager, ActivityLink, records.activityLinks);
        const deals = await this.insertDeals(
          manager,
          generator,
          await this.pipelines.ensureDefault(tenantId, manager),
        );
        return {
          organizations: records.organizations.length,
          contacts: records.contacts.length,
          leads: records.leads.length,
          'email addresses': records.emails.length,
          deals,
          activities: records.activities.length,
        };
      });
      return {
        tenantId,
        admin: { email: admin.email, password: this.config.demo.adminPassword ? undefined : admin.password },
        standardUser: { email: DEMO_STANDARD_USER.email, password: standardPassword },
        counts,
      };
    } catch (error) {
      // Without this a failed seed would leave a bare tenant, and the next start would not retry.
      await this.removeTenant(tenantId);
      throw error;
    }
  }

  /** Creates the demo deals with their lines in the given pipeline; returns how many. */
  async insertDeals(
    manager: EntityManager,
    generator: DemoDataGenerator,
    pipeline: DemoPipeline,
  ): Promise<number> {
    const { deals, lines } = generator.deals(pipeline);
    await insertRows(manager, Deal, deals);
    await insertRows(manager, DealLine, lines);
    return deals.length;
  }

  private async insertTeam(
    manager: EntityManager,
    tenantId: TenantId,
    users: Array<{ id: string }>,
  ): Promise<string> {
    const team: Row<Team> = { ...rowBase(tenantId), name: 'Ventas', description: 'Equipo comercial' };
    await insertRows(manager, Team, [team]);
    await insertRows(
      manager,
      TeamMembership,
      users.map((user) => ({ ...rowBase(tenantId), teamId: team.id, userId: user.id })),
    );
    return team.id;
  }

  private async addSalespeople(manager: EntityManager, tenantId: TenantId, names: string[]): Promise<void> {
    const picklist = await manager.findOneByOrFail(Picklist, { tenantId, key: 'organization.salesperson' });
    const existing = await manager.countBy(PicklistValue, { tenantId, picklistId: picklist.id });
    await insertRows(
      manager,
      PicklistValue,
      names.map((value, index) => ({
        ...rowBase(tenantId),
        picklistId: picklist.id,
        value,
        position: existing + index,
        active: true,
      })),
    );
  }

  private async picklistValues(
    manager: EntityManager,
    tenantId: TenantId,
  ): Promise<Record<string, string[]>> {
    const picklists = await manager.findBy(Picklist, { tenantId });
    const values = await manager.find(PicklistValue, {
      where: { tenantId, active: true },
      order: { position: 'ASC' },
    });
    const keyById = new Map(picklists.map((picklist) => [picklist.id, picklist.key]));
    const byKey: Record<string, string[]> = {};
    for (const value of values) {
      const key = keyById.get(value.picklistId);
      if (key) (byKey[key] ??= []).push(value.value);
    }
    return byKey;
  }

  /** Deletes every row of the tenant from every tenant-owned table, then the tenant. */
  private async removeTenant(tenantId: TenantId): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const metadata of this.dataSource.entityMetadatas) {
        if (metadata.findColumnWithPropertyName('tenantId'))
          await manager.delete(metadata.target, { tenantId });
      }
      await manager.delete(Tenant, { id: tenantId });
    });
  }

  private loginBox(result: DemoSeedResult): string {
    const url = `http://localhost:${this.config.http.port}`;
    const login = ({ email, password }: DemoLogin) =>
      `${email}  /  ${password ?? '(the DEMO_ADMIN_PASSWORD you set)'}`;
    return credentialsBox('CRM Connect demo tenant created — these passwords are shown only once', [
      `URL:            ${url}   (API docs: ${url}/api/docs)`,
      `Administrator:  ${login(result.admin)}`,
      `Standard user:  ${login(result.standardUser)}`,
      `Tenant slug:    ${DEMO_TENANT.slug}`,
    ]);
  }
}

function rowBase(tenantId: TenantId): { id: string; tenantId: TenantId; createdAt: Date; updatedAt: Date } {
  const now = new Date();
  return { id: randomUUID(), tenantId, createdAt: now, updatedAt: now };
}

/** Multi-row INSERTs in chunks that stay under SQLite's and MySQL's bound-parameter limits. */
async function insertRows<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  rows: Row<T>[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    await manager
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows.slice(start, start + CHUNK) as unknown as QueryDeepPartialEntity<T>[])
      .updateEntity(false)
      .execute();
  }
}
