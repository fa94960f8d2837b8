import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context';
import { EmptyState } from '../../components/empty-state';
import { QueryState } from '../../components/query-state';
import { ConnectorCard } from './connector-card';
import { useMarketplace } from './marketplace-api';

/** The connector catalogue with this tenant's install state. */
export function MarketplacePage() {
  const { t } = useTranslation();
  const { currentUser } = useAuth();
  const marketplace = useMarketplace();
  return (
    <Stack>
      <div>
        <Title order={1}>{t('marketplace.title')}</Title>
        <Text c="dimmed">{t('marketplace.intro')}</Text>
      </div>
      <QueryState
        query={marketplace}
        isEmpty={(entries) => entries.length === 0}
        empty={<EmptyState title={t('marketplace.empty')} description={t('marketplace.emptyHelp')} />}
      >
        {(entries) => (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {entries.map((connector) => (
              <ConnectorCard
                key={connector.key}
                connector={connector}
                isAdmin={currentUser?.profile.isAdmin ?? false}
              />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
    </Stack>
  );
}
