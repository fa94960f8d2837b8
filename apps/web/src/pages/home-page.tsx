import { Anchor, Button, Card, Group, Image, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useSearchParams } from 'react-router';
import { useAuth } from '../auth/auth-context';
import { EmptyState } from '../components/empty-state';
import { QueryState } from '../components/query-state';
import { InstallationStatusBadge } from '../features/installations/installation-status-badge';
import { useInstallations } from '../features/installations/installations-api';

/**
 * The start page. A vendor's OAuth callback lands here (`/?installation=…&authorized=1`), and is
 * passed on to that installation's page with the outcome.
 */
export function HomePage() {
  const [params] = useSearchParams();
  const installationId = params.get('installation');
  if (installationId) {
    const outcome = new URLSearchParams();
    for (const key of ['authorized', 'authorization_error']) {
      const value = params.get(key);
      if (value) outcome.set(key, value);
    }
    return <Navigate to={`/installations/${encodeURIComponent(installationId)}?${outcome}`} replace />;
  }
  return <Overview />;
}

function Overview() {
  const { t } = useTranslation();
  const { currentUser } = useAuth();
  const installations = useInstallations();
  return (
    <Stack>
      <div>
        <Title order={1}>{t('home.welcome', { name: currentUser?.user.name })}</Title>
        <Text c="dimmed">{currentUser?.tenant.name}</Text>
      </div>
      <Title order={2} size="h3">
        {t('home.connectors')}
      </Title>
      <QueryState
        query={installations}
        isEmpty={(list) => list.length === 0}
        empty={
          <EmptyState
            title={t('home.noConnectors')}
            description={
              currentUser?.profile.isAdmin ? t('home.noConnectorsAdmin') : t('home.noConnectorsUser')
            }
            action={
              <Button component={Link} to="/marketplace">
                {t('home.openMarketplace')}
              </Button>
            }
          />
        }
      >
        {(list) => (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {list.map((installation) => (
              <Card key={installation.id} withBorder>
                <Group wrap="nowrap">
                  <Image src={installation.connector.logoUrl} alt="" w={36} h={36} />
                  <div>
                    <Anchor component={Link} to={`/installations/${installation.id}`} fw={600}>
                      {installation.account?.label ?? installation.connector.name}
                    </Anchor>
                    <div>
                      <InstallationStatusBadge status={installation.status} />
                    </div>
                  </div>
                </Group>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </QueryState>
    </Stack>
  );
}
