import { Alert, Anchor, Button, Stack, Stepper, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Installation, SyncSettings } from '../../api/api-types';
import { useAuth } from '../../auth/auth-context';
import { QueryState } from '../../components/query-state';
import { useInstallation } from '../installations/installations-api';
import { useMarketplace } from '../marketplace/marketplace-api';
import { MappingStep } from './mapping-step';
import { RunStep } from './run-step';
import { SettingsStep } from './settings-step';
import { useMappings, useSyncSettings } from './sync-settings-api';

/** The sync-settings wizard: settings, field mapping, a dry-run preview, then Sync now. */
export function SyncWizardPage() {
  const { t } = useTranslation();
  const { installationId = '' } = useParams();
  const { currentUser } = useAuth();
  const installation = useInstallation(installationId);
  const settings = useSyncSettings(installationId);
  if (!currentUser?.profile.isAdmin)
    return (
      <Alert color="yellow" title={t('wizard.title')}>
        {t('wizard.adminsOnly')}
      </Alert>
    );
  return (
    <QueryState query={installation}>
      {(data) =>
        data.status !== 'ACTIVE' ? (
          <Alert color="yellow" title={t('wizard.title')}>
            {t('wizard.needsAuthorization')}{' '}
            <Anchor component={Link} to={`/installations/${data.id}`}>
              {t('wizard.toInstallation')}
            </Anchor>
          </Alert>
        ) : (
          <QueryState query={settings}>
            {(initial) => <Wizard installation={data} initial={initial} />}
          </QueryState>
        )
      }
    </QueryState>
  );
}

function Wizard({ installation, initial }: { installation: Installation; initial: SyncSettings }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [step, setStep] = useState(0);
  const [saved, setSaved] = useState<SyncSettings>(initial);
  const marketplace = useMarketplace();
  const capabilities = marketplace.data?.find(
    (entry) => entry.key === installation.connector.key,
  )?.capabilities;
  const mappedList = saved.targetListId ?? saved.listIds[0] ?? null;
  const mappings = useMappings(installation.id, step === 1 ? mappedList : null);
  const vendor = installation.connector.name;
  const dashboard = `/installations/${installation.id}/sync`;
  return (
    <Stack>
      <div>
        <Title order={1}>{t('wizard.title')}</Title>
        <Text c="dimmed">{installation.account?.label ?? vendor}</Text>
      </div>
      <Stepper
        active={step}
        onStepClick={(next) => next < step && setStep(next)}
        allowNextStepsSelect={false}
      >
        <Stepper.Step label={t('wizard.steps.settings')}>
          <SettingsStep
            installation={installation}
            initial={saved}
            supportsCarts={capabilities?.includes('ecommerceCarts') ?? false}
            onSaved={(settings) => {
              setSaved(settings);
              setStep(1);
            }}
          />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.mapping')}>
          {mappedList === null ? (
            <Stack>
              <Text>{t('wizard.noListToMap', { noun: installation.connector.listNoun })}</Text>
              <Button onClick={() => setStep(2)} w="fit-content">
                {t('wizard.continue')}
              </Button>
            </Stack>
          ) : (
            <QueryState query={mappings}>
              {(data) => (
                <MappingStep
                  installationId={installation.id}
                  vendorName={vendor}
                  mappings={data}
                  onSaved={() => setStep(2)}
                  onBack={() => setStep(0)}
                />
              )}
            </QueryState>
          )}
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.preview')}>
          {/* Keyed: the two run steps sit at the same place in the tree and must not share a run. */}
          <RunStep
            key="preview"
            installationId={installation.id}
            dryRun
            intro={t('wizard.previewIntro', { vendor })}
            startLabel={t('wizard.startDryRun')}
            onBack={() => setStep(1)}
            next={<Button onClick={() => setStep(3)}>{t('wizard.continue')}</Button>}
          />
        </Stepper.Step>
        <Stepper.Step label={t('wizard.steps.sync')}>
          <RunStep
            key="sync"
            installationId={installation.id}
            dryRun={false}
            intro={t('wizard.syncIntro', { vendor })}
            startLabel={t('wizard.syncNow')}
            onBack={() => setStep(2)}
            next={<Button onClick={() => void navigate(dashboard)}>{t('wizard.toDashboard')}</Button>}
          />
        </Stepper.Step>
      </Stepper>
    </Stack>
  );
}
