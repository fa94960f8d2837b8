import { createHash } from 'node:crypto';
import type { ListEvent } from '../../apps/sandbox/src/mailchimp/context';
import type { Audience, Member } from '../../apps/sandbox/src/mailchimp/state';
import {
  MailchimpClient,
  rejection,
  SandboxHarness,
  audienceInput,
} from './support/mailchimp-sandbox.harness';

const hash = (email: string) => createHash('md5').update(email.toLowerCase()).digest('hex');

const audience = (name: string) => audienceInput(name, { email_type_option: true });

/** A rejected official-client call: status, headers and problem body. */
async function failure(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    const response = (
      error as { response: { status: number; headers: Record<string, string>; body: unknown } }
    ).response;
    return {
      status: response.status,
      headers: response.headers,
      body: response.body as Record<string, unknown>,
    };
  }
  throw new Error('the call succeeded');
}

describe('Mailchimp sandbox: members, merge fields, tags, batch subscribe', () => {
  let h: SandboxHarness;
  const events: ListEvent[] = [];

  beforeAll(async () => {
    h = await SandboxHarness.start();
    h.sandbox.context.onEvent((event) => events.push(event));
  });
  afterAll(() => h.close());

  /** A fresh account with one audience (four default merge fields). */
  async function setup(settings: Record<string, unknown> = {}) {
    const credentials = await h.createAccount({ settings });
    const client: MailchimpClient = h.client({ apiKey: credentials.api_key });
    const list = (await client.lists.createList(audience('Clientes'))) as { id: string };
    const stored = (): Audience => h.sandbox.state.account(credentials.account_id)!.lists[list.id];
    return { client, listId: list.id, stored };
  }

  /** Simulates what only the outside world does: the contact unsubscribing or bouncing. */
  function outsideWorld(list: Audience, email: string, change: Partial<Member>) {
    Object.assign(list.members[hash(email)], change);
  }

  describe('members', () => {
    it('adds with POST (tags only there) and finds the member by hash, address or contact id', async () => {
      const { client, listId } = await setup();
      const added = await client.lists.addListMember(listId, {
        email_address: 'Ana@Acme.io',
        status: 'pending',
        merge_fields: { FNAME: 'Ana', LNAME: 'Ruiz' },
        tags: ['VIP', 'Madrid'],
      });
      expect(added).toMatchObject({
        id: hash('ana@acme.io'),
        email_address: 'ana@acme.io',
        status: 'pending',
        full_name: 'Ana Ruiz',
        list_id: listId,
        tags_count: 2,
        merge_fields: { FNAME: 'Ana', LNAME: 'Ruiz', ADDRESS: '', PHONE: '' },
      });
      // A pending contact has not opted in: no timestamp_opt rather than "".
      expect(added).not.toHaveProperty('timestamp_opt');
      expect(added.tags.map((t: { name: string }) => t.name).sort()).toEqual(['Madrid', 'VIP']);
      for (const key of [added.id, 'ANA@acme.io', added.contact_id])
        expect((await client.lists.getListMember(listId, key)).id).toBe(added.id);
      const partial = await client.lists.getListMember(listId, added.id, {
        fields: ['email_address', 'status'],
      });
      expect(partial).toEqual({ email_address: 'ana@acme.io', status: 'pending' });
      const without = await client.lists.getListMember(listId, added.id, {
        excludeFields: ['merge_fields', 'tags'],
      });
      expect(without).not.toHaveProperty('merge_fields');
      expect(without).toHaveProperty('status', 'pending');
      expect(await rejection(client.lists.getListMember(listId, 'nobody@acme.io'))).toMatchObject({
        status: 404,
        title: 'Resource Not Found',
      });
    });

    it('refuses POST of an existing address with 400 Member Exists', async () => {
      const { client, listId } = await setup();
      await client.lists.addListMember(listId, { email_address: 'bea@acme.io', status: 'subscribed' });
      expect(
        await rejection(
          client.lists.addListMember(listId, { email_address: 'BEA@acme.io', status: 'pending' }),
        ),
      ).toEqual(
        expect.objectContaining({
          status: 400,
          title: 'Member Exists',
          detail: 'BEA@acme.io is already a list member. Use PUT to insert or update list members.',
        }),
      );
    });

    it('upserts with PUT: status_if_new only for new contacts, status overwrites, tags ignored', async () => {
      const { client, listId } = await setup();
      const created = await client.lists.setListMember(listId, hash('cris@acme.io'), {
        email_address: 'cris@acme.io',
        status_if_new: 'subscribed',
        merge_fields: { FNAME: 'Cris' },
      });
      expect(created).toMatchObject({ status: 'subscribed', merge_fields: { FNAME: 'Cris' } });
      expect(created.timestamp_opt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
      const kept = await client.lists.setListMember(listId, 'cris@acme.io', {
        email_address: 'cris@acme.io',
        status_if_new: 'pending',
        merge_fields: { LNAME: 'Gil' },
        tags: ['ignored'],
      });
      expect(kept).toMatchObject({ status: 'subscribed', full_name: 'Cris Gil', tags_count: 0 });
      const changed = await client.lists.setListMember(listId, created.contact_id, {
        email_address: 'cris@acme.io',
        status_if_new: 'subscribed',
        status: 'unsubscribed',
      });
      expect(changed.status).toBe('unsubscribed');
      // A new contact must be named by the path it is put at.
      expect(
        await rejection(
          client.lists.setListMember(listId, hash('other@acme.io'), {
            email_address: 'dani@acme.io',
            status_if_new: 'subscribed',
          }),
        ),
      ).toMatchObject({ status: 400, title: 'Invalid Resource' });
    });

    it('updates with PATCH (no transactional), 404 for an unknown contact', async () => {
      const { client, listId } = await setup();
      await client.lists.addListMember(listId, { email_address: 'dora@acme.io', status: 'transactional' });
      const updated = await client.lists.updateListMember(listId, 'dora@acme.io', {
        status: 'subscribed',
        vip: true,
        email_type: 'text',
        language: 'es',
      });
      expect(updated).toMatchObject({ status: 'subscribed', vip: true, email_type: 'text', language: 'es' });
      const refused = await rejection(
        client.lists.updateListMember(listId, 'dora@acme.io', { status: 'transactional' }),
      );
      expect(refused).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(refused.errors).toEqual([expect.objectContaining({ field: 'status' })]);
      expect(
        await rejection(client.lists.updateListMember(listId, 'nobody@acme.io', { vip: true })),
      ).toMatchObject({ status: 404, title: 'Resource Not Found' });
    });

    it('validates the body: missing and mistyped fields, invalid status, with errors[]', async () => {
      const { client, listId } = await setup();
      const missing = await rejection(client.lists.addListMember(listId, { status: 'subscribed' }));
      expect(missing).toEqual(
        expect.objectContaining({
          status: 400,
          title: 'Invalid Resource',
          detail:
            "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
          errors: [{ field: 'email_address', message: 'Schema describes string, NULL found instead' }],
        }),
      );
      const wrong = await rejection(
        client.lists.addListMember(listId, { email_address: 'eva@acme.io', status: 'active', vip: 'yes' }),
      );
      expect(wrong.errors).toEqual([
        {
          field: 'status',
          message: 'Value must be one of: subscribed, unsubscribed, cleaned, pending, transactional',
        },
        { field: 'vip', message: 'Schema describes boolean, string found instead' },
      ]);
      const ip = await rejection(
        client.lists.setListMember(listId, 'eva@acme.io', {
          email_address: 'eva@acme.io',
          status_if_new: 'subscribed',
          ip_signup: '300.1.1.1',
        }),
      );
      expect(ip.errors).toEqual([expect.objectContaining({ field: 'ip_signup' })]);
    });

    it('refuses malformed and placeholder addresses as fake or invalid', async () => {
      const { client, listId } = await setup();
      for (const email of ['not-an-address', 'ana@acme', 'ana @acme.io', 'test@test.com'])
        expect(
          await rejection(client.lists.addListMember(listId, { email_address: email, status: 'subscribed' })),
        ).toEqual(
          expect.objectContaining({
            status: 400,
            title: 'Invalid Resource',
            detail: `${email} looks fake or invalid, please enter a real email address.`,
          }),
        );
    });
  });

  describe('consent rules', () => {
    it('refuses subscribed for a contact who unsubscribed or bounced: 400 Member In Compliance State', async () => {
      const { client, listId, stored } = await setup();
      for (const email of ['user@acme.io', 'admin@acme.io', 'bounced@acme.io'])
        await client.lists.addListMember(listId, { email_address: email, status: 'subscribed' });
      outsideWorld(stored(), 'user@acme.io', { status: 'unsubscribed', statusSource: 'user' });
      outsideWorld(stored(), 'admin@acme.io', { status: 'unsubscribed', statusSource: 'admin' });
      outsideWorld(stored(), 'bounced@acme.io', { status: 'cleaned' });
      const compliance = (email: string) => ({
        status: 400,
        title: 'Member In Compliance State',
        detail: `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
      });
      expect(
        await rejection(client.lists.updateListMember(listId, 'user@acme.io', { status: 'subscribed' })),
      ).toMatchObject(compliance('user@acme.io'));
      expect(
        await rejection(
          client.lists.setListMember(listId, 'admin@acme.io', {
            email_address: 'admin@acme.io',
            status_if_new: 'subscribed',
            status: 'subscribed',
          }),
        ),
      ).toMatchObject(compliance('admin@acme.io'));
      expect(
        await rejection(client.lists.updateListMember(listId, 'bounced@acme.io', { status: 'subscribed' })),
      ).toMatchObject(compliance('bounced@acme.io'));
      // status_if_new never touches an existing contact; pending (a confirmation email) is allowed.
      const kept = await client.lists.setListMember(listId, 'user@acme.io', {
        email_address: 'user@acme.io',
        status_if_new: 'subscribed',
      });
      expect(kept.status).toBe('unsubscribed');
      expect(
        (await client.lists.updateListMember(listId, 'bounced@acme.io', { status: 'pending' })).status,
      ).toBe('pending');
      // …and the contact stays blocked until it confirms: moving it around does not lift that.
      expect(
        await rejection(client.lists.updateListMember(listId, 'bounced@acme.io', { status: 'subscribed' })),
      ).toMatchObject(compliance('bounced@acme.io'));
    });

    it('lets the API reverse an unsubscribe it made', async () => {
      const { client, listId, stored } = await setup();
      await client.lists.addListMember(listId, { email_address: 'api@acme.io', status: 'subscribed' });
      const unsubscribed = await client.lists.updateListMember(listId, 'api@acme.io', {
        status: 'unsubscribed',
        unsubscribe_reason: 'Asked by phone',
      });
      expect(unsubscribed).toMatchObject({ status: 'unsubscribed', unsubscribe_reason: 'Asked by phone' });
      expect(stored().members[hash('api@acme.io')].statusSource).toBe('api');
      const back = await client.lists.updateListMember(listId, 'api@acme.io', { status: 'subscribed' });
      expect(back.status).toBe('subscribed');
      expect(back).not.toHaveProperty('unsubscribe_reason');
    });

    it('archives with DELETE, refuses to archive bounced, pending or archived contacts with 405', async () => {
      const { client, listId, stored } = await setup();
      await client.lists.addListMember(listId, { email_address: 'fede@acme.io', status: 'subscribed' });
      await client.lists.addListMember(listId, { email_address: 'pend@acme.io', status: 'pending' });
      await client.lists.addListMember(listId, { email_address: 'gone@acme.io', status: 'subscribed' });
      outsideWorld(stored(), 'gone@acme.io', { status: 'cleaned' });
      expect(await client.lists.deleteListMember(listId, 'fede@acme.io')).toBeNull();
      expect((await client.lists.getListMember(listId, 'fede@acme.io')).status).toBe('archived');
      for (const email of ['fede@acme.io', 'pend@acme.io', 'gone@acme.io']) {
        const refused = await failure(client.lists.deleteListMember(listId, email));
        expect(refused.status).toBe(405);
        expect(refused.headers.allow).toBe('GET, PUT');
        expect(refused.body).toMatchObject({
          title: 'Method Not Allowed',
          detail:
            'This list member cannot be removed. Can not archive a contact that is bounced, pending or archived',
        });
      }
    });

    it('brings an archived contact back with PUT, keeping a status it could not leave', async () => {
      const { client, listId, stored } = await setup();
      await client.lists.addListMember(listId, { email_address: 'hugo@acme.io', status: 'subscribed' });
      await client.lists.addListMember(listId, { email_address: 'ines@acme.io', status: 'subscribed' });
      outsideWorld(stored(), 'ines@acme.io', { status: 'unsubscribed', statusSource: 'user' });
      await client.lists.deleteListMember(listId, 'hugo@acme.io');
      await client.lists.deleteListMember(listId, 'ines@acme.io');
      const put = (email: string, body: Record<string, unknown>) =>
        client.lists.setListMember(listId, email, {
          email_address: email,
          status_if_new: 'subscribed',
          ...body,
        });
      expect((await put('hugo@acme.io', { status_if_new: 'pending' })).status).toBe('pending');
      expect(await rejection(put('ines@acme.io', { status: 'subscribed' }))).toMatchObject({
        status: 400,
        title: 'Member In Compliance State',
      });
      expect((await put('ines@acme.io', {})).status).toBe('unsubscribed');
      expect(stored().members[hash('ines@acme.io')].statusSource).toBe('user');
    });

    it('forgets a permanently deleted contact: 404 on GET, Forgotten Email Not Subscribed on any write', async () => {
      const { client, listId, stored } = await setup();
      await client.lists.addListMember(listId, {
        email_address: 'jon@acme.io',
        status: 'subscribed',
        tags: ['T'],
      });
      expect(await client.lists.deleteListMemberPermanent(listId, 'jon@acme.io')).toBeNull();
      expect(stored().forgotten).toEqual([hash('jon@acme.io')]);
      expect(Object.values(stored().segments).every((s) => s.members.length === 0)).toBe(true);
      expect(await rejection(client.lists.getListMember(listId, 'jon@acme.io'))).toMatchObject({
        status: 404,
      });
      const forgotten = {
        status: 400,
        title: 'Forgotten Email Not Subscribed',
        detail:
          'jon@acme.io was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.',
      };
      expect(
        await rejection(
          client.lists.addListMember(listId, { email_address: 'jon@acme.io', status: 'pending' }),
        ),
      ).toMatchObject(forgotten);
      expect(
        await rejection(
          client.lists.setListMember(listId, hash('jon@acme.io'), {
            email_address: 'jon@acme.io',
            status_if_new: 'pending',
          }),
        ),
      ).toMatchObject(forgotten);
      expect(
        await rejection(client.lists.updateListMember(listId, 'jon@acme.io', { status: 'pending' })),
      ).toMatchObject(forgotten);
      // Nor can another contact take the address.
      await client.lists.addListMember(listId, { email_address: 'kai@acme.io', status: 'subscribed' });
      expect(
        await rejection(
          client.lists.updateListMember(listId, 'kai@acme.io', { email_address: 'jon@acme.io' }),
        ),
      ).toMatchObject(forgotten);
    });
  });

  describe('listing and activity', () => {
    it('filters by status (archived only on request), change window, unique_email_id and email type; pages', async () => {
      const { client, listId, stored } = await setup();
      const statuses = ['subscribed', 'subscribed', 'unsubscribed', 'pending', 'subscribed'];
      const added = [];
      for (const [i, status] of statuses.entries())
        added.push(
          await client.lists.addListMember(listId, {
            email_address: `m${i}@acme.io`,
            status,
            email_type: i === 4 ? 'text' : 'html',
          }),
        );
      await client.lists.deleteListMember(listId, 'm1@acme.io');
      added.forEach((m, i) => (stored().members[m.id].last_changed = `2024-01-0${i + 1}T00:00:00+00:00`));

      const emails = (page: { members: Array<{ email_address: string }> }) =>
        page.members.map((m) => m.email_address);
      const all = await client.lists.getListMembersInfo(listId);
      expect(all.total_items).toBe(4);
      expect(emails(all)).not.toContain('m1@acme.io');
      expect(emails(await client.lists.getListMembersInfo(listId, { status: 'archived' }))).toEqual([
        'm1@acme.io',
      ]);
      expect(emails(await client.lists.getListMembersInfo(listId, { status: 'subscribed' }))).toEqual([
        'm0@acme.io',
        'm4@acme.io',
      ]);
      const window = await client.lists.getListMembersInfo(listId, {
        sinceLastChanged: '2024-01-03T00:00:00+00:00',
        beforeLastChanged: '2024-01-05T00:00:00+00:00',
      });
      expect(emails(window)).toEqual(['m2@acme.io', 'm3@acme.io']);
      expect(
        emails(await client.lists.getListMembersInfo(listId, { uniqueEmailId: added[3].unique_email_id })),
      ).toEqual(['m3@acme.io']);
      expect(emails(await client.lists.getListMembersInfo(listId, { emailType: 'text' }))).toEqual([
        'm4@acme.io',
      ]);
      const second = await client.lists.getListMembersInfo(listId, { count: 2, offset: 2 });
      expect(second.total_items).toBe(4);
      expect(emails(second)).toEqual(['m3@acme.io', 'm4@acme.io']);
      const slim = await client.lists.getListMembersInfo(listId, {
        fields: ['members.email_address', 'total_items'],
        count: 1,
      });
      expect(slim).toEqual({ members: [{ email_address: 'm0@acme.io' }], total_items: 4 });
      const noMembers = await client.lists.getListMembersInfo(listId, { excludeFields: ['members'] });
      expect(noMembers).toMatchObject({ list_id: listId, total_items: 4 });
      expect(noMembers).not.toHaveProperty('members');
      expect(await rejection(client.lists.getListMembersInfo(listId, { count: 1001 }))).toMatchObject({
        status: 400,
        title: 'Invalid Resource',
      });
    });

    it('answers the last 50 activity items, newest first', async () => {
      const { client, listId, stored } = await setup();
      const member = await client.lists.addListMember(listId, {
        email_address: 'act@acme.io',
        status: 'subscribed',
      });
      stored().members[member.id].activity = Array.from({ length: 60 }, (_, i) => ({
        action: i % 2 ? 'open' : 'sent',
        timestamp: new Date(Date.UTC(2024, 0, 1, 0, i)).toISOString().replace('.000Z', '+00:00'),
        type: 'regular',
        campaign_id: 'c1',
        title: 'News',
      }));
      const activity = await client.lists.getListMemberActivity(listId, 'act@acme.io');
      expect(activity).toMatchObject({ email_id: member.id, list_id: listId, total_items: 50 });
      expect(activity.activity).toHaveLength(50);
      expect(activity.activity[0].timestamp).toBe('2024-01-01T00:59:00+00:00');
      const opens = await client.lists.getListMemberActivity(listId, 'act@acme.io', { action: ['open'] });
      expect(opens.activity.every((a: { action: string }) => a.action === 'open')).toBe(true);
    });
  });

  describe('merge fields', () => {
    it('creates, reads, edits and deletes merge fields; tags are upper-cased, cut to 10 and unique', async () => {
      const { client, listId } = await setup();
      const long = await client.lists.addListMergeField(listId, {
        name: 'Brand preference',
        type: 'text',
        tag: 'brand_preference',
      });
      expect(long).toMatchObject({ tag: 'BRAND_PREF', type: 'text', list_id: listId, merge_id: 5 });
      const named = await client.lists.addListMergeField(listId, { name: 'Company name!', type: 'text' });
      expect(named.tag).toBe('COMPANYNAM');
      const again = await client.lists.addListMergeField(listId, { name: 'Company name', type: 'number' });
      expect(again.tag).toBe('COMPANYNA1');
      expect(
        await rejection(
          client.lists.addListMergeField(listId, { name: 'Other', type: 'text', tag: 'brand_prefX' }),
        ),
      ).toMatchObject({ status: 400, title: 'Invalid Resource' });
      const noChoices = await rejection(
        client.lists.addListMergeField(listId, { name: 'Size', type: 'dropdown' }),
      );
      expect(noChoices).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(noChoices.errors).toEqual([expect.objectContaining({ field: 'options.choices' })]);
      const badType = await rejection(client.lists.addListMergeField(listId, { name: 'X', type: 'color' }));
      expect(badType.errors).toEqual([expect.objectContaining({ field: 'type' })]);

      const numbers = await client.lists.getListMergeFields(listId, { type: 'number' });
      expect(numbers.merge_fields.map((f: { tag: string }) => f.tag)).toEqual(['COMPANYNA1']);
      const all = await client.lists.getListMergeFields(listId, { count: 100 });
      expect(all.total_items).toBe(7);
      const edited = await client.lists.updateListMergeField(listId, named.merge_id, {
        name: 'Company',
        tag: 'COMPANY',
        required: true,
      });
      expect(edited).toMatchObject({ name: 'Company', tag: 'COMPANY', required: true });
      expect((await client.lists.getListMergeField(listId, named.merge_id)).tag).toBe('COMPANY');
      expect(await client.lists.deleteListMergeField(listId, named.merge_id)).toBeNull();
      expect(await rejection(client.lists.getListMergeField(listId, named.merge_id))).toMatchObject({
        status: 404,
        title: 'Resource Not Found',
      });
    });

    it('holds at most the account’s merge field cap per audience', async () => {
      const { client, listId } = await setup({ mergeFieldCap: 5 });
      await client.lists.addListMergeField(listId, { name: 'Fifth', type: 'text' });
      const refused = await rejection(
        client.lists.addListMergeField(listId, { name: 'Sixth', type: 'text' }),
      );
      expect(refused).toMatchObject({ status: 400, title: 'Invalid Resource' });
      expect(refused.detail).toContain('maximum of 5 merge fields');
    });

    it('validates member values: required, address, choices, numbers, dates, birthdays, zips, unknown tags', async () => {
      const { client, listId } = await setup();
      await client.lists.updateListMergeField(listId, 1, { name: 'First Name', required: true });
      await client.lists.addListMergeField(listId, {
        name: 'Plan',
        type: 'dropdown',
        tag: 'PLAN',
        options: { choices: ['Basic', 'Pro'] },
      });
      for (const [name, type, tag] of [
        ['Age', 'number', 'AGE'],
        ['Joined', 'date', 'JOINED'],
        ['Birthday', 'birthday', 'BDAY'],
        ['Zip', 'zip', 'ZIP'],
      ])
        await client.lists.addListMergeField(listId, { name, type, tag });

      const missing = await rejection(
        client.lists.addListMember(listId, { email_address: 'lu@acme.io', status: 'subscribed' }),
      );
      expect(missing).toEqual(
        expect.objectContaining({
          status: 400,
          title: 'Invalid Resource',
          detail: 'Your merge fields were invalid.',
          errors: [{ field: 'FNAME', message: 'Please enter a value' }],
        }),
      );
      const skipped = await client.lists.addListMember(
        listId,
        { email_address: 'lu@acme.io', status: 'subscribed' },
        { skipMergeValidation: true },
      );
      expect(skipped.merge_fields.FNAME).toBe('');

      const invalid = await rejection(
        client.lists.addListMember(listId, {
          email_address: 'mar@acme.io',
          status: 'subscribed',
          merge_fields: {
            FNAME: 'Mar',
            ADDRESS: { addr1: 'Calle 1', city: 'Madrid' },
            PLAN: 'Gold',
            AGE: 'forty',
            JOINED: '2024-02-30',
            BDAY: '13/01',
            ZIP: '2800',
            NOPE: 'x',
          },
        }),
      );
      expect(invalid.detail).toBe('Your merge fields were invalid.');
      expect(invalid.errors).toEqual([
        { field: 'ADDRESS', message: 'Please enter a complete address' },
        { field: 'PLAN', message: 'Value must be one of: Basic, Pro' },
        { field: 'AGE', message: 'Please enter a number' },
        { field: 'JOINED', message: 'Please enter a valid date' },
        { field: 'BDAY', message: 'Please enter a valid date (MM/DD)' },
        { field: 'ZIP', message: 'Please enter a valid 5-digit zip code' },
        { field: 'NOPE', message: 'The merge field NOPE does not exist in this audience.' },
      ]);

      const valid = await client.lists.addListMember(listId, {
        email_address: 'mar@acme.io',
        status: 'subscribed',
        merge_fields: {
          FNAME: 'Mar',
          ADDRESS: { addr1: 'Calle 1', city: 'Madrid', state: 'M', zip: '28001', country: 'ES' },
          PLAN: 'Pro',
          AGE: '41',
          JOINED: '03/15/2024',
          BDAY: '02/29',
          ZIP: '28001',
        },
      });
      expect(valid.merge_fields).toMatchObject({
        ADDRESS: { addr1: 'Calle 1', addr2: '', city: 'Madrid', state: 'M', zip: '28001', country: 'ES' },
        PLAN: 'Pro',
        AGE: 41,
        JOINED: '2024-03-15',
        BDAY: '02/29',
      });
      // skip_merge_validation lifts only the required check.
      expect(
        await rejection(
          client.lists.updateListMember(
            listId,
            'mar@acme.io',
            { merge_fields: { AGE: 'x' } },
            { skipMergeValidation: true },
          ),
        ),
      ).toMatchObject({ status: 400, detail: 'Your merge fields were invalid.' });
      // Clearing a required value is refused, as is leaving it empty on a later change.
      expect(
        await rejection(
          client.lists.updateListMember(listId, 'mar@acme.io', { merge_fields: { FNAME: '' } }),
        ),
      ).toMatchObject({ errors: [{ field: 'FNAME', message: 'Please enter a value' }] });
      expect(
        await rejection(client.lists.updateListMember(listId, 'lu@acme.io', { status: 'unsubscribed' })),
      ).toMatchObject({ detail: 'Your merge fields were invalid.' });
    });

    it('cuts text values to 255 bytes without splitting a character', async () => {
      const { client, listId } = await setup();
      const member = await client.lists.addListMember(listId, {
        email_address: 'nuria@acme.io',
        status: 'subscribed',
        merge_fields: { FNAME: 'ñ'.repeat(200), LNAME: '€'.repeat(100) },
      });
      expect(member.merge_fields.FNAME).toBe('ñ'.repeat(127));
      expect(Buffer.byteLength(member.merge_fields.FNAME)).toBe(254);
      expect(member.merge_fields.LNAME).toBe('€'.repeat(85));
    });
  });

  describe('tags', () => {
    it('adds (creating the tag), removes, ignores an empty list, lists and searches tags', async () => {
      const { client, listId, stored } = await setup();
      await client.lists.addListMember(listId, { email_address: 'olga@acme.io', status: 'subscribed' });
      const update = (tags: Array<{ name: string; status: string }>) =>
        client.lists.updateListMemberTags(listId, hash('olga@acme.io'), { tags, is_syncing: true });
      expect(
        await update([
          { name: 'Customer', status: 'active' },
          { name: 'Cordoba', status: 'active' },
        ]),
      ).toBeNull();
      const tag = Object.values(stored().segments).find((s) => s.name === 'Customer');
      expect(tag).toMatchObject({ isTag: true, type: 'static', members: [hash('olga@acme.io')] });
      await update([]);
      await update([
        { name: 'customer', status: 'inactive' },
        { name: 'Unknown', status: 'inactive' },
      ]);
      const tags = await client.lists.getListMemberTags(listId, 'olga@acme.io');
      expect(tags).toMatchObject({ total_items: 1, tags: [{ name: 'Cordoba', id: expect.any(Number) }] });
      expect(tags.tags[0].date_added).toMatch(/\+00:00$/);
      // The removed tag still exists (for the tag search), with no members.
      const search = await client.lists.tagSearch(listId, { name: 'c' });
      expect(search.tags.map((t: { name: string }) => t.name)).toEqual(['Cordoba', 'Customer']);
      expect((await client.lists.tagSearch(listId, { name: 'cu' })).total_items).toBe(1);
      const bad = await rejection(update([{ name: 'X', status: 'on' }]));
      expect(bad).toMatchObject({ status: 400, title: 'Invalid Resource' });
    });

    it('shows at most 50 tags on a member, with the full count', async () => {
      const { client, listId } = await setup();
      const tags = Array.from({ length: 55 }, (_, i) => `tag-${i}`);
      const member = await client.lists.addListMember(listId, {
        email_address: 'pau@acme.io',
        status: 'subscribed',
        tags,
      });
      expect(member.tags_count).toBe(55);
      expect(member.tags).toHaveLength(50);
      expect((await client.lists.getListMemberTags(listId, 'pau@acme.io', { count: 100 })).total_items).toBe(
        55,
      );
    });
  });

  describe('list events', () => {
    it('announces subscribe, unsubscribe, profile and upemail changes with source api', async () => {
      const { client, listId, stored } = await setup();
      const mine = () =>
        events.filter((e) => e.list.id === listId).map((e) => ({ type: e.type, data: e.data }));
      await client.lists.addListMember(listId, { email_address: 'quim@acme.io', status: 'subscribed' });
      const before = stored().members[hash('quim@acme.io')].last_changed;
      stored().members[hash('quim@acme.io')].last_changed = '2020-01-01T00:00:00+00:00';
      await client.lists.updateListMember(listId, 'quim@acme.io', { merge_fields: { FNAME: 'Quim' } });
      expect(stored().members[hash('quim@acme.io')].last_changed >= before).toBe(true);
      await client.lists.updateListMember(listId, 'quim@acme.io', { status: 'unsubscribed' });
      const renamed = await client.lists.setListMember(listId, 'quim@acme.io', {
        email_address: 'joaquim@acme.io',
        status_if_new: 'subscribed',
      });
      expect(renamed.id).toBe(hash('joaquim@acme.io'));
      expect(await rejection(client.lists.getListMember(listId, 'quim@acme.io'))).toMatchObject({
        status: 404,
      });
      expect(mine()).toEqual([
        { type: 'subscribe', data: undefined },
        { type: 'profile', data: undefined },
        { type: 'unsubscribe', data: { action: 'unsub', reason: 'manual' } },
        {
          type: 'upemail',
          data: { old_email: 'quim@acme.io', new_email: 'joaquim@acme.io', new_id: renamed.unique_email_id },
        },
      ]);
      expect(events.filter((e) => e.list.id === listId).every((e) => e.source === 'api')).toBe(true);
    });
  });

  describe('batch subscribe', () => {
    it('adds, updates and reports per-member errors in one answer', async () => {
      const { client, listId, stored } = await setup();
      await client.lists.updateListMergeField(listId, 2, { name: 'Last Name', required: true });
      await client.lists.addListMember(listId, {
        email_address: 'old@acme.io',
        status: 'subscribed',
        merge_fields: { LNAME: 'Old' },
        tags: ['Keep', 'Drop'],
      });
      await client.lists.addListMember(listId, {
        email_address: 'unsub@acme.io',
        status: 'subscribed',
        merge_fields: { LNAME: 'U' },
      });
      outsideWorld(stored(), 'unsub@acme.io', { status: 'unsubscribed', statusSource: 'user' });
      await client.lists.addListMember(listId, {
        email_address: 'gone@acme.io',
        status: 'subscribed',
        merge_fields: { LNAME: 'G' },
      });
      await client.lists.deleteListMemberPermanent(listId, 'gone@acme.io');

      const first = await client.lists.batchListMembers(listId, {
        members: [
          {
            email_address: 'new@acme.io',
            status: 'subscribed',
            merge_fields: { LNAME: 'New' },
            tags: ['Fresh'],
          },
          { email_address: 'old@acme.io', status: 'unsubscribed' },
          { email_address: 'nolname@acme.io', status: 'subscribed' },
          { email_address: 'gone@acme.io', status: 'pending', merge_fields: { LNAME: 'G' } },
          { email_address: 'bad@address', status: 'subscribed', merge_fields: { LNAME: 'B' } },
        ],
      });
      expect(first).toMatchObject({ total_created: 1, total_updated: 0, error_count: 4 });
      expect(first.new_members[0]).toMatchObject({ email_address: 'new@acme.io', tags_count: 1 });
      expect(first.errors).toEqual([
        {
          email_address: 'old@acme.io',
          error_code: 'ERROR_CONTACT_EXISTS',
          error:
            'old@acme.io is already a list member, do you want to update? please provide update_existing:true in the request body',
        },
        {
          email_address: 'nolname@acme.io',
          error_code: 'ERROR_GENERIC',
          error: 'Your merge fields were invalid.',
          field: 'LNAME',
          field_message: 'Please enter a value',
        },
        expect.objectContaining({
          email_address: 'gone@acme.io',
          error_code: 'ERROR_GENERIC',
          error: expect.stringContaining('permanently deleted'),
        }),
        expect.objectContaining({
          email_address: 'bad@address',
          error: expect.stringContaining('looks fake or invalid'),
        }),
      ]);

      const second = await client.lists.batchListMembers(
        listId,
        {
          update_existing: true,
          sync_tags: true,
          members: [
            { email_address: 'old@acme.io', status: 'unsubscribed', tags: ['Keep', 'Added'] },
            { email_address: 'unsub@acme.io', status: 'subscribed' },
            { email_address: 'nolname@acme.io', status: 'pending' },
            { email_address: 'nolname@acme.io', status: 'subscribed' },
          ],
        },
        { skipMergeValidation: true, skipDuplicateCheck: true },
      );
      expect(second).toMatchObject({ total_created: 1, total_updated: 1, error_count: 1 });
      expect(second.new_members[0]).toMatchObject({ email_address: 'nolname@acme.io', status: 'pending' });
      expect(second.updated_members[0]).toMatchObject({
        email_address: 'old@acme.io',
        status: 'unsubscribed',
      });
      expect(second.updated_members[0].tags.map((t: { name: string }) => t.name).sort()).toEqual([
        'Added',
        'Keep',
      ]);
      expect(second.errors).toEqual([
        expect.objectContaining({
          email_address: 'unsub@acme.io',
          error_code: 'ERROR_GENERIC',
          error: expect.stringContaining('is in a compliance state'),
        }),
      ]);

      // Without sync_tags, tags are only added.
      const third = await client.lists.batchListMembers(listId, {
        update_existing: true,
        members: [{ email_address: 'old@acme.io', tags: ['Third'] }],
      });
      expect(third.updated_members[0].tags_count).toBe(3);
    });

    it('refuses more than 500 members with 400 Invalid Resource', async () => {
      const { client, listId } = await setup();
      const members = Array.from({ length: 501 }, (_, i) => ({
        email_address: `b${i}@acme.io`,
        status: 'subscribed',
      }));
      expect(await rejection(client.lists.batchListMembers(listId, { members }))).toMatchObject({
        status: 400,
        title: 'Invalid Resource',
      });
    });
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect(h.exchanges.length).toBeGreaterThan(50);
    expect(h.conformance()).toEqual([]);
  });
});
