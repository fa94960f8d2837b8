import {
  ImportStatus,
  Json,
  MailupClient,
  MailupCredentials,
  MailupErrorBody,
  MailupHarness,
  Paged,
  sleep,
} from './support/mailup-sandbox.harness';
import { sampleConformance, unexercisedSamples } from './support/mailup-sample-shapes';

describe('MailUp sandbox: lists, groups, recipients, imports, dynamic fields', () => {
  let h: MailupHarness;

  beforeAll(async () => {
    h = await MailupHarness.start();
  });
  afterAll(() => h.close());

  /** A fresh account with a client and two lists made in the console. */
  async function setUp(): Promise<{
    account: MailupCredentials;
    client: MailupClient;
    listA: number;
    listB: number;
  }> {
    const account = await h.createAccount();
    const listA = await h.createList(account, 'Clienti');
    const listB = await h.createList(account, 'Prospect');
    return { account, client: await h.connect(account), listA, listB };
  }

  const emails = (page: Paged<{ Email: string }>) => page.Items.map((item) => item.Email).sort();

  const statusIn = async (client: MailupClient, idList: number, email: string) => {
    const optins = await client.console<Paged<Json>>(
      'GET',
      `/List/${idList}/Recipients/EmailOptins?pageSize=100`,
    );
    return optins.body.Items.find((item: { Email: string }) => item.Email === email) as Json;
  };

  it('creates, lists, updates and deletes groups; every list has its non-deletable TEST group', async () => {
    const { client, listA } = await setUp();
    const initial = await client.console<Paged<Json>>('GET', `/List/${listA}/Groups`);
    expect(initial.body.Items).toEqual([
      {
        Count: null,
        Deletable: false,
        Name: 'TEST',
        Notes: expect.any(String),
        idGroup: expect.any(Number),
        idList: listA,
      },
    ]);
    const testGroup = initial.body.Items[0].idGroup;

    const created = await client.console('POST', `/List/${listA}/Group`, {
      Name: 'Lead',
      Notes: 'dal CRM',
      Deletable: true,
    });
    expect(created).toEqual({
      status: 200,
      body: {
        Count: null,
        Deletable: true,
        Name: 'Lead',
        Notes: 'dal CRM',
        idGroup: expect.any(Number),
        idList: listA,
      },
    });
    // Names are not unique, and are cut at 50 characters.
    const twin = await client.console('POST', `/List/${listA}/Group`, { Name: 'Lead' });
    expect(twin.body.idGroup).not.toBe(created.body.idGroup);
    const long = await client.console('POST', `/List/${listA}/Group`, { Name: 'x'.repeat(60) });
    expect(long.body.Name).toHaveLength(50);

    const missing = await client.console<MailupErrorBody>('POST', `/List/${listA}/Group`, {
      Notes: 'no name',
    });
    expect(missing).toEqual({
      status: 400,
      body: {
        ErrorCode: '400',
        ErrorDescription: 'Name: is required',
        ErrorName: 'BadRequest',
        ErrorStack: null,
      },
    });
    expect(
      (await client.console('POST', `/List/${listA}/Group`, { Name: 'ok', Deletable: 'yes' })).status,
    ).toBe(400);
    expect((await client.console<Paged<Json>>('GET', `/List/${listA}/Groups`)).body.TotalElementsCount).toBe(
      4,
    );

    const renamed = await client.console('PUT', `/List/${listA}/Group/${created.body.idGroup}`, {
      Name: 'Lead CRM',
    });
    expect(renamed.body).toMatchObject({ Name: 'Lead CRM', Notes: 'dal CRM', idGroup: created.body.idGroup });
    const filtered = await client.console<Paged<Json>>(
      'GET',
      `/List/${listA}/Groups?filterby=${encodeURIComponent(`"Name == 'Lead CRM'"`)}`,
    );
    expect(filtered.body.Items.map((g: { idGroup: number }) => g.idGroup)).toEqual([created.body.idGroup]);

    const undeletable = await client.console<MailupErrorBody>('DELETE', `/List/${listA}/Group/${testGroup}`);
    expect(undeletable.status).toBe(400);
    expect(undeletable.body.ErrorDescription).toContain('cannot be deleted');
    expect(await client.console('DELETE', `/List/${listA}/Group/${twin.body.idGroup}`)).toEqual({
      status: 200,
      body: undefined,
    });
    expect((await client.console('DELETE', `/List/${listA}/Group/${twin.body.idGroup}`)).status).toBe(404);
    expect((await client.console('GET', `/List/${listA}/Groups`)).body.TotalElementsCount).toBe(3);
  });

  it('adds recipients synchronously: one per email across lists, status per list, double opt-in pending', async () => {
    const { client, listA, listB } = await setUp();
    const added = await client.console('POST', `/List/${listA}/Recipient`, {
      Email: 'ana@example.com',
      Name: 'Ana Rossi',
      Fields: [
        { Id: 1, Value: 'Ana' },
        { Id: 2, Value: 'Rossi' },
      ],
    });
    expect(added.status).toBe(200);
    expect(typeof added.body).toBe('number');
    // The same address in another list is the same recipient; ConfirmEmail makes it pending there.
    const again = await client.console('POST', `/List/${listB}/Recipient?ConfirmEmail=true`, {
      Email: 'ana@example.com',
    });
    expect(again.body).toBe(added.body);
    await client.console('POST', `/List/${listA}/Recipient`, { Email: 'bruno@example.com' });

    const subscribed = await client.console<Paged<Json>>('GET', `/List/${listA}/Recipients/Subscribed`);
    expect(emails(subscribed.body)).toEqual(['ana@example.com', 'bruno@example.com']);
    const ana = subscribed.body.Items.find((r: { Email: string }) => r.Email === 'ana@example.com');
    expect(ana).toMatchObject({
      Name: 'Ana Rossi',
      idRecipient: added.body,
      MobileNumber: null,
      MobilePrefix: null,
    });
    expect(ana.Fields).toHaveLength(26);
    expect(ana.Fields.slice(0, 3)).toEqual([
      { Description: 'FirstName', Id: 1, Value: 'Ana' },
      { Description: 'LastName', Id: 2, Value: 'Rossi' },
      { Description: 'Company', Id: 3, Value: '' },
    ]);
    expect(emails((await client.console('GET', `/List/${listB}/Recipients/Pending`)).body)).toEqual([
      'ana@example.com',
    ]);
    expect(
      (await client.console('GET', `/List/${listB}/Recipients/Subscribed`)).body.TotalElementsCount,
    ).toBe(0);
    expect(await statusIn(client, listB, 'ana@example.com')).toMatchObject({
      Status: 'PENDING',
      Optin_Date: '',
      Optin_Request_Date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/),
    });
    // A plain add does not confirm a pending recipient.
    await client.console('POST', `/List/${listB}/Recipient`, { Email: 'ana@example.com' });
    expect((await statusIn(client, listB, 'ana@example.com')).Status).toBe('PENDING');
    const byEmail = await client.console<Paged<Json>>(
      'GET',
      `/List/${listA}/Recipients/Subscribed?filterby=${encodeURIComponent(`"Email == 'bruno@example.com'"`)}`,
    );
    expect(emails(byEmail.body)).toEqual(['bruno@example.com']);
  });

  it('refuses bad recipients with a 400 naming the field, and changes nothing', async () => {
    const { client, listA } = await setUp();
    const refused = async (body: unknown, description: string) => {
      const answer = await client.console<MailupErrorBody>('POST', `/List/${listA}/Recipient`, body);
      expect({ body, answer }).toEqual({
        body,
        answer: {
          status: 400,
          body: {
            ErrorCode: '400',
            ErrorDescription: description,
            ErrorName: 'BadRequest',
            ErrorStack: null,
          },
        },
      });
    };
    await refused({ Name: 'No email' }, 'Email: is required');
    await refused({ Email: 'not-an-address' }, 'Email: "not-an-address" is not a valid email address');
    await refused(
      { Email: 'long@example.com', Fields: [{ Id: 4, Value: 'x'.repeat(201) }] },
      'Fields[0].Value: 201 characters, dynamic field values may have at most 200',
    );
    await refused(
      { Email: 'ghost@example.com', Fields: [{ Id: 40, Value: 'x' }] },
      'Fields[0].Id: no dynamic field 40 in this account',
    );
    await refused(
      { Email: 'odd@example.com', Fields: 'FirstName=Odd' },
      'Fields: must be an array, got string',
    );
    await refused([{ Email: 'array@example.com' }], 'body: must be a recipient object');
    expect(
      (await client.console('GET', `/List/${listA}/Recipients/EmailOptins`)).body.TotalElementsCount,
    ).toBe(0);
    // 200 characters exactly is fine.
    const ok = await client.console('POST', `/List/${listA}/Recipient`, {
      Email: 'max@example.com',
      Fields: [{ Id: 4, Value: 'x'.repeat(200) }],
    });
    expect(ok.status).toBe(200);
  });

  it('puts recipients in groups (subscribing them to the list) and takes them out, never overriding an unsubscribe', async () => {
    const { client, listA } = await setUp();
    const lead = (await client.console('POST', `/List/${listA}/Group`, { Name: 'Lead' })).body.idGroup;
    const esclusi = (await client.console('POST', `/List/${listA}/Group`, { Name: 'esclusi' })).body.idGroup;
    const carla = (await client.console('POST', `/Group/${lead}/Recipient`, { Email: 'carla@example.com' }))
      .body;
    expect(typeof carla).toBe('number');
    expect(emails((await client.console('GET', `/List/${listA}/Recipients/Subscribed`)).body)).toEqual([
      'carla@example.com',
    ]);
    expect(emails((await client.console('GET', `/Group/${lead}/Recipients`)).body)).toEqual([
      'carla@example.com',
    ]);

    // Moving to the excluded group: out of one, into the other; the list status stays.
    expect(await client.console('DELETE', `/Group/${lead}/Unsubscribe/${carla}`)).toEqual({
      status: 200,
      body: undefined,
    });
    expect(await client.console('POST', `/Group/${esclusi}/Subscribe/${carla}`)).toEqual({
      status: 200,
      body: undefined,
    });
    const groupsOf = await client.console<Paged<Json>>('GET', `/List/${listA}/Recipient/${carla}/Groups`);
    expect(groupsOf.body.Items.map((g: { Name: string }) => g.Name)).toEqual(['esclusi']);
    expect((await statusIn(client, listA, 'carla@example.com')).Status).toBe('OPTIN');

    // Someone unsubscribed stays unsubscribed when added to a group, by id or by a new add.
    const dario = (await client.console('POST', `/List/${listA}/Recipient`, { Email: 'dario@example.com' }))
      .body;
    await client.console('DELETE', `/List/${listA}/Unsubscribe/${dario}`);
    await client.console('POST', `/Group/${lead}/Subscribe/${dario}`);
    await client.console('POST', `/Group/${lead}/Recipient`, { Email: 'dario@example.com' });
    expect((await statusIn(client, listA, 'dario@example.com')).Status).toBe('OPTOUT');
    expect(emails((await client.console('GET', `/Group/${lead}/Recipients`)).body)).toEqual([
      'dario@example.com',
    ]);

    // Emptying a group leaves its recipients in the list.
    expect(await client.console('DELETE', `/List/${listA}/Group/${esclusi}/Recipients`)).toEqual({
      status: 200,
      body: { Removed: 1 },
    });
    expect((await client.console('GET', `/Group/${esclusi}/Recipients`)).body.TotalElementsCount).toBe(0);
    expect((await statusIn(client, listA, 'carla@example.com')).Status).toBe('OPTIN');
    expect((await client.console('GET', '/Group/99999/Recipients')).status).toBe(404);
    expect((await client.console('POST', `/Group/${lead}/Subscribe/99999`)).status).toBe(404);
  });

  it('unsubscribes (keeping the opt-out), re-subscribes on request, and removes from a list or from all', async () => {
    const { client, listA, listB } = await setUp();
    const id = (await client.console('POST', `/List/${listA}/Recipient`, { Email: 'elena@example.com' }))
      .body;
    await client.console('POST', `/List/${listB}/Recipient`, { Email: 'elena@example.com' });
    expect(await client.console('DELETE', `/List/${listA}/Unsubscribe/${id}`)).toEqual({
      status: 200,
      body: undefined,
    });
    expect(await statusIn(client, listA, 'elena@example.com')).toMatchObject({
      Status: 'OPTOUT',
      Optout_Date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/),
      Optout_Type: 'api',
    });
    expect(emails((await client.console('GET', `/List/${listA}/Recipients/Unsubscribed`)).body)).toEqual([
      'elena@example.com',
    ]);
    expect((await statusIn(client, listB, 'elena@example.com')).Status).toBe('OPTIN');
    // A plain add does not re-subscribe; an explicit Subscribe does.
    await client.console('POST', `/List/${listA}/Recipient`, { Email: 'elena@example.com' });
    expect((await statusIn(client, listA, 'elena@example.com')).Status).toBe('OPTOUT');
    expect(await client.console('POST', `/List/${listA}/Subscribe/${id}`)).toEqual({
      status: 200,
      body: undefined,
    });
    expect(await statusIn(client, listA, 'elena@example.com')).toMatchObject({
      Status: 'OPTIN',
      Optout_Date: '',
      Optout_Type: null,
    });

    expect(await client.console('DELETE', `/List/${listA}/Recipient/${id}`)).toEqual({
      status: 200,
      body: undefined,
    });
    expect(await statusIn(client, listA, 'elena@example.com')).toBeUndefined();
    expect((await statusIn(client, listB, 'elena@example.com')).Status).toBe('OPTIN');
    expect(await client.console('DELETE', `/Recipients/${id}`)).toEqual({ status: 200, body: undefined });
    expect(await statusIn(client, listB, 'elena@example.com')).toBeUndefined();
    expect((await client.console('DELETE', `/List/${listA}/Unsubscribe/424242`)).status).toBe(404);
  });

  it('hears the outside world: an unsubscribe from one list, a hard bounce from all, a confirmed opt-in', async () => {
    const { account, client, listA, listB } = await setUp();
    for (const email of ['f@example.com', 'g@example.com']) {
      await client.console('POST', `/List/${listA}/Recipient`, { Email: email });
      await client.console('POST', `/List/${listB}/Recipient?ConfirmEmail=true`, { Email: email });
    }
    const control = (path: string, body: unknown) =>
      h.controlOk(`/accounts/${account.username}/recipients${path}`, body);

    expect(await control('/unsubscribe', { email: 'f@example.com', idList: listA })).toMatchObject({
      idList: listA,
      Status: 'OPTOUT',
    });
    expect(await statusIn(client, listA, 'f@example.com')).toMatchObject({
      Status: 'OPTOUT',
      Optout_Type: 'link',
    });
    expect((await statusIn(client, listB, 'f@example.com')).Status).toBe('PENDING');
    await control('/confirm', { email: 'f@example.com', idList: listB });
    expect((await statusIn(client, listB, 'f@example.com')).Status).toBe('OPTIN');

    const bounced = await control('/bounce', { email: 'g@example.com' });
    expect(bounced).toEqual({ idRecipient: expect.any(Number), unsubscribedFrom: [listA, listB] });
    for (const idList of [listA, listB])
      expect(await statusIn(client, idList, 'g@example.com')).toMatchObject({
        Status: 'OPTOUT',
        Optout_Type: 'bounce',
        Optout_Subtype: 'hard',
      });
    const resubscribe = await client.console<MailupErrorBody>(
      'POST',
      `/List/${listA}/Subscribe/${bounced.idRecipient}`,
    );
    expect(resubscribe.status).toBe(400);
    expect(resubscribe.body.ErrorDescription).toContain('hard-bounced');
    // A new list takes the bounced address in unsubscribed.
    const listC = await h.createList(account, 'Eventi');
    await client.console('POST', `/List/${listC}/Recipient`, { Email: 'g@example.com' });
    expect((await statusIn(client, listC, 'g@example.com')).Status).toBe('OPTOUT');

    const invalid = async (path: string, body: unknown, status: number, description: RegExp) => {
      const response = await h.control(`/accounts/${account.username}/recipients${path}`, { body });
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(((await response.json()) as MailupErrorBody).ErrorDescription).toMatch(description);
    };
    await invalid('/unsubscribe', { email: 'f@example.com' }, 400, /^idList: is required/);
    await invalid('/unsubscribe', { email: 'nobody@example.com', idList: listA }, 404, /nobody@example.com/);
    await invalid('/unsubscribe', { email: 'f@example.com', idList: listC }, 400, /is not in list/);
    await invalid('/bounce', {}, 400, /^email: is required/);
    await invalid('/confirm', { email: 'f@example.com', idList: listA }, 400, /no pending confirmation/);
  });

  it('imports asynchronously, with import status, and never re-subscribes without asOptin', async () => {
    const { account, client, listA } = await setUp();
    const existing = (await client.console('POST', `/List/${listA}/Recipient`, { Email: 'old@example.com' }))
      .body;
    await client.console('DELETE', `/List/${listA}/Unsubscribe/${existing}`);
    await h.controlOk(`/accounts/${account.username}/settings`, { importDelayMs: 400 });

    const accepted = await client.console('POST', `/List/${listA}/Recipients`, [
      { Email: 'new1@example.com', Name: 'Uno', Fields: [{ Id: 1, Value: 'Uno' }] },
      { Email: 'new2@example.com' },
      { Email: 'broken-address' },
      { Email: 'old@example.com', Fields: [{ Id: 3, Value: 'Acme' }] },
      { Name: 'no email at all' },
    ]);
    expect(accepted.status).toBe(200);
    expect(typeof accepted.body).toBe('number');
    const pending = await client.console<ImportStatus>('GET', `/Import/${accepted.body}`);
    expect(pending.body).toEqual({
      idImport: accepted.body,
      Completed: false,
      UpdatedRecipients: 0,
      ValidRecipients: 0,
      CreatedRecipients: 0,
      ImportedRecipients: 0,
      NotValidRecipients: 0,
    });
    expect(
      (await client.console('GET', `/List/${listA}/Recipients/Subscribed`)).body.TotalElementsCount,
    ).toBe(0);
    expect(await client.completedImport(accepted.body)).toEqual({
      idImport: accepted.body,
      Completed: true,
      UpdatedRecipients: 1,
      ValidRecipients: 3,
      CreatedRecipients: 2,
      ImportedRecipients: 3,
      NotValidRecipients: 2,
    });
    expect(emails((await client.console('GET', `/List/${listA}/Recipients/Subscribed`)).body)).toEqual([
      'new1@example.com',
      'new2@example.com',
    ]);
    expect((await statusIn(client, listA, 'old@example.com')).Status).toBe('OPTOUT');
    const old = (await client.console<Paged<Json>>('GET', `/List/${listA}/Recipients/Unsubscribed`)).body
      .Items[0];
    expect(old.Fields[2]).toEqual({ Description: 'Company', Id: 3, Value: 'Acme' });

    await h.controlOk(`/accounts/${account.username}/settings`, { importDelayMs: 0 });
    // asOptin forces the re-subscription, except after a hard bounce.
    await client.console('POST', `/List/${listA}/Recipient`, { Email: 'bounced@example.com' });
    await h.controlOk(`/accounts/${account.username}/recipients/bounce`, { email: 'bounced@example.com' });
    const optin = await client.console('POST', `/List/${listA}/Recipients?importType=asOptin`, [
      { Email: 'old@example.com' },
      { Email: 'bounced@example.com' },
    ]);
    expect(await client.completedImport(optin.body)).toMatchObject({
      ValidRecipients: 2,
      UpdatedRecipients: 2,
    });
    expect((await statusIn(client, listA, 'old@example.com')).Status).toBe('OPTIN');
    expect((await statusIn(client, listA, 'bounced@example.com')).Status).toBe('OPTOUT');

    const optout = await client.console('POST', `/List/${listA}/Recipients?importType=asOptout`, [
      { Email: 'new1@example.com' },
      { Email: 'fresh@example.com' },
    ]);
    expect(await client.completedImport(optout.body)).toMatchObject({
      CreatedRecipients: 1,
      UpdatedRecipients: 1,
    });
    expect(await statusIn(client, listA, 'new1@example.com')).toMatchObject({
      Status: 'OPTOUT',
      Optout_Type: 'import',
    });
    expect((await statusIn(client, listA, 'fresh@example.com')).Status).toBe('OPTOUT');

    const confirm = await client.console('POST', `/List/${listA}/Recipients?ConfirmEmail=true`, [
      { Email: 'doi@example.com' },
    ]);
    await client.completedImport(confirm.body);
    expect((await statusIn(client, listA, 'doi@example.com')).Status).toBe('PENDING');
  });

  it('imports into a group (removeFromPrevGroups takes recipients out of the list’s other groups)', async () => {
    const { account, client, listA } = await setUp();
    await h.controlOk(`/accounts/${account.username}/settings`, { importDelayMs: 0 });
    const lead = (await client.console('POST', `/List/${listA}/Group`, { Name: 'Lead' })).body.idGroup;
    const esclusi = (await client.console('POST', `/List/${listA}/Group`, { Name: 'esclusi' })).body.idGroup;
    const intoLead = await client.console('POST', `/Group/${lead}/Recipients`, [
      { Email: 'h@example.com' },
      { Email: 'i@example.com' },
    ]);
    expect(await client.completedImport(intoLead.body)).toMatchObject({ CreatedRecipients: 2 });
    expect(emails((await client.console('GET', `/List/${listA}/Recipients/Subscribed`)).body)).toEqual([
      'h@example.com',
      'i@example.com',
    ]);

    const moved = await client.console('POST', `/Group/${esclusi}/Recipients?removeFromPrevGroups=true`, [
      { Email: 'h@example.com' },
    ]);
    await client.completedImport(moved.body);
    expect(emails((await client.console('GET', `/Group/${lead}/Recipients`)).body)).toEqual([
      'i@example.com',
    ]);
    expect(emails((await client.console('GET', `/Group/${esclusi}/Recipients`)).body)).toEqual([
      'h@example.com',
    ]);
  });

  it('refuses a malformed import whole (400 naming the item), and unknown imports are 404', async () => {
    const { client, listA } = await setUp();
    const refused = async (path: string, body: unknown, description: string) => {
      const answer = await client.console<MailupErrorBody>('POST', path, body);
      expect({ path, status: answer.status, description: answer.body.ErrorDescription }).toEqual({
        path,
        status: 400,
        description,
      });
    };
    await refused(
      `/List/${listA}/Recipients`,
      { Email: 'a@example.com' },
      'body: must be an array of recipients',
    );
    await refused(
      `/List/${listA}/Recipients`,
      [{ Email: 'a@example.com' }, { Email: 'b@example.com', Fields: [{ Id: 2, Value: 'y'.repeat(250) }] }],
      '[1].Fields[0].Value: 250 characters, dynamic field values may have at most 200',
    );
    await refused(
      `/List/${listA}/Recipients?importType=asPending`,
      [],
      'importType: must be asOptin or asOptout, got "asPending"',
    );
    await refused(
      `/List/${listA}/Recipients?ConfirmEmail=maybe`,
      [],
      'ConfirmEmail: must be true or false, got "maybe"',
    );
    await sleep(400);
    expect(
      (await client.console('GET', `/List/${listA}/Recipients/EmailOptins`)).body.TotalElementsCount,
    ).toBe(0);
    expect((await client.console('GET', '/Import/77')).status).toBe(404);
    expect((await client.console('POST', '/List/999/Recipients', [])).status).toBe(404);
  });

  it('keeps dynamic fields account-wide: 26 by default, at most 39, values through PUT Recipient/Detail', async () => {
    const { account, client, listA } = await setUp();
    const firstPage = await client.console<Paged<{ Id: number; Description: string }>>(
      'GET',
      '/Recipient/DynamicFields',
    );
    expect(firstPage.body).toMatchObject({ IsPaginated: true, PageSize: 20, TotalElementsCount: 26 });
    expect(firstPage.body.Items.slice(0, 3)).toEqual([
      { Description: 'FirstName', Id: 1 },
      { Description: 'LastName', Id: 2 },
      { Description: 'Company', Id: 3 },
    ]);
    const all = await client.console<Paged<Json>>(
      'GET',
      `/Recipient/DynamicFields?PageNumber=0&PageSize=30&orderby=${encodeURIComponent('"Id desc"')}`,
    );
    expect(all.body.Items[0]).toEqual({ Description: 'AllOrderedProductIDs', Id: 26 });
    expect(all.body.IsPaginated).toBe(false);

    for (let i = 27; i <= 39; i++)
      expect(await h.controlOk(`/accounts/${account.username}/fields`, { description: `Extra${i}` })).toEqual(
        { Id: i, Description: `Extra${i}` },
      );
    const fortieth = await h.control(`/accounts/${account.username}/fields`, {
      body: { description: 'One too many' },
    });
    expect(fortieth.status).toBe(400);
    expect(((await fortieth.json()) as MailupErrorBody).ErrorDescription).toContain('39 dynamic fields');
    expect((await client.console('GET', '/Recipient/DynamicFields')).body.TotalElementsCount).toBe(39);

    const id = (
      await client.console('POST', `/List/${listA}/Recipient`, { Email: 'luca@example.com', Name: 'Luca' })
    ).body;
    const detail = await client.console('PUT', '/Recipient/Detail', {
      idRecipient: id,
      Email: 'luca@example.com',
      MobileNumber: '3331234567',
      MobilePrefix: '+39',
      Fields: [
        { Id: 1, Value: 'Luca' },
        { Id: 39, Value: 'ultimo' },
      ],
    });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      Name: 'Luca',
      idRecipient: id,
      Email: 'luca@example.com',
      MobileNumber: '3331234567',
      MobilePrefix: '+39',
    });
    expect(detail.body.Fields).toHaveLength(39);
    expect(detail.body.Fields[38]).toEqual({ Description: 'Extra39', Id: 39, Value: 'ultimo' });
    // By email, changing only what it names; then a new address.
    const byEmail = await client.console('PUT', '/Recipient/Detail', {
      Email: 'luca@example.com',
      Fields: [{ Id: 2, Value: 'Bianchi' }],
    });
    expect(byEmail.body.Fields.slice(0, 2).map((f: { Value: string }) => f.Value)).toEqual([
      'Luca',
      'Bianchi',
    ]);
    const renamed = await client.console('PUT', '/Recipient/Detail', {
      idRecipient: id,
      Email: 'luca.b@example.com',
    });
    expect(renamed.body.Email).toBe('luca.b@example.com');
    expect(emails((await client.console('GET', `/List/${listA}/Recipients/Subscribed`)).body)).toEqual([
      'luca.b@example.com',
    ]);

    // Email and mobile number are keys: another recipient may not take them.
    await client.console('POST', `/List/${listA}/Recipient`, { Email: 'maria@example.com' });
    const taken = await client.console<MailupErrorBody>('PUT', '/Recipient/Detail', {
      idRecipient: id,
      Email: 'maria@example.com',
    });
    expect(taken.body.ErrorDescription).toBe('Email: maria@example.com belongs to another recipient');
    const mismatch = await client.console<MailupErrorBody>('POST', `/List/${listA}/Recipient`, {
      Email: 'maria@example.com',
      MobileNumber: '3331234567',
      MobilePrefix: '+39',
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.ErrorDescription).toContain('key mismatch');
    const tooLong = await client.console<MailupErrorBody>('PUT', '/Recipient/Detail', {
      idRecipient: id,
      Fields: [{ Id: 5, Value: 'z'.repeat(201) }],
    });
    expect(tooLong.status).toBe(400);
    expect((await client.console('PUT', '/Recipient/Detail', { Email: 'nobody@example.com' })).status).toBe(
      404,
    );
    expect((await client.console('PUT', '/Recipient/Detail', { Name: 'who?' })).status).toBe(400);
  });

  it('deletes a list made in the console: gone from the API, its recipients stay in the account', async () => {
    const { account, client, listA, listB } = await setUp();
    await client.console('POST', `/List/${listA}/Recipient`, { Email: 'n@example.com' });
    const deleted = await h.control(`/accounts/${account.username}/lists/${listA}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    const lists = await client.console<Paged<Json>>('GET', '/List');
    expect(lists.body.Items.map((l: { IdList: number }) => l.IdList)).toEqual([listB]);
    expect((await client.console('GET', `/List/${listA}/Recipients/Subscribed`)).status).toBe(404);
    // The address is still the account's: adding it elsewhere finds the same recipient.
    const again = await client.console('POST', `/List/${listB}/Recipient`, { Email: 'n@example.com' });
    expect(again.body).toBe(1);
    expect(
      (await h.control(`/accounts/${account.username}/lists/${listA}`, { method: 'DELETE' })).status,
    ).toBe(404);
    const noName = await h.control(`/accounts/${account.username}/lists`, { body: { description: 'x' } });
    expect(noName.status).toBe(400);
  });

  it('answers on every route a real MailUp sample covers with the sample’s shape', () => {
    expect(sampleConformance(h.exchanges)).toEqual([]);
    // Messages and sendings are covered by the statistics suite.
    expect(unexercisedSamples(h.exchanges).sort()).toEqual([
      'Email/Send/POST.json',
      'List/1/Emails/GET.json',
      'Sms/Send/POST.json',
    ]);
  });

  it('has a shape check that catches a wrong answer', () => {
    const path = '/API/v1.1/Rest/ConsoleService.svc/Console/List/3/Groups';
    const wrong = sampleConformance([
      { method: 'GET', path, status: 200, body: { Items: [{ idGroup: '7', Name: 'x' }], PageNumber: 0 } },
      {
        method: 'POST',
        path: '/API/v1.1/Rest/ConsoleService.svc/Console/List/3/Recipient',
        status: 200,
        body: '12',
      },
    ]);
    expect(wrong).toEqual([
      expect.stringContaining(
        `GET ${path}: keys Items,PageNumber where MailUp has IsPaginated,Items,PageNumber`,
      ),
      expect.stringContaining('Recipient: string where MailUp has number'),
    ]);
  });
});
