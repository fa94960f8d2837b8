import { Button, Card, Group, List, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { formatDateTime, formatNumber } from '../../i18n/format';
import {
  ACTIVITY_COUNTS,
  useCampaignActivity,
  type CampaignActivityLine,
  type CampaignRecordModule,
} from './campaign-activity-api';

const PAGE_SIZE = 10;

/** What the campaigns did with the record: totals, then each campaign with its events on demand. */
export function CampaignActivityCard({
  module,
  recordId,
}: {
  module: CampaignRecordModule;
  recordId: string;
}) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const activity = useCampaignActivity(module, recordId, page, PAGE_SIZE);
  const n = (value: number) => formatNumber(value, i18n.language);
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t('recordPage.campaignActivity')}
      </Title>
      <QueryState
        query={activity}
        isEmpty={(data) => data.totals.campaigns === 0}
        empty={
          <Text size="sm" c="dimmed">
            {t('recordPage.noCampaigns')}
          </Text>
        }
      >
        {(data) => (
          <>
            <SimpleGrid cols={{ base: 3, sm: 6 }} component="dl" m={0} mb="sm">
              {(['campaigns', ...ACTIVITY_COUNTS] as const).map((count) => (
                <div key={count}>
                  <Text component="dt" size="xs" fw={700} tt="uppercase" c="dimmed">
                    {t(`campaignCounts.${count}`)}
                  </Text>
                  <Text component="dd" m={0} fw={600} data-activity={count}>
                    {n(data.totals[count])}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
            <Table.ScrollContainer minWidth={560}>
              <Table verticalSpacing={6}>
                <caption className="visually-hidden">{t('recordPage.campaignActivity')}</caption>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('recordPage.campaign')}</Table.Th>
                    <Table.Th scope="col">{t('recordPage.sentAt')}</Table.Th>
                    {(['opened', 'clicked', 'bounced'] as const).map((count) => (
                      <Table.Th scope="col" key={count}>
                        {t(`campaignCounts.${count}`)}
                      </Table.Th>
                    ))}
                    <Table.Th scope="col">
                      <span className="visually-hidden">{t('recordPage.details')}</span>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.items.map((line) => (
                    <CampaignRow key={line.campaign.id} line={line} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {data.total > data.pageSize && (
              <Group justify="flex-end" mt="xs">
                <Pager pages={Math.ceil(data.total / data.pageSize)} value={page} onChange={setPage} />
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}

/** One campaign's counts; its events (when opened, which link) open below it. */
function CampaignRow({ line }: { line: CampaignActivityLine }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const detailsId = `campaign-events-${line.campaign.id}`;
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td>
          <Text size="sm" fw={500}>
            {line.campaign.name}
          </Text>
          {line.campaign.subject && (
            <Text size="xs" c="dimmed">
              {line.campaign.subject}
            </Text>
          )}
        </Table.Td>
        <Table.Td>{formatDateTime(line.campaign.sentAt, i18n.language)}</Table.Td>
        <Table.Td>{line.opened}</Table.Td>
        <Table.Td>{line.clicked}</Table.Td>
        <Table.Td>{line.bounced}</Table.Td>
        <Table.Td>
          <Button
            size="compact-xs"
            variant="subtle"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((value) => !value)}
          >
            {open ? t('recordPage.hideEvents') : t('recordPage.showEvents')}
          </Button>
        </Table.Td>
      </Table.Tr>
      {open && (
        <Table.Tr id={detailsId}>
          <Table.Td colSpan={6}>
            {line.events.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('recordPage.noEvents')}
              </Text>
            ) : (
              <List size="sm" spacing={2}>
                {line.events.map((event, index) => (
                  <List.Item key={`${event.type}:${event.at}:${index}`}>
                    {formatDateTime(event.at, i18n.language)} · {t(`campaignEvents.${event.type}`)}
                    {event.url ? ` · ${event.url}` : ''}
                  </List.Item>
                ))}
              </List>
            )}
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}
