import type { CrmSubscriber } from '../engine/crm-sync.port';

/** A marketing-enabled, ACTIVE contact address as the CRM hands it to the engine; `changes` override. */
export const crmSubscriber = (changes: Partial<CrmSubscriber> = {}): CrmSubscriber => ({
  module: 'contacts',
  recordId: 'r1',
  emailAddressId: 'e1',
  email: 'ana@example.test',
  isPrimary: true,
  useInMarketing: true,
  status: 'ACTIVE',
  optOut: false,
  fields: { firstName: 'Ana' },
  tags: ['Zona: Norte'],
  updatedAt: new Date(),
  ...changes,
});
