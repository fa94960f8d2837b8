import { Card, Stack, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/error-alert';
import { QueryState } from '../../components/query-state';
import { useNotificationPreferences, useSaveNotificationPreference } from './notifications-api';

/** The signed-in user's own choice of notifications, one switch per type, saved as it is flipped. */
export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const preferences = useNotificationPreferences();
  const save = useSaveNotificationPreference();
  return (
    <Stack maw={720}>
      <div>
        <Title order={1}>{t('notificationSettings.title')}</Title>
        <Text c="dimmed">{t('notificationSettings.intro')}</Text>
      </div>
      {save.error && <ErrorAlert error={save.error} title={t('notificationSettings.saveFailed')} />}
      <QueryState query={preferences}>
        {(list) => (
          <Card withBorder>
            <Stack gap="md">
              {list.map((preference) => (
                <Switch
                  key={preference.type}
                  label={t(`notificationTypes.${preference.type}`)}
                  description={t(`notificationSettings.help.${preference.type}`)}
                  checked={preference.enabled}
                  disabled={save.isPending && save.variables?.type === preference.type}
                  onChange={(event) =>
                    save.mutate(
                      { type: preference.type, enabled: event.currentTarget.checked },
                      {
                        onSuccess: () =>
                          notifications.show({ color: 'green', message: t('notificationSettings.saved') }),
                      },
                    )
                  }
                />
              ))}
            </Stack>
          </Card>
        )}
      </QueryState>
    </Stack>
  );
}
