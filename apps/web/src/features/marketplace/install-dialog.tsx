import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  Radio,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { INSTALL_SCOPES, type InstallScope, type MarketplaceEntry } from '../../api/api-types';
import { ApiError } from '../../api/http-client';
import { ErrorAlert } from '../../components/error-alert';
import { useInstallConnector, useProfiles } from './marketplace-api';

interface InstallDialogProps {
  connector: MarketplaceEntry;
  opened: boolean;
  onClose: () => void;
}

/** Installs a connector: who may use it (scope) and the acceptance of its terms. */
export function InstallDialog({ connector, opened, onClose }: InstallDialogProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [scope, setScope] = useState<InstallScope>('ADMINS');
  const [profileIds, setProfileIds] = useState<string[]>([]);
  const [accepted, setAccepted] = useState(false);
  const profiles = useProfiles(opened && scope === 'PROFILES');
  const install = useInstallConnector(connector.key);
  const apiError = install.error instanceof ApiError ? install.error : null;
  const fieldError = (field: string) => apiError?.reasonsFor(field).join('; ') || undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    install.mutate(
      { scope, profileIds: scope === 'PROFILES' ? profileIds : undefined, acceptTerms: accepted },
      {
        onSuccess: (installation) => {
          notifications.show({
            color: 'green',
            message: t('install.installed', { name: connector.name }),
          });
          onClose();
          void navigate(`/installations/${installation.id}`);
        },
      },
    );
  };

  return (
    <Modal opened={opened} onClose={onClose} title={t('install.title', { name: connector.name })} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Radio.Group
            value={scope}
            onChange={(value) => setScope(value as InstallScope)}
            label={t('install.scopeLabel')}
            description={t('install.scopeDescription')}
            error={fieldError('scope')}
            required
          >
            <Stack gap="xs" mt="xs">
              {INSTALL_SCOPES.map((value) => (
                <Radio
                  key={value}
                  value={value}
                  label={t(`scopes.${value}`)}
                  description={t(`install.scopeHelp.${value}`)}
                />
              ))}
            </Stack>
          </Radio.Group>
          {scope === 'PROFILES' && (
            <MultiSelect
              label={t('install.profilesLabel')}
              placeholder={profiles.isPending ? t('states.loading') : t('install.profilesPlaceholder')}
              data={(profiles.data ?? []).map((profile) => ({ value: profile.id, label: profile.name }))}
              value={profileIds}
              onChange={setProfileIds}
              error={fieldError('profileIds') ?? (profiles.isError ? profiles.error.message : undefined)}
              searchable
              required
            />
          )}
          <div>
            <Text fw={600} size="sm" id="terms-heading">
              {t('install.termsLabel')}
            </Text>
            <ScrollArea.Autosize mah={160} type="auto" mt={4}>
              <Text
                size="sm"
                c="dimmed"
                style={{ whiteSpace: 'pre-wrap' }}
                aria-labelledby="terms-heading"
                role="document"
              >
                {connector.terms}
              </Text>
            </ScrollArea.Autosize>
          </div>
          <Checkbox
            checked={accepted}
            onChange={(event) => setAccepted(event.currentTarget.checked)}
            label={t('install.acceptTerms', { name: connector.name })}
            error={fieldError('acceptTerms')}
          />
          {install.error && !apiError?.fieldProblems.length && <ErrorAlert error={install.error} />}
          {apiError && apiError.fieldProblems.length > 0 && (
            <Alert color="red" variant="light" role="alert">
              {t('errors.fixFields')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('actions.cancel')}
            </Button>
            <Button type="submit" loading={install.isPending} disabled={!accepted}>
              {t('install.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
