import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { ApiError } from './api/http-client';
import { AuthProvider } from './auth/auth-context';
import { RequireAuth } from './auth/require-auth';
import { InstallationPage } from './features/installations/installation-page';
import { MarketplacePage } from './features/marketplace/marketplace-page';
import { NotificationSettingsPage } from './features/notifications/notification-settings-page';
import { RecordListPage } from './features/records/record-list-page';
import { RecordPage } from './features/records/record-page';
import { SyncDashboardPage } from './features/sync-runs/sync-dashboard-page';
import { SyncWizardPage } from './features/sync-settings/sync-wizard-page';
import { HomePage } from './pages/home-page';
import { NotFoundPage } from './pages/not-found-page';
import { SignInPage } from './pages/sign-in-page';
import { theme } from './theme';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not change by asking again; network hiccups and 5xx get one more try.
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
    },
  },
});

const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: <RequireAuth />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'organizations', element: <RecordListPage module="organizations" key="organizations" /> },
      { path: 'contacts', element: <RecordListPage module="contacts" key="contacts" /> },
      { path: 'leads', element: <RecordListPage module="leads" key="leads" /> },
      { path: 'organizations/:recordId', element: <RecordPage module="organizations" key="organizations" /> },
      { path: 'contacts/:recordId', element: <RecordPage module="contacts" key="contacts" /> },
      { path: 'leads/:recordId', element: <RecordPage module="leads" key="leads" /> },
      { path: 'settings/notifications', element: <NotificationSettingsPage /> },
      { path: 'marketplace', element: <MarketplacePage /> },
      { path: 'installations/:installationId', element: <InstallationPage /> },
      { path: 'installations/:installationId/setup', element: <SyncWizardPage /> },
      { path: 'installations/:installationId/sync', element: <SyncDashboardPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <MantineProvider theme={theme}>
      <QueryClientProvider client={queryClient}>
        <AuthProvider>
          <ModalsProvider>
            <Notifications position="top-right" />
            <RouterProvider router={router} />
          </ModalsProvider>
        </AuthProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
