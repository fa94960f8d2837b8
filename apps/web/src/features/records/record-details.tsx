import { Anchor, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiRequest } from '../../api/http-client';
import { useAuth } from '../../auth/auth-context';
import { Fact } from '../../components/fact';
import { canUseModule } from '../../layout/navigation';
import { enumLabel, fieldLabel } from '../views/field-labels';
import { useFilterFields } from '../views/views-api';
import { recordKeys, recordName, type CrmRecord, type RecordModule } from './records-api';

/** The fields each module's page shows, in order; `code` fields hold a translated code. */
const FIELDS: Record<RecordModule, Array<{ name: string; code?: boolean }>> = {
  organizations: [
    { name: 'kind', code: true },
    { name: 'rating' },
    { name: 'clientType' },
    { name: 'businessLine' },
    { name: 'origin' },
    { name: 'zone' },
    { name: 'salesperson' },
    { name: 'phone' },
    { name: 'website' },
    { name: 'city' },
    { name: 'country' },
  ],
  contacts: [{ name: 'title' }, { name: 'phone' }],
  leads: [
    { name: 'company' },
    { name: 'title' },
    { name: 'phone' },
    { name: 'status', code: true },
    { name: 'source' },
  ],
};

const isUrl = (value: string) => /^https?:\/\//.test(value);

/** A record's own fields (organizations: the classification picklists) and its custom fields. */
export function RecordDetails({ module, record }: { module: RecordModule; record: CrmRecord }) {
  const { t } = useTranslation();
  const fields = useFilterFields(module);
  const custom = Object.entries((record.custom ?? {}) as Record<string, unknown>).filter(
    ([, value]) => value !== null && value !== undefined && value !== '',
  );
  const text = (value: unknown) =>
    value === null || value === undefined || value === '' ? '—' : String(value);
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} component="dl" m={0}>
      {module === 'contacts' && <OrganizationFact organizationId={record.organizationId as string | null} />}
      {FIELDS[module].map(({ name, code }) => (
        <Fact key={name} label={t(`fields.${name}`)}>
          {code && typeof record[name] === 'string'
            ? enumLabel(name, record[name] as string, t)
            : text(record[name])}
        </Fact>
      ))}
      {custom.map(([key, value]) => {
        const described = fields.data?.find((field) => field.field === `custom.${key}`);
        const shown = text(value);
        return (
          <Fact key={key} label={described ? fieldLabel(described, t) : key}>
            {isUrl(shown) ? (
              <Anchor href={shown} target="_blank" rel="noreferrer">
                {shown}
              </Anchor>
            ) : (
              shown
            )}
          </Fact>
        );
      })}
    </SimpleGrid>
  );
}

/** A contact's organization, linked when the user may open organizations. */
function OrganizationFact({ organizationId }: { organizationId: string | null }) {
  const { t } = useTranslation();
  const { currentUser } = useAuth();
  const allowed = currentUser ? canUseModule(currentUser, 'organizations') : false;
  const organization = useQuery({
    queryKey: recordKeys.one('organizations', organizationId ?? ''),
    queryFn: ({ signal }) =>
      apiRequest<CrmRecord>(`/organizations/${encodeURIComponent(organizationId!)}`, { signal }),
    enabled: organizationId !== null && allowed,
  });
  return (
    <Fact label={t('fields.organization.name')}>
      {organization.data ? (
        <Anchor component={Link} to={`/organizations/${organization.data.id}`}>
          {recordName(organization.data)}
        </Anchor>
      ) : (
        '—'
      )}
    </Fact>
  );
}
