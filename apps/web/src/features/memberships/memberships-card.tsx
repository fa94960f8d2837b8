import { Card, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../i18n/format';
import { useInstallations } from '../installations/installations-api';
import type { RecordModule } from '../records/records-api';
import { MemberStatusBadge } from './member-status-badge';
import { useMemberships, type Membership } from './memberships-api';

/** The newer of the last push and the last pull: when the CRM last heard of the member. */
const lastSynced = (membership: Membership) =>
  [membership.lastPushedAt, membership.lastPulledAt].filter(Boolean).sort().at(-1) ?? null;

/** Seed 001's Member Status: the record's addresses in each vendor list, with their status there. */
export function MembershipsCard({ module, recordId }: { module: RecordModule; recordId: string }) {
  const { t, i18n } = useTranslation();
  const memberships = useMemberships(module, recordId);
  const installations = useInstallations();
  const connectorName = (membership: Membership) =>
    installations.data?.find((installation) => installation.id === membership.installationId)?.connector
      .name ?? membership.connectorKey;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t('recordPage.memberships')}
      </Title>
      <QueryState
        query={memberships}
        isEmpty={(list) => list.length === 0}
        empty={
          <Text size="sm" c="dimmed">
            {t('recordPage.noMemberships')}
          </Text>
        }
      >
        {(list) => (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing={6}>
              <caption className="visually-hidden">{t('recordPage.memberships')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('recordPage.list')}</Table.Th>
                  <Table.Th scope="col">{t('fields.email')}</Table.Th>
                  <Table.Th scope="col">{t('recordPage.memberStatus')}</Table.Th>
                  <Table.Th scope="col">{t('recordPage.lastSynced')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((membership) => (
                  <Table.Tr key={`${membership.installationId}:${membership.listId}:${membership.email}`}>
                    <Table.Td>
                      {membership.listName ?? membership.listId}{' '}
                      <Text span size="xs" c="dimmed">
                        ({connectorName(membership)})
                      </Text>
                    </Table.Td>
                    <Table.Td className="break-anywhere">{membership.email}</Table.Td>
                    <Table.Td>
                      <MemberStatusBadge status={membership.status} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(lastSynced(membership), i18n.language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryState>
    </Card>
  );
}
