import { List, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Fact } from '../../components/fact';
import { formatNumber } from '../../i18n/format';
import { EXCLUSION_REASONS, type RecipientCounts, type RecipientSample } from './campaign-sends-api';

interface RecipientPreviewProps {
  counts: RecipientCounts;
  /** A few people per reason, when the pre-send check gave them. */
  samples?: Record<string, RecipientSample[]>;
}

/** Who the campaign reaches and who it leaves out, by reason, with a few names each. */
export function RecipientPreview({ counts, samples }: RecipientPreviewProps) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <>
      <SimpleGrid cols={3} component="dl" m={0}>
        {(['people', 'recipients', 'members'] as const).map((count) => (
          <Fact key={count} label={t(`campaignSend.counts.${count}`)}>
            <span data-recipients={count}>{n(counts[count])}</span>
          </Fact>
        ))}
      </SimpleGrid>
      <Title order={3} size="h5">
        {t('campaignSend.excluded')}
      </Title>
      <Table verticalSpacing={4}>
        <caption className="visually-hidden">{t('campaignSend.excluded')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('campaignSend.reason')}</Table.Th>
            <Table.Th scope="col">{t('campaignSend.people')}</Table.Th>
            {samples && <Table.Th scope="col">{t('campaignSend.examples')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {EXCLUSION_REASONS.map((reason) => (
            <Table.Tr key={reason}>
              <Table.Th scope="row" fw={500}>
                {t(`campaignSend.reasons.${reason}`)}
              </Table.Th>
              <Table.Td data-excluded={reason}>{n(counts.excluded[reason])}</Table.Td>
              {samples && (
                <Table.Td className="break-anywhere">
                  {samples[reason]?.length ? (
                    <List size="xs" spacing={0}>
                      {samples[reason].map((sample) => (
                        <List.Item key={`${sample.recordId}:${sample.email ?? ''}`}>
                          {sample.name}
                          {sample.email ? ` (${sample.email})` : ''}
                        </List.Item>
                      ))}
                    </List>
                  ) : (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </>
  );
}
