import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { insertRows, type TenantId } from '@crm/platform';
import { Contact, EmailAddress, Lead, type EmailOwnerType } from '@crm/core';

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
      emails.push(addressRow(tenantId, 'contact', id, address, now, options.emailAddressId?.(i)));
    }
    await insertRows(dataSource.manager, Contact, contacts);
    await insertRows(dataSource.manager, EmailAddress, emails);
  }
  return { eligible };
}

/**
 * Many leads of one company with one address each (`<prefix>-000042@example.test`), inserted in
 * bulk like `insertContacts`: what a saved view on the company selects.
 */
export async function insertLeads(
  dataSource: DataSource,
  tenantId: TenantId,
  ownerId: string,
  count: number,
  options: { prefix?: string; company?: string } = {},
): Promise<void> {
  const prefix = options.prefix ?? 'lead';
  const chunk = 5000;
  for (let start = 0; start < count; start += chunk) {
    const leads: Partial<Lead>[] = [];
    const emails: Partial<EmailAddress>[] = [];
    for (let i = start; i < Math.min(count, start + chunk); i++) {
      const id = randomUUID();
      const now = new Date(Date.now() + i);
      leads.push({
        id,
        tenantId,
        ownerId,
        teamId: null,
        custom: {},
        firstName: `First${i}`,
        lastName: `Last${i}`,
        company: options.company ?? null,
        title: null,
        phone: null,
        status: 'NEW',
        source: null,
        emailOptOut: false,
        createdAt: now,
        updatedAt: now,
      });
      const address = `${prefix}-${String(i).padStart(6, '0')}@example.test`;
      emails.push(addressRow(tenantId, 'lead', id, address, now));
    }
    await insertRows(dataSource.manager, Lead, leads);
    await insertRows(dataSource.manager, EmailAddress, emails);
  }
}

/** A record's one marketing address, active. */
function addressRow(
  tenantId: TenantId,
  ownerType: EmailOwnerType,
  ownerId: string,
  address: string,
  now: Date,
  id: string = randomUUID(),
): Partial<EmailAddress> {
  return {
    id,
    tenantId,
    ownerType,
    ownerId,
    email: address,
    emailNormalized: address,
    isPrimary: true,
    useInMarketing: true,
    status: 'ACTIVE',
    createdAt: now,
    updatedAt: now,
  };
}
