import { DataSource } from 'typeorm';
import { RecordLink, VendorListRecord, VendorTagRecord } from '@crm/connector-sdk';
import { databaseKinds } from '../support/databases';
import { eventually, MailchimpFixture, MailchimpTenant } from './mailchimp-fixture';

const CAMPAIGN_HTML = '<html><body><p>Hola *|FNAME|*</p><a href="*|UNSUB|*">Baja</a></body></html>';

interface CustomField {
  id: string;
  module: string;
  key: string;
  label: string;
  type: string;
  createdBy: string | null;
}

/**
 * Seed 001's Mailchimp fields on contacts and leads, and uninstalling: what the connector keeps in
 * the CRM goes (audiences, segments/tags, member statuses, its fields and their values) and so
 * does its webhook at Mailchimp; contacts and campaigns stay. The real product against the
 * Mailchimp sandbox over HTTP.
 */
describe.each(databaseKinds)('Mailchimp fields on records, and uninstall (%s)', (kind) => {
  jest.setTimeout(120_000);
  let f: MailchimpFixture;

  beforeAll(async () => {
    f = await MailchimpFixture.start(kind);
  });
  afterAll(() => f?.close());

  const customFields = async (m: MailchimpTenant, module: string): Promise<CustomField[]> =>
    (await f.t.http().get('/api/custom-fields').query({ module }).set(m.auth).expect(200)).body;

  /** A sent campaign at Mailchimp, imported into the CRM's Campaigns. */
  async function importSentCampaign(m: MailchimpTenant): Promise<string> {
    const campaign = (await m.mailchimp.campaigns.create({
      type: 'regular',
      recipients: { list_id: m.listId },
      settings: { subject_line: 'Novedades', title: 'Marzo', from_name: 'Acme', reply_to: 'news@acme.test' },
    })) as { id: string };
    await m.mailchimp.campaigns.setContent(campaign.id, { html: CAMPAIGN_HTML });
    await m.mailchimp.campaigns.send(campaign.id);
    const requested = await f.t
      .http()
      .post(`/api/installations/${m.installationId}/campaigns/import`)
      .set(m.auth)
      .expect(202);
    await eventually(async () => {
      const run = (
        await f.t
          .http()
          .get(`/api/installations/${m.installationId}/imports/${requested.body.id}`)
          .set(m.auth)
          .expect(200)
      ).body;
      expect(run.status).toBe('SUCCEEDED');
    }, 30_000);
    return campaign.id;
  }

  it('adds the Mailchimp ID and profile link to contacts and leads, filled by the sync and read-only', async () => {
    const m = await f.tenant('Campos');
    for (const module of ['contacts', 'leads'])
      expect(
        (await customFields(m, module)).map(({ key, label, type, createdBy }) => ({
          key,
          label,
          type,
          createdBy,
        })),
      ).toEqual([
        { key: 'mailchimp_id', label: 'Mailchimp ID', type: 'text', createdBy: 'mailchimp' },
        { key: 'mailchimp_url', label: 'Mailchimp profile', type: 'url', createdBy: 'mailchimp' },
      ]);
    // Not offered for mapping: only the sync writes them.
    const catalog = (
      await f.t
        .http()
        .get(`/api/installations/${m.installationId}/mappings`)
        .query({ listId: m.listId })
        .set(m.auth)
        .expect(200)
    ).body;
    expect(JSON.stringify(catalog)).toContain('firstName');
    expect(JSON.stringify(catalog)).not.toContain('custom.mailchimp_');

    const ana = await f.contact(m, { firstName: 'Ana', emails: [{ email: 'ana@campos.test' }] });
    const run = await f.sync(m);
    expect(run).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    const member = (await m.mailchimp.lists.getListMember(m.listId, 'ana@campos.test')) as {
      unique_email_id: string;
      web_id: number;
    };
    const record = await f.getContact(m, ana.id);
    expect(record.custom).toEqual({
      mailchimp_id: member.unique_email_id,
      mailchimp_url: `https://${m.account.dc}.admin.mailchimp.com/lists/members/view?id=${member.web_id}`,
    });

    // Users read them; sending them back unchanged is fine, changing them is not.
    await f.t.http().patch(`/api/contacts/${ana.id}`).set(m.auth).send({ custom: record.custom }).expect(200);
    const edited = await f.t
      .http()
      .patch(`/api/contacts/${ana.id}`)
      .set(m.auth)
      .send({ firstName: 'Anita', custom: { mailchimp_id: 'mine' } })
      .expect(400);
    expect(edited.body.errors).toEqual([
      { field: 'custom.mailchimp_id', reason: expect.stringContaining('mailchimp connector') },
    ]);
    expect((await f.getContact(m, ana.id)).firstName).toBe('Ana');
    const field = (await customFields(m, 'contacts')).find((f) => f.key === 'mailchimp_id')!;
    await f.t.http().delete(`/api/custom-fields/${field.id}`).set(m.auth).expect(409);

    // An unchanged sync writes nothing, the values included.
    const again = await f.sync(m);
    expect(again).toMatchObject({ status: 'SUCCEEDED', counts: { added: 0, updated: 0 } });
    expect((await f.getContact(m, ana.id)).custom).toEqual(record.custom);
  });

  it('removes what it keeps and its webhook; contacts and campaigns stay', async () => {
    const m = await f.tenant('Adiós');
    const dataSource = f.t.app.get(DataSource);
    const org = await f.t
      .http()
      .post('/api/organizations')
      .set(m.auth)
      .send({
        name: 'Abarrotes Sur',
        kind: 'CLIENT',
        rating: 'A - Alta rentabilidad',
        clientType: 'Cliente directo',
        zone: 'Sur',
      })
      .expect(201);
    const lucia = await f.contact(m, {
      firstName: 'Lucía',
      organizationId: org.body.id,
      emails: [{ email: 'lucia@adios.test' }],
    });
    const pablo = await f.contact(m, { firstName: 'Pablo', emails: [{ email: 'pablo@adios.test' }] });
    await f.t
      .http()
      .post('/api/custom-fields')
      .set(m.auth)
      .send({ module: 'contacts', key: 'birthday', label: 'Birthday', type: 'date' })
      .expect(201);
    await f.t
      .http()
      .patch(`/api/contacts/${pablo.id}`)
      .set(m.auth)
      .send({ custom: { birthday: '1990-04-01' } })
      .expect(200);
    expect(await f.sync(m)).toMatchObject({ status: 'SUCCEEDED', counts: { failed: 0 } });
    const campaignId = await importSentCampaign(m);

    // Before: the contact shows its Mailchimp fields and member status; the audience has our webhook.
    expect((await f.getContact(m, lucia.id)).custom).toMatchObject({ mailchimp_id: expect.any(String) });
    const memberships = async (contactId: string) =>
      (
        await f.t
          .http()
          .get('/api/memberships')
          .query({ module: 'contacts', recordId: contactId })
          .set(m.auth)
          .expect(200)
      ).body;
    expect(await memberships(lucia.id)).toEqual([
      expect.objectContaining({ listId: m.listId, status: 'subscribed' }),
    ]);
    const webhooks = async () =>
      ((await m.mailchimp.lists.getListWebhooks(m.listId)) as { webhooks: Array<{ url: string }> }).webhooks;
    expect(await webhooks()).toHaveLength(1);
    const campaigns = (await f.t.http().get('/api/campaigns').set(m.auth).expect(200)).body;
    expect(campaigns.items).toEqual([
      expect.objectContaining({
        vendorCampaignId: campaignId,
        subject: 'Novedades',
        installationId: m.installationId,
      }),
    ]);
    const activity = (
      await f.t.http().get(`/api/contacts/${lucia.id}/campaign-activity`).set(m.auth).expect(200)
    ).body;
    expect(activity.items).toEqual([
      expect.objectContaining({ campaign: expect.objectContaining({ id: campaigns.items[0].id }), sent: 1 }),
    ]);
    const owned = { tenantId: m.tenant.tenantId, installationId: m.installationId };
    const lists = await dataSource.getRepository(VendorListRecord).countBy(owned);
    const tags = await dataSource.getRepository(VendorTagRecord).countBy(owned);
    expect(lists).toBe(1);

    const uninstalled = await f.t
      .http()
      .delete(`/api/installations/${m.installationId}`)
      .set(m.auth)
      .expect(200);
    expect(uninstalled.body).toMatchObject({
      removed: { installation: 1, lists, tags, links: 2, webhooks: 1, customFields: 4 },
      kept: { campaigns: 1 },
      warnings: [],
    });

    // At Mailchimp: our webhook is gone, the members stay (they are the account's).
    expect(await webhooks()).toEqual([]);
    expect((await m.mailchimp.lists.getListMembersInfo(m.listId)).total_items).toBe(2);
    // In the CRM: audiences, tags, links (member statuses) and the Mailchimp fields with their values.
    expect(await dataSource.getRepository(VendorListRecord).countBy(owned)).toBe(0);
    expect(await dataSource.getRepository(VendorTagRecord).countBy(owned)).toBe(0);
    expect(await dataSource.getRepository(RecordLink).countBy(owned)).toBe(0);
    expect(await memberships(lucia.id)).toEqual([]);
    expect((await customFields(m, 'contacts')).map((field) => field.key)).toEqual(['birthday']);
    expect(await customFields(m, 'leads')).toEqual([]);
    // Contacts stay, with their own values; campaigns and their activity stay.
    expect((await f.getContact(m, lucia.id)).custom).toEqual({});
    expect(await f.getContact(m, pablo.id)).toMatchObject({
      firstName: 'Pablo',
      custom: { birthday: '1990-04-01' },
    });
    const kept = (await f.t.http().get('/api/campaigns').set(m.auth).expect(200)).body;
    expect(kept.items).toEqual([
      { ...campaigns.items[0], installationId: null, updatedAt: expect.any(String) },
    ]);
    expect(
      (await f.t.http().get(`/api/contacts/${lucia.id}/campaign-activity`).set(m.auth).expect(200)).body,
    ).toEqual(activity);
  });
});
