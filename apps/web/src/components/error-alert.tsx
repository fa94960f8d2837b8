import { Alert, Button, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../api/http-client';

interface ErrorAlertProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** An API failure as the user reads it: the API's message and each field's reason. */
export function ErrorAlert({ error, title, onRetry }: ErrorAlertProps) {
  const { t } = useTranslation();
  const message =
    error instanceof NetworkError
      ? t('errors.network')
      : error instanceof ApiError && error.status >= 500
        ? t('errors.server')
        : error instanceof Error
          ? error.message
          : t('errors.unknown');
  const problems = error instanceof ApiError ? error.fieldProblems : [];
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title={title ?? t('errors.title')}
      role="alert"
    >
      {message}
      {problems.length > 0 && (
        <List size="sm" mt="xs">
          {problems.map((problem) => (
            <List.Item key={`${problem.field}:${problem.reason}`}>
              <strong>{problem.field}</strong> {problem.reason}
            </List.Item>
          ))}
        </List>
      )}
      {onRetry && (
        <Button mt="sm" size="xs" variant="outline" color="red" onClick={onRetry}>
          {t('actions.retry')}
        </Button>
      )}
    </Alert>
  );
}
