import type { ConnectorInstallation } from './installation.entities';

/** The part of a user that decides whether an installation's scope admits them. */
export interface ScopeMember {
  isAdmin: boolean;
  profileId: string;
}

/**
 * Whether an installation's scope admits a user: admins always; ALL_USERS everyone; PROFILES
 * users of the chosen profiles. Shared by route access and notification recipients, so "who may
 * see it" and "who is told about it" cannot drift apart.
 */
export function scopeAdmits(
  installation: Pick<ConnectorInstallation, 'scope' | 'profileIds'>,
  member: ScopeMember,
): boolean {
  if (member.isAdmin) return true;
  switch (installation.scope) {
    case 'ALL_USERS':
      return true;
    case 'PROFILES':
      return installation.profileIds.includes(member.profileId);
    default:
      return false;
  }
}
