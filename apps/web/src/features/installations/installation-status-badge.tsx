import { useTranslation } from 'react-i18next';
import type { InstallationStatus } from '../../api/api-types';
import { StatusBadge } from '../../components/status-badge';

const COLORS: Record<InstallationStatus, string> = {
  PENDING_AUTHORIZATION: 'yellow',
  ACTIVE: 'green',
  NEEDS_REAUTHORIZATION: 'red',
};

export function InstallationStatusBadge({ status }: { status: InstallationStatus }) {
  const { t } = useTranslation();
  return <StatusBadge color={COLORS[status]}>{t(`installationStatus.${status}`)}</StatusBadge>;
}
