import { Badge, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { EmailStatusBadge } from './email-status-badge';
import type { EmailAddress } from './records-api';

/** A record's addresses ("cuentas de correo"): primary, used in marketing, and status. */
export function EmailAddressesTable({ emails }: { emails: EmailAddress[] }) {
  const { t } = useTranslation();
  if (emails.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('recordPage.noEmails')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table verticalSpacing={6}>
        <caption className="visually-hidden">{t('recordPage.emails')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('fields.email')}</Table.Th>
            <Table.Th scope="col">{t('recordPage.useInMarketing')}</Table.Th>
            <Table.Th scope="col">{t('recordPage.emailStatus')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {emails.map((email) => (
            <Table.Tr key={email.id}>
              <Table.Td className="break-anywhere">
                {email.email}{' '}
                {email.isPrimary && (
                  <Badge size="xs" variant="outline" color="gray" c="dark.6">
                    {t('recordPage.primary')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{email.useInMarketing ? t('filters.yes') : t('filters.no')}</Table.Td>
              <Table.Td>
                <EmailStatusBadge status={email.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
