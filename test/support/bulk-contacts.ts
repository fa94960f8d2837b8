import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { insertRows, type TenantId } from '@crm/platform';
import { Contact, EmailAddress } from '@crm/core';

/**
 * Many contacts with one address each, inserted in bulk (no outbox events): for tests and
 * benchmarks that need volume, not the records API. Every `skipEvery`-th one is opted out.
 * `email` and `emailAddressId` choose the i-th address and its id (a sync reads in id order).
 */
export async function insertContacts(
  dataSource: DataSource,
  tenantId: TenantId,
  ownerId: string,
  count: number,
  options: {
    prefix?: string;
    skipEvery?: number;
    email?: (i: number) => string;
    emailAddressId?: (i: number) => string;
  } = {},
): Promise<{ eligible: number }> {
  const prefix = options.prefix ?? 'bulk';
  let eligible = 0;
  const chunk = 5000;
  for (let start = 0; start < count; start += chunk) {
    const contacts: Partial<Contact>[] = [];
    const emails: Partial<EmailAddress>[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const id = randomUUID();
      const optedOut = options.skipEvery ? i % options.skipEvery === options.skipEvery - 1 : false;
      if (!optedOut) eligible++;
      const now = new Date(Date.now() + i);
      contacts.push({
        id,
        tenantId,
        ownerId,
        teamId: null,
        custom: {},
        organizationId: null,
        firstName: `First${i}`,
        lastName: `Last${i}`,
        title: null,
        phone: null,
        emailOptOut: optedOut,
        createdAt: now,
        updatedAt: now,
      });
      const address = options.email?.(i) ?? `${prefix}-${String(i).padStart(6, '0')}@example.test`;
      emails.push({
        id: options.emailAddressId?.(i) ?? randomUUID(),
        tenantId,
        ownerType: 'contact',
        ownerId: id,
        email: address,
        emailNormalized: address,
        isPrimary: true,
        useInMarketing: true,
        status: 'ACTIVE',
        createdAt: now,
        updatedAt: now,
      });
    }
    await insertRows(dataSource.manager, Contact, contacts);
    await insertRows(dataSource.manager, EmailAddress, emails);
  }
  return { eligible };
}
