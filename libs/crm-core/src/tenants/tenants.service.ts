import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { asTenantId, ConflictError, TenantId } from '@crm/platform';
import { PipelinesService } from '../deals/pipelines.service';
import { DEFAULT_PROFILES } from '../identity/default-profiles';
import { hashPassword } from '../identity/password-hasher';
import { Profile } from '../identity/profile.entity';
import { User } from '../identity/user.entity';
import { BUILT_IN_PICKLISTS } from '../picklists/built-in-picklists';
import { Picklist, PicklistValue } from '../picklists/picklist.entities';
import { Tenant } from './tenant.entity';

export interface ProvisionTenantInput {
  name: string;
  slug: string;
  admin: { email: string; name: string; password: string };
}

export interface ProvisionedTenant {
  tenantId: TenantId;
  adminUserId: string;
  profiles: Record<'ADMINISTRATOR' | 'STANDARD', string>;
}

/** Creates a tenant with its built-in profiles, picklists, sales pipeline and first administrator, atomically. */
@Injectable()
export class TenantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pipelines: PipelinesService,
  ) {}

  async provision(input: ProvisionTenantInput): Promise<ProvisionedTenant> {
    const passwordHash = await hashPassword(input.admin.password);
    return this.dataSource.transaction(async (manager) => {
      if (await manager.existsBy(Tenant, { slug: input.slug })) {
        throw new ConflictError(`A tenant with slug ${input.slug} already exists`, 'slug');
      }
      const tenant = await manager.save(manager.create(Tenant, { name: input.name, slug: input.slug }));
      const tenantId = asTenantId(tenant.id);
      const profiles = {} as ProvisionedTenant['profiles'];
      for (const definition of DEFAULT_PROFILES) {
        const profile = await manager.save(manager.create(Profile, { ...definition, tenantId }));
        profiles[definition.builtIn] = profile.id;
      }
      for (const definition of BUILT_IN_PICKLISTS) {
        const picklist = await manager.save(
          manager.create(Picklist, { tenantId, key: definition.key, label: definition.label, builtIn: true }),
        );
        await manager.save(
          definition.values.map((value, position) =>
            manager.create(PicklistValue, {
              tenantId,
              picklistId: picklist.id,
              value,
              position,
              active: true,
            }),
          ),
        );
      }
      const admin = await manager.save(
        manager.create(User, {
          tenantId,
          email: input.admin.email.trim().toLowerCase(),
          name: input.admin.name,
          passwordHash,
          profileId: profiles.ADMINISTRATOR,
          active: true,
        }),
      );
      await this.pipelines.ensureDefault(tenantId, manager);
      return { tenantId, adminUserId: admin.id, profiles };
    });
  }

  findBySlug(slug: string): Promise<Tenant | null> {
    return this.dataSource.getRepository(Tenant).findOneBy({ slug });
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(Tenant).count();
  }
}
