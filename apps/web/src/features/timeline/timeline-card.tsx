import { Card, Group, Text, Timeline, Title } from '@mantine/core';
import {
  IconCalendarEvent,
  IconChecklist,
  IconMail,
  IconMailForward,
  IconNote,
  IconPhone,
  IconSpeakerphone,
  type Icon,
} from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Pager } from '../../components/pager';
import { QueryState } from '../../components/query-state';
import { formatDateTime } from '../../i18n/format';
import { useTimeline, type ActivityType } from './timeline-api';

const PAGE_SIZE = 10;

const ICONS: Record<ActivityType, Icon> = {
  EMAIL_IN: IconMail,
  EMAIL_OUT: IconMailForward,
  CAMPAIGN_EVENT: IconSpeakerphone,
  NOTE: IconNote,
  CALENDAR_EVENT: IconCalendarEvent,
  CALL: IconPhone,
  TASK: IconChecklist,
};

/** The record's activities (emails, campaign events, notes, calls…), newest first. */
export function TimelineCard({ module, recordId }: { module: string; recordId: string }) {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState(1);
  const timeline = useTimeline(module, recordId, page, PAGE_SIZE);
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">
        {t('recordPage.timeline')}
      </Title>
      <QueryState
        query={timeline}
        isEmpty={(data) => data.total === 0}
        empty={
          <Text size="sm" c="dimmed">
            {t('recordPage.noActivities')}
          </Text>
        }
      >
        {(data) => (
          <>
            <Timeline bulletSize={24} lineWidth={2} aria-label={t('recordPage.timeline')}>
              {data.items.map((activity) => {
                const ActivityIcon = ICONS[activity.type] ?? IconNote;
                return (
                  <Timeline.Item
                    key={activity.id}
                    bullet={<ActivityIcon size={14} aria-hidden />}
                    title={activity.subject}
                  >
                    <Text size="xs" c="dimmed">
                      {t(`activityTypes.${activity.type}`, { defaultValue: activity.type })} ·{' '}
                      {formatDateTime(activity.occurredAt, i18n.language)}
                    </Text>
                    {activity.body && (
                      <Text size="sm" mt={2} lineClamp={3}>
                        {activity.body}
                      </Text>
                    )}
                  </Timeline.Item>
                );
              })}
            </Timeline>
            {data.total > data.pageSize && (
              <Group justify="center" mt="sm">
                <Pager pages={Math.ceil(data.total / data.pageSize)} value={page} onChange={setPage} />
              </Group>
            )}
          </>
        )}
      </QueryState>
    </Card>
  );
}
