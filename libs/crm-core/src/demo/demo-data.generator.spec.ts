import { asTenantId } from '@crm/platform';
import { BUILT_IN_PICKLISTS } from '../picklists/built-in-picklists';
import { EMAIL_PATTERN } from '../records/email-input';
import { DEMO_SIZE, DemoContext, DemoDataGenerator } from './demo-data.generator';

function context(): DemoContext {
  const picklists = Object.fromEntries(
    BUILT_IN_PICKLISTS.map((picklist) => [picklist.key, [...picklist.values]]),
  );
  picklists['organization.salesperson'] = ['Mariana López', 'Jorge Hernández', 'Sofía Torres'];
  return {
    tenantId: asTenantId('00000000-0000-4000-8000-000000000001'),
    users: [
      { id: 'user-a', name: 'Mariana López' },
      { id: 'user-b', name: 'Jorge Hernández' },
    ],
    teamId: 'team-1',
    picklists,
    now: new Date('2026-03-01T12:00:00Z'),
  };
}

const pipeline = {
  id: 'pipeline-1',
  stages: [
    { id: 'open', outcome: 'OPEN' as const },
    { id: 'won', outcome: 'WON' as const },
    { id: 'lost', outcome: 'LOST' as const },
  ],
};

describe('DemoDataGenerator', () => {
  const records = new DemoDataGenerator(context()).generate();
  const people = [...records.contacts, ...records.leads];

  it('is deterministic: the same seed gives the same people, companies and addresses', () => {
    const again = new DemoDataGenerator(context()).generate();
    expect(again.organizations.map((o) => o.name)).toEqual(records.organizations.map((o) => o.name));
    expect(again.contacts.map((c) => `${c.firstName} ${c.lastName}`)).toEqual(
      records.contacts.map((c) => `${c.firstName} ${c.lastName}`),
    );
    expect(again.emails.map((e) => e.email)).toEqual(records.emails.map((e) => e.email));
  });

  it('makes the planned number of records with unique organization names', () => {
    expect(records.organizations).toHaveLength(DEMO_SIZE.organizations);
    expect(records.contacts).toHaveLength(DEMO_SIZE.contacts);
    expect(records.leads).toHaveLength(DEMO_SIZE.leads);
    expect(new Set(records.organizations.map((o) => o.name)).size).toBe(DEMO_SIZE.organizations);
    const linked = records.contacts.filter((c) => c.organizationId).length;
    expect(linked / records.contacts.length).toBeGreaterThan(0.75);
  });

  it('fills classification fields from the picklists, optional ones sometimes empty', () => {
    const values = context().picklists;
    for (const organization of records.organizations) {
      expect(values['organization.rating']).toContain(organization.rating);
      expect(values['organization.clientType']).toContain(organization.clientType);
      expect(/prospect/i.test(organization.clientType)).toBe(organization.kind === 'PROSPECT');
      for (const [field, key] of [
        ['businessLine', 'organization.businessLine'],
        ['zone', 'organization.zone'],
        ['origin', 'organization.origin'],
        ['salesperson', 'organization.salesperson'],
      ] as const) {
        if (organization[field] !== null) expect(values[key]).toContain(organization[field]);
      }
    }
    expect(records.organizations.some((o) => o.zone === null)).toBe(true);
    expect(new Set(records.organizations.map((o) => o.kind))).toEqual(new Set(['CLIENT', 'PROSPECT']));
  });

  it('gives people 1–2 addresses with realistic defects', () => {
    const personEmails = records.emails.filter((e) => e.ownerType !== 'organization');
    const byOwner = new Map<string, number>();
    personEmails.forEach((e) => byOwner.set(e.ownerId, (byOwner.get(e.ownerId) ?? 0) + 1));
    expect(Math.max(...byOwner.values())).toBeLessThanOrEqual(2);
    const share = (count: number) => count / people.length;
    expect(share(people.filter((p) => !byOwner.has(p.id)).length)).toBeGreaterThan(0.02);
    expect(share(people.filter((p) => !byOwner.has(p.id)).length)).toBeLessThan(0.09);
    const invalid = personEmails.filter((e) => !EMAIL_PATTERN.test(e.emailNormalized));
    expect(share(invalid.length)).toBeGreaterThan(0.02);
    expect(share(invalid.length)).toBeLessThan(0.09);
    for (const status of ['ACTIVE', 'BOUNCED', 'UNSUBSCRIBED_BY_USER', 'UNSUBSCRIBED_BY_US']) {
      expect(personEmails.some((e) => e.status === status)).toBe(true);
    }
    expect(personEmails.some((e) => !e.useInMarketing)).toBe(true);
    expect(people.some((p) => p.emailOptOut)).toBe(true);
    expect(people.filter((p) => p.emailOptOut).length).toBeLessThan(people.length * 0.1);
  });

  it('tags records and links activities to them', () => {
    expect(new Set(records.tags.map((t) => t.tag))).toEqual(
      new Set(['VIP', 'Newsletter', 'Feria 2026', 'Webinar marzo', 'Cliente frecuente']),
    );
    const ids = new Set([...records.contacts, ...records.leads, ...records.organizations].map((r) => r.id));
    expect(records.activityLinks.every((link) => ids.has(link.recordId))).toBe(true);
  });

  it('builds deals whose amount is the sum of their lines, in the given pipeline', () => {
    const generator = new DemoDataGenerator(context());
    generator.generate();
    const { deals, lines } = generator.deals(pipeline);
    expect(deals).toHaveLength(DEMO_SIZE.deals);
    for (const deal of deals) {
      expect(deal.pipelineId).toBe('pipeline-1');
      const total = lines
        .filter((line) => line.dealId === deal.id)
        .reduce((sum, line) => sum + line.totalCents, 0);
      expect(deal.amountCents).toBe(total);
      expect(total).toBeGreaterThan(0);
    }
  });
});
