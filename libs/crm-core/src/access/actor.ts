import type { TenantId } from '@crm/platform';
import type { CrmModule, RecordAccess } from '../identity/profile.entity';

/**
 * Who is acting, resolved from the bearer token or API key on every request. Services take it
 * first: it carries the tenant that scopes every query and the rights that narrow it further.
 */
export interface Actor {
  tenantId: TenantId;
  userId: string;
  profileId: string;
  isAdmin: boolean;
  recordAccess: RecordAccess;
  modules: readonly CrmModule[];
  teamIds: readonly string[];
}
