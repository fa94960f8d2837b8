import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/status-badge';
import type { MemberStatus } from './memberships-api';

const COLORS: Record<MemberStatus, string> = {
  subscribed: 'green',
  unsubscribed: 'orange',
  cleaned: 'red',
  pending: 'yellow',
  archived: 'gray',
  transactional: 'blue',
  deleted: 'gray',
};

/** A vendor's member status; null is a link the vendor has not confirmed yet. */
export function MemberStatusBadge({ status }: { status: MemberStatus | null }) {
  const { t } = useTranslation();
  if (!status) return <StatusBadge color="gray">{t('memberStatus.unknown')}</StatusBadge>;
  return (
    <StatusBadge color={COLORS[status] ?? 'gray'}>
      {t(`memberStatus.${status}`, { defaultValue: status })}
    </StatusBadge>
  );
}
