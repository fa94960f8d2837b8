import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/status-badge';
import type { EmailStatus } from './records-api';

const COLORS: Record<EmailStatus, string> = {
  ACTIVE: 'green',
  UNSUBSCRIBED_BY_US: 'gray',
  BOUNCED: 'red',
  UNSUBSCRIBED_BY_USER: 'orange',
};

export function EmailStatusBadge({ status }: { status: EmailStatus }) {
  const { t } = useTranslation();
  return (
    <StatusBadge color={COLORS[status] ?? 'gray'}>
      {t(`emailStatus.${status}`, { defaultValue: status })}
    </StatusBadge>
  );
}
