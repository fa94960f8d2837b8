import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RunStatus } from '../../api/api-types';

const COLORS: Record<RunStatus, string> = {
  QUEUED: 'gray',
  RUNNING: 'blue',
  SUCCEEDED: 'green',
  PARTIAL: 'orange',
  FAILED: 'red',
  CANCELLED: 'gray',
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" c={`${COLORS[status]}.9`}>
      {t(`runStatus.${status}`)}
    </Badge>
  );
}
