import { Alert, Anchor, Badge, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../i18n/format';
import type { ChosenRecords } from '../records/record-selection';
import { ADDITION_OUTCOMES, type AdditionResult, type AudienceModule } from './audiences-api';

interface AdditionResultViewProps {
  result: AdditionResult;
  installationId: string;
  module: AudienceModule;
  records: ChosenRecords;
}

/** Reasons the API gives as codes rather than sentences. */
const REASON_CODES = new Set(['NOT_FOUND']);

/** How many records each outcome had, and every record that was not added with its reason. */
export function AdditionResultView({ result, installationId, module, records }: AdditionResultViewProps) {
  const { t, i18n } = useTranslation();
  const refused = [
    ...result.skipped.map((entry) => ({ ...entry, outcome: 'skipped' as const })),
    ...result.failed.map((entry) => ({ ...entry, outcome: 'failed' as const })),
  ];
  const underWay = result.status === 'QUEUED' || result.status === 'RUNNING';
  const reasonOf = (reason: string | null) =>
    reason && REASON_CODES.has(reason) ? t(`audience.reasons.${reason}`) : (reason ?? '—');
  return (
    <Stack>
      {underWay && (
        <Alert color="blue" variant="light" role="status">
          {t('audience.underWay')}{' '}
          <Anchor component={Link} to={`/installations/${installationId}/sync`}>
            {t('installation.syncDashboard')}
          </Anchor>
        </Alert>
      )}
      {result.tag && (
        <Group gap="xs">
          <Text size="sm">{t('audience.taggedWith')}</Text>
          <Badge variant="outline" color="gray" c="dark.6">
            {result.tag}
          </Badge>
        </Group>
      )}
      <SimpleGrid cols={{ base: 3, sm: 5 }} component="dl" m={0} aria-label={t('audience.summary')}>
        {ADDITION_OUTCOMES.map((outcome) => (
          <div key={outcome}>
            <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed">
              {t(`audience.outcomes.${outcome}`)}
            </Text>
            <Text component="dd" m={0} fw={600} data-outcome={outcome}>
              {formatNumber(result[outcome].length, i18n.language)}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      {refused.length > 0 && (
        <>
          <Title order={3} size="h5">
            {t('audience.notAdded')}
          </Title>
          <Table.ScrollContainer minWidth={560} mah={320}>
            <Table striped verticalSpacing={4}>
              <caption className="visually-hidden">{t('audience.notAdded')}</caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('audience.record')}</Table.Th>
                  <Table.Th scope="col">{t('fields.email')}</Table.Th>
                  <Table.Th scope="col">{t('audience.outcome')}</Table.Th>
                  <Table.Th scope="col">{t('audience.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {refused.map((entry) => (
                  <Table.Tr key={`${entry.recordId}:${entry.email ?? ''}`}>
                    <Table.Td>
                      <Anchor component={Link} to={`/${module}/${entry.recordId}`} size="sm">
                        {records.get(entry.recordId) ?? entry.recordId}
                      </Anchor>
                    </Table.Td>
                    <Table.Td className="break-anywhere">{entry.email ?? '—'}</Table.Td>
                    <Table.Td>{t(`audience.outcomes.${entry.outcome}`)}</Table.Td>
                    <Table.Td>{reasonOf(entry.reason)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Stack>
  );
}
