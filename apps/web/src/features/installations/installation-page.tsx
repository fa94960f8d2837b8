import { Alert, Button, Card, Group, Image, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlugConnected } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Installation } from '../../api/api-types';
import { useAuth } from '../../auth/auth-context';
import { ErrorAlert } from '../../components/error-alert';
import { Fact } from '../../components/fact';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../i18n/format';
import { AuthorizationResult } from './authorization-result';
import { InstallationStatusBadge } from './installation-status-badge';
import { useAuthorizeInstallation, useInstallation, useUninstall } from './installations-api';

/** One installed connector: its state, its account, and the way to (re)authorize it. */
export function InstallationPage() {
  const { installationId = '' } = useParams();
  const installation = useInstallation(installationId);
  return (
    <QueryState query={installation}>{(data) => <InstallationDetails installation={data} />}</QueryState>
  );
}

function InstallationDetails({ installation }: { installation: Installation }) {
  const { t, i18n } = useTranslation();
  const { currentUser } = useAuth();
  const isAdmin = currentUser?.profile.isAdmin ?? false;
  const name = installation.connector.name;
  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <Group wrap="nowrap">
          <Image src={installation.connector.logoUrl} alt="" w={48} h={48} />
          <div>
            <Title order={1}>{name}</Title>
            <InstallationStatusBadge status={installation.status} />
          </div>
        </Group>
        {isAdmin && <UninstallButton installation={installation} />}
      </Group>
      <AuthorizationResult connectorName={name} />
      <StatusPanel installation={installation} isAdmin={isAdmin} />
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, sm: 3 }} component="dl" style={{ margin: 0 }}>
          <Fact label={t('installation.account')}>
            {installation.account?.label ?? t('installation.noAccount')}
          </Fact>
          <Fact label={t('installation.scope')}>{t(`scopes.${installation.scope}`)}</Fact>
          <Fact label={t('installation.installedAt')}>
            {formatDateTime(installation.createdAt, i18n.language)}
          </Fact>
        </SimpleGrid>
      </Card>
    </Stack>
  );
}

function StatusPanel({ installation, isAdmin }: { installation: Installation; isAdmin: boolean }) {
  const { t } = useTranslation();
  const authorize = useAuthorizeInstallation();
  const name = installation.connector.name;
  if (installation.status === 'ACTIVE')
    return (
      <Alert color="green" variant="light" title={t('installation.activeTitle')}>
        <Stack gap="sm" align="flex-start">
          <Text size="sm">
            {t('installation.activeHelp', { account: installation.account?.label ?? name })}
          </Text>
          <Group>
            {isAdmin && (
              <Button component={Link} to={`/installations/${installation.id}/setup`}>
                {t('installation.setUpSync')}
              </Button>
            )}
            <Button component={Link} to={`/installations/${installation.id}/sync`} variant="light">
              {t('installation.syncDashboard')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  const needsAgain = installation.status === 'NEEDS_REAUTHORIZATION';
  return (
    <Alert
      color={needsAgain ? 'red' : 'yellow'}
      variant="light"
      title={needsAgain ? t('installation.reauthorizeTitle') : t('installation.pendingTitle')}
    >
      <Stack gap="sm" align="flex-start">
        <Text size="sm">{installation.statusReason ?? t('installation.pendingHelp', { name })}</Text>
        {isAdmin ? (
          <Button
            leftSection={<IconPlugConnected aria-hidden size={18} />}
            loading={authorize.isPending}
            onClick={() => authorize.mutate(installation.id)}
          >
            {needsAgain ? t('installation.reauthorize', { name }) : t('installation.authorize', { name })}
          </Button>
        ) : (
          <Text size="sm">{t('installation.askAdmin')}</Text>
        )}
        {authorize.error && <ErrorAlert error={authorize.error} />}
      </Stack>
    </Alert>
  );
}

function UninstallButton({ installation }: { installation: Installation }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const uninstall = useUninstall();
  const name = installation.connector.name;
  const confirm = () =>
    modals.openConfirmModal({
      title: t('installation.uninstallTitle', { name }),
      children: <Text size="sm">{t('installation.uninstallHelp', { name })}</Text>,
      labels: { confirm: t('installation.uninstall'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () =>
        uninstall.mutate(installation.id, {
          onSuccess: () => {
            notifications.show({ color: 'green', message: t('installation.uninstalled', { name }) });
            void navigate('/marketplace');
          },
          onError: (error) => notifications.show({ color: 'red', message: error.message }),
        }),
    });
  return (
    <Button variant="outline" color="red" onClick={confirm} loading={uninstall.isPending}>
      {t('installation.uninstall')}
    </Button>
  );
}
