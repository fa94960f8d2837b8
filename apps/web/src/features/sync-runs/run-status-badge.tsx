import { useTranslation } from 'react-i18next';
import type { RunStatus } from '../../api/api-types';
import { StatusBadge } from '../../components/status-badge';

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
  return <StatusBadge color={COLORS[status]}>{t(`runStatus.${status}`)}</StatusBadge>;
}
