import type { Icon } from '@tabler/icons-react';
import { IconApps, IconBuilding, IconHome, IconTarget, IconUsers } from '@tabler/icons-react';
import type { CrmModule, CurrentUser } from '../api/api-types';

export interface NavItem {
  /** i18n key of the label. */
  label: string;
  path: string;
  icon: Icon;
  /** Shown only when the user's profile includes this module (administrators have them all). */
  module?: CrmModule;
  adminOnly?: boolean;
}

/** The app's sections, in menu order; a section is added here when its page lands. */
export const NAV_ITEMS: NavItem[] = [
  { label: 'nav.home', path: '/', icon: IconHome },
  { label: 'nav.organizations', path: '/organizations', icon: IconBuilding, module: 'organizations' },
  { label: 'nav.contacts', path: '/contacts', icon: IconUsers, module: 'contacts' },
  { label: 'nav.leads', path: '/leads', icon: IconTarget, module: 'leads' },
  { label: 'nav.marketplace', path: '/marketplace', icon: IconApps },
];

/** Whether the signed-in user may open a module (the API checks the same rule on every call). */
export function canUseModule(user: CurrentUser, module: CrmModule): boolean {
  return user.profile.isAdmin || user.profile.modules.includes(module);
}

export function visibleNavItems(user: CurrentUser): NavItem[] {
  return NAV_ITEMS.filter(
    (item) => (!item.adminOnly || user.profile.isAdmin) && (!item.module || canUseModule(user, item.module)),
  );
}
