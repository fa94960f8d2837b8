import { Anchor, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useAuth } from '../../auth/auth-context';
import { QueryState } from '../../components/query-state';
import { StatusBadge } from '../../components/status-badge';
import { canUseModule } from '../../layout/navigation';
import { CampaignActivityCard } from '../campaign-activity/campaign-activity-card';
import { MembershipsCard } from '../memberships/memberships-card';
import { TimelineCard } from '../timeline/timeline-card';
import { EmailAddressesTable } from './email-addresses-table';
import { RecordDetails } from './record-details';
import { recordName, useRecord, type CrmRecord, type RecordModule } from './records-api';
import { TagBadges } from './tag-badges';

/**
 * One organization, contact or lead: its fields, addresses with their marketing flag and status,
 * opt-out and tags, its member status in each vendor list, campaign activity and timeline. Kept
 * current without a reload: the notification bell refreshes a record a notice is about.
 */
export function RecordPage({ module }: { module: RecordModule }) {
  const { recordId = '' } = useParams();
  const record = useRecord(module, recordId);
  return <QueryState query={record}>{(data) => <RecordView module={module} record={data} />}</QueryState>;
}

function RecordView({ module, record }: { module: RecordModule; record: CrmRecord }) {
  const { t } = useTranslation();
  const { currentUser } = useAuth();
  const activities = currentUser ? canUseModule(currentUser, 'activities') : false;
  const person = module !== 'organizations';
  return (
    <Stack>
      <div>
        <Anchor component={Link} to={`/${module}`} size="sm">
          {t(`nav.${module}`)}
        </Anchor>
        <Group gap="sm" align="center">
          <Title order={1}>{recordName(record)}</Title>
          {record.emailOptOut === true && (
            <StatusBadge color="orange">{t('recordPage.optedOut')}</StatusBadge>
          )}
        </Group>
        {record.tags.length > 0 && <TagBadges tags={record.tags} label={t('fields.tags')} />}
      </div>
      <Grid>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Stack>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('recordPage.details')}
              </Title>
              <RecordDetails module={module} record={record} />
              {person && (
                <Text size="sm" mt="sm">
                  {t('recordPage.optOut')}:{' '}
                  <strong data-field="emailOptOut">
                    {record.emailOptOut === true ? t('filters.yes') : t('filters.no')}
                  </strong>
                </Text>
              )}
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('recordPage.emails')}
              </Title>
              <EmailAddressesTable emails={record.emails} />
            </Card>
            <MembershipsCard module={module} recordId={record.id} />
            {person && activities && <CampaignActivityCard module={module} recordId={record.id} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          {activities && <TimelineCard module={module} recordId={record.id} />}
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
