import {
  Alert,
  Button,
  Center,
  Group,
  Paper,
  PasswordInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/http-client';
import { useAuth } from '../auth/auth-context';
import { ErrorAlert } from '../components/error-alert';
import { LanguageSwitch } from '../layout/language-switch';

/** Only same-app paths are followed after signing in, never another origin. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const { session, signIn } = useAuth();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [askTenant, setAskTenant] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  if (session) return <Navigate to={safeNext(params.get('next'))} replace />;

  const apiError = error instanceof ApiError ? error : null;
  const tenantReason = apiError?.reasonsFor('tenant').join('; ');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      await signIn({ email, password, tenant: askTenant ? tenant : undefined });
    } catch (failure) {
      if (failure instanceof ApiError && failure.reasonsFor('tenant').length > 0) setAskTenant(true);
      setError(failure);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Center mih="100vh" p="md" bg="gray.1">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={420} component="main">
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack>
            <Group justify="space-between" align="flex-start">
              <div>
                <Title order={1} size="h2">
                  CRM Connect
                </Title>
                <Text c="dimmed" size="sm">
                  {t('auth.intro')}
                </Text>
              </div>
              <LanguageSwitch />
            </Group>
            {apiError?.status === 401 ? (
              <Alert color="red" variant="light" role="alert">
                {t('auth.invalid')}
              </Alert>
            ) : (
              error !== null && !tenantReason && <ErrorAlert error={error} />
            )}
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={apiError?.reasonsFor('email').join('; ') || undefined}
              required
              data-autofocus
            />
            <PasswordInput
              label={t('auth.password')}
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.currentTarget.value)}
              error={apiError?.reasonsFor('password').join('; ') || undefined}
              required
            />
            {askTenant && (
              <TextInput
                label={t('auth.tenant')}
                description={t('auth.tenantHelp')}
                value={tenant}
                onChange={(event) => setTenant(event.currentTarget.value)}
                error={tenantReason || undefined}
                required
              />
            )}
            <Button type="submit" loading={submitting} fullWidth>
              {t('auth.signIn')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
