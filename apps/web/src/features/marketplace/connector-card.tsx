import { Anchor, Badge, Button, Card, Group, Image, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { MarketplaceEntry } from '../../api/api-types';
import { InstallationStatusBadge } from '../installations/installation-status-badge';
import { InstallDialog } from './install-dialog';

interface ConnectorCardProps {
  connector: MarketplaceEntry;
  isAdmin: boolean;
}

/** One connector of the catalogue: what it does, and this tenant's installations of it. */
export function ConnectorCard({ connector, isAdmin }: ConnectorCardProps) {
  const { t } = useTranslation();
  const [dialogOpened, dialog] = useDisclosure(false);
  const installed = connector.installations.length > 0;
  const headingId = `connector-${connector.key}-name`;
  return (
    <Card withBorder radius="md" padding="lg" component="article" aria-labelledby={headingId}>
      <Stack gap="sm" h="100%">
        <Group wrap="nowrap" align="center">
          <Image
            src={connector.logoUrl}
            alt={t('marketplace.logoAlt', { name: connector.name })}
            w={48}
            h={48}
          />
          <div>
            <Title order={2} size="h3" id={headingId}>
              {connector.name}
            </Title>
            <Anchor href={connector.vendorUrl} target="_blank" rel="noreferrer" size="sm">
              {new URL(connector.vendorUrl).host}
            </Anchor>
          </div>
        </Group>
        <Text size="sm">{connector.description}</Text>
        <div>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
            {t('marketplace.capabilities')}
          </Text>
          <Group gap={6} aria-label={t('marketplace.capabilities')} role="list">
            {connector.capabilities.map((capability) => (
              <Badge key={capability} variant="outline" color="gray" c="dark.6" role="listitem">
                {t(`capabilities.${capability}`)}
              </Badge>
            ))}
          </Group>
        </div>
        <div style={{ marginTop: 'auto' }}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" mb={4}>
            {t('marketplace.installState')}
          </Text>
          {installed ? (
            <Stack gap={4}>
              {connector.installations.map((installation) => (
                <Group key={installation.id} gap="xs">
                  <InstallationStatusBadge status={installation.status} />
                  <Anchor component={Link} to={`/installations/${installation.id}`} size="sm">
                    {t('marketplace.openInstallation', { scope: t(`scopes.${installation.scope}`) })}
                  </Anchor>
                </Group>
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              {t('marketplace.notInstalled')}
            </Text>
          )}
        </div>
        {isAdmin ? (
          <Button onClick={dialog.open} variant={installed ? 'light' : 'filled'}>
            {installed ? t('marketplace.installAnother') : t('marketplace.install', { name: connector.name })}
          </Button>
        ) : (
          !installed && (
            <Text size="sm" c="dimmed">
              {t('marketplace.askAdmin')}
            </Text>
          )
        )}
      </Stack>
      {isAdmin && <InstallDialog connector={connector} opened={dialogOpened} onClose={dialog.close} />}
    </Card>
  );
}
