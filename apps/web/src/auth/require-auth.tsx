import { Button, Center, Loader, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { ErrorAlert } from '../components/error-alert';
import { AppLayout } from '../layout/app-layout';
import { useAuth } from './auth-context';

/** Pages behind it need a session: without one the browser goes to sign-in and comes back. */
export function RequireAuth() {
  const { t } = useTranslation();
  const { session, currentUser, currentUserError, signOut } = useAuth();
  const location = useLocation();
  if (!session) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  if (currentUserError)
    return (
      <Center mih="100vh" p="md">
        <Stack maw={480}>
          <ErrorAlert error={currentUserError} />
          <Button variant="default" onClick={() => void signOut()}>
            {t('auth.signOut')}
          </Button>
        </Stack>
      </Center>
    );
  if (!currentUser)
    return (
      <Center mih="100vh">
        <Loader aria-label={t('states.loading')} />
      </Center>
    );
  return <AppLayout user={currentUser} />;
}
