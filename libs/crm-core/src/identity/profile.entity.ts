import { Column, Entity, Index } from 'typeorm';
import { CodeColumn, JsonColumn, TenantOwnedEntity } from '@crm/platform';

/** Which records a profile's users may see: every record, their teams' records, or their own. */
export const RECORD_ACCESS = ['ALL', 'TEAM', 'OWN'] as const;
export type RecordAccess = (typeof RECORD_ACCESS)[number];

/** CRM modules a profile can be allowed into (navigation and API both check this list). */
export const CRM_MODULES = [
  'organizations',
  'contacts',
  'leads',
  'deals',
  'products',
  'activities',
  'views',
] as const;
export type CrmModule = (typeof CRM_MODULES)[number];

export const BUILT_IN_PROFILES = ['ADMINISTRATOR', 'STANDARD'] as const;
export type BuiltInProfile = (typeof BUILT_IN_PROFILES)[number];

@Entity('profile')
@Index('uq_profile_tenant_name', ['tenantId', 'name'], { unique: true })
export class Profile extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 80 })
  name: string;

  /** Administrator and Standard exist in every tenant and cannot be deleted. */
  @CodeColumn(20, { nullable: true })
  builtIn: BuiltInProfile | null;

  /** Administrators manage users, profiles, teams, picklists, custom fields and connectors. */
  @Column({ type: 'boolean', default: false })
  isAdmin: boolean;

  @CodeColumn(8, { default: 'ALL' })
  recordAccess: RecordAccess;

  @JsonColumn()
  modules: CrmModule[];
}
