import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { InstallationStatus } from '../../api/api-types';

const COLORS: Record<InstallationStatus, string> = {
  PENDING_AUTHORIZATION: 'yellow',
  ACTIVE: 'green',
  NEEDS_REAUTHORIZATION: 'red',
};

export function InstallationStatusBadge({ status }: { status: InstallationStatus }) {
  const { t } = useTranslation();
  // Dark text on the light variant keeps the contrast above 4.5:1 for every colour.
  return (
    <Badge color={COLORS[status]} variant="light" c={`${COLORS[status]}.9`}>
      {t(`installationStatus.${status}`)}
    </Badge>
  );
}
