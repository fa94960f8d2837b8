import { Alert, CloseButton, Group } from '@mantine/core';
import { IconCircleCheck, IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

/** Error codes the OAuth callback may send back (see the API's authorization redirect). */
const KNOWN_ERRORS = new Set([
  'access_denied',
  'invalid_request',
  'unauthorized_client',
  'unsupported_response_type',
  'invalid_scope',
  'server_error',
  'temporarily_unavailable',
  'vendor_error',
  'token_exchange_failed',
  'installation_removed',
  'account_lookup_failed',
]);

/** What the vendor's consent page came back with, read from the URL the callback redirected to. */
export function AuthorizationResult({ connectorName }: { connectorName: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const authorized = params.get('authorized') === '1';
  const error = params.get('authorization_error');
  if (!authorized && !error) return null;
  const dismiss = () =>
    setParams(
      (current) => {
        current.delete('authorized');
        current.delete('authorization_error');
        return current;
      },
      { replace: true },
    );
  const code = error && KNOWN_ERRORS.has(error) ? error : 'vendor_error';
  return (
    <Alert
      color={authorized ? 'green' : 'red'}
      variant="light"
      role={authorized ? 'status' : 'alert'}
      icon={authorized ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={
        <Group justify="space-between" wrap="nowrap">
          {authorized
            ? t('authorization.succeeded', { name: connectorName })
            : t('authorization.failed', { name: connectorName })}
          <CloseButton size="sm" onClick={dismiss} aria-label={t('actions.dismiss')} />
        </Group>
      }
    >
      {authorized ? t('authorization.nextStep') : t(`authorization.errors.${code}`)}
    </Alert>
  );
}
