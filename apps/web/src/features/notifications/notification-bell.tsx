import {
  ActionIcon,
  Anchor,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ErrorAlert } from '../../components/error-alert';
import { formatDateTime } from '../../i18n/format';
import {
  subjectPath,
  useMarkAllRead,
  useMarkRead,
  useNotificationInbox,
  type NotificationItem,
} from './notifications-api';

/** The header's bell: the unread count, kept current by polling, and the latest notifications. */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const inbox = useNotificationInbox();
  const markAll = useMarkAllRead();
  const unread = inbox.data?.unreadCount ?? 0;
  return (
    <>
      <span className="visually-hidden" aria-live="polite">
        {inbox.data ? t('notifications.unreadCount', { count: unread }) : ''}
      </span>
      <Popover
        opened={opened}
        onChange={(next) => (next ? undefined : close())}
        position="bottom-end"
        width={380}
        shadow="md"
        trapFocus
      >
        <Popover.Target>
          <Indicator
            label={unread > 99 ? '99+' : unread}
            size={18}
            disabled={unread === 0}
            offset={4}
            color="red"
          >
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              onClick={toggle}
              aria-label={t('notifications.bell', { count: unread })}
              aria-expanded={opened}
              aria-haspopup="dialog"
            >
              <IconBell size={20} aria-hidden />
            </ActionIcon>
          </Indicator>
        </Popover.Target>
        <Popover.Dropdown p={0} role="dialog" aria-label={t('notifications.title')}>
          <Group justify="space-between" p="sm">
            <Text fw={700}>{t('notifications.title')}</Text>
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={unread === 0}
              loading={markAll.isPending}
              onClick={() => markAll.mutate()}
            >
              {t('notifications.markAllRead')}
            </Button>
          </Group>
          <Divider />
          {inbox.isError && <ErrorAlert error={inbox.error} />}
          <ScrollArea.Autosize mah={420}>
            {inbox.data && inbox.data.items.length === 0 ? (
              <Text size="sm" c="dimmed" p="sm">
                {t('notifications.empty')}
              </Text>
            ) : (
              <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
                {inbox.data?.items.map((item) => (
                  <NotificationRow key={item.id} item={item} onOpen={close} />
                ))}
              </Stack>
            )}
          </ScrollArea.Autosize>
          <Divider />
          <Group p="sm" justify="flex-end">
            <Anchor component={Link} to="/settings/notifications" size="sm" onClick={close}>
              {t('notifications.settings')}
            </Anchor>
          </Group>
        </Popover.Dropdown>
      </Popover>
    </>
  );
}

/** One notification; opening it marks it read and goes to the record it is about. */
function NotificationRow({ item, onOpen }: { item: NotificationItem; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const markRead = useMarkRead();
  const path = subjectPath(item);
  const unread = item.readAt === null;
  const open = () => {
    if (unread) markRead.mutate(item.id);
    if (path) {
      onOpen();
      void navigate(path);
    }
  };
  return (
    <li>
      <UnstyledButton
        onClick={open}
        p="sm"
        w="100%"
        bg={unread ? 'var(--mantine-primary-color-light)' : undefined}
        aria-label={unread ? t('notifications.unreadItem', { title: item.title }) : item.title}
      >
        <Text size="sm" fw={unread ? 700 : 400} style={{ overflowWrap: 'anywhere' }}>
          {item.title}
        </Text>
        {item.body && (
          <Text size="xs" c="dimmed" lineClamp={2}>
            {item.body}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t(`notificationTypes.${item.type}`)} · {formatDateTime(item.createdAt, i18n.language)}
        </Text>
      </UnstyledButton>
    </li>
  );
}
