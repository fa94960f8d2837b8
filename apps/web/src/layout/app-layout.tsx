import {
  AppShell,
  Burger,
  Group,
  Menu,
  NavLink,
  Text,
  UnstyledButton,
  Avatar,
  Divider,
  ScrollArea,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBellCog, IconChevronDown, IconLogout, IconPlug } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import type { CurrentUser } from '../api/api-types';
import { useAuth } from '../auth/auth-context';
import { InstallationStatusBadge } from '../features/installations/installation-status-badge';
import { useInstallations } from '../features/installations/installations-api';
import { NotificationBell } from '../features/notifications/notification-bell';
import { LanguageSwitch } from './language-switch';
import { visibleNavItems } from './navigation';

/** The signed-in frame: header with tenant and user menu, navigation, and the page. */
export function AppLayout({ user }: { user: CurrentUser }) {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure();
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="lg"
    >
      <a href="#main" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Text fw={700} size="lg">
              CRM Connect
            </Text>
            <Text c="dimmed" size="sm" visibleFrom="xs">
              {user.tenant.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <NotificationBell />
            <UserMenu user={user} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')}>
        <AppShell.Section grow component={ScrollArea}>
          <Navigation user={user} onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function Navigation({ user, onNavigate }: { user: CurrentUser; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const installations = useInstallations();
  return (
    <nav>
      {visibleNavItems(user).map((item) => (
        <NavLink
          key={item.path}
          component={RouterNavLink}
          to={item.path}
          end={item.path === '/'}
          label={t(item.label)}
          leftSection={<item.icon size={18} aria-hidden />}
          active={item.path === '/' ? pathname === '/' : pathname.startsWith(item.path)}
          onClick={onNavigate}
        />
      ))}
      {(installations.data?.length ?? 0) > 0 && (
        <>
          <Divider my="xs" label={t('nav.connectors')} labelPosition="left" />
          {installations.data!.map((installation) => (
            <NavLink
              key={installation.id}
              component={RouterNavLink}
              to={`/installations/${installation.id}`}
              label={installation.account?.label ?? installation.connector.name}
              description={<InstallationStatusBadge status={installation.status} />}
              leftSection={<IconPlug size={18} aria-hidden />}
              active={pathname.startsWith(`/installations/${installation.id}`)}
              onClick={onNavigate}
            />
          ))}
        </>
      )}
    </nav>
  );
}

function UserMenu({ user }: { user: CurrentUser }) {
  const { t } = useTranslation();
  const { signOut } = useAuth();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={t('nav.userMenu', { name: user.user.name })}>
          <Group gap={6} wrap="nowrap">
            <Avatar size="sm" radius="xl" color="teal" name={user.user.name} />
            <Text size="sm" visibleFrom="sm">
              {user.user.name}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.user.email} · {user.profile.name}
        </Menu.Label>
        <Menu.Item
          component={Link}
          to="/settings/notifications"
          leftSection={<IconBellCog size={16} aria-hidden />}
        >
          {t('notifications.settings')}
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={() => void signOut()}>
          {t('auth.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
