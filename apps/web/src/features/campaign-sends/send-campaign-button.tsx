import { Button } from '@mantine/core';
import { IconSend } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../../auth/auth-context';
import { useInstallations } from '../installations/installations-api';
import { useMarketplace } from '../marketplace/marketplace-api';
import type { SavedView } from '../views/filter-types';
import { SendCampaignDialog } from './send-campaign-dialog';

/**
 * "Send campaign" over a list of organizations (their contacts) or contacts: for administrators,
 * when an active installation's connector can send campaigns. It goes to the saved view the list
 * shows, as saved (`view` is null while the list shows something else).
 */
export function SendCampaignButton({ view }: { view: SavedView | null }) {
  const { t } = useTranslation();
  const { currentUser } = useAuth();
  const [opened, setOpened] = useState(false);
  const isAdmin = currentUser?.profile.isAdmin ?? false;
  const installations = useInstallations();
  const marketplace = useMarketplace();
  const senders = new Set(
    (marketplace.data ?? [])
      .filter((entry) => entry.capabilities.includes('campaignSending'))
      .map((entry) => entry.key),
  );
  const eligible = (installations.data ?? []).filter(
    (installation) => installation.status === 'ACTIVE' && senders.has(installation.connector.key),
  );
  if (!isAdmin || eligible.length === 0) return null;
  return (
    <>
      <Button
        variant="light"
        leftSection={<IconSend size={16} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        {t('campaignSend.open')}
      </Button>
      {opened && (
        <SendCampaignDialog installations={eligible} view={view} opened onClose={() => setOpened(false)} />
      )}
    </>
  );
}
