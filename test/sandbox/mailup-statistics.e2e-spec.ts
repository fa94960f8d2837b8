import {
  Json,
  MailupClient,
  MailupCredentials,
  MailupErrorBody,
  MailupHarness,
  Paged,
} from './support/mailup-sandbox.harness';
import { sampleConformance, unexercisedSamples } from './support/mailup-sample-shapes';

const OFFERS = 'https://shop.example.com/offerte';
const BLOG = 'https://shop.example.com/blog/1';
const CONSOLE_DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/;

describe('MailUp sandbox: messages, sendings and statistics', () => {
  let h: MailupHarness;
  let account: MailupCredentials;
  let client: MailupClient;
  let listA: number;
  let listB: number;
  let idMessage: number;
  /** Recipient ids by address. */
  const ids: Record<string, number> = {};

  const control = (path: string, body: unknown = {}) =>
    h.controlOk(`/accounts/${account.username}${path}`, body);
  const items = async (path: string) => (await client.stats<Paged<Json>>(path)).body.Items;
  const count = async (path: string) => {
    const answer = await client.stats<number>(path);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  beforeAll(async () => {
    h = await MailupHarness.start();
    account = await h.createAccount({ company: 'Statistiche Srl' });
    listA = await h.createList(account, 'Clienti');
    listB = await h.createList(account, 'Altri');
    client = await h.connect(account);
    for (const email of [
      'a@example.com',
      'b@example.com',
      'c@example.com',
      'x@example.com',
      'gone@example.com',
    ])
      ids[email] = (await client.console('POST', `/List/${listA}/Recipient`, { Email: email })).body;
    await client.console('POST', `/List/${listB}/Recipient`, { Email: 'x@example.com' });
    await client.console('DELETE', `/List/${listA}/Unsubscribe/${ids['gone@example.com']}`);
  });
  afterAll(() => h.close());

  it('lists a list’s messages with MailUp’s shape, their details and their send history', async () => {
    idMessage = (
      await control('/messages', {
        idList: listA,
        subject: 'Saldi estivi',
        notes: 'n. 7',
        links: [OFFERS, BLOG],
      })
    ).idMessage as number;
    await control('/messages', { idList: listB, subject: 'Altro messaggio' });
    const emails = await client.console<Paged<Json>>('GET', `/List/${listA}/Emails`);
    expect(emails.body).toMatchObject({ IsPaginated: false, TotalElementsCount: 1 });
    expect(emails.body.Items).toEqual([
      {
        CreationDate: expect.stringMatching(CONSOLE_DATE),
        Notes: 'n. 7',
        Subject: 'Saldi estivi',
        idList: listA,
        idMessage,
        ServiceType: 0,
      },
    ]);
    const filtered = await client.console<Paged<Json>>(
      'GET',
      `/List/${listA}/Emails?filterby=${encodeURIComponent(`"Subject.Contains('Altro')"`)}`,
    );
    expect(filtered.body.TotalElementsCount).toBe(0);

    const detail = await client.console('GET', `/List/${listA}/Email/${idMessage}`);
    expect(detail.body).toMatchObject({
      Subject: 'Saldi estivi',
      Notes: 'n. 7',
      idList: listA,
      idMessage,
      IsConfirmation: false,
    });
    expect(detail.body.Content).toContain(`<a href="${OFFERS}">`);
    expect((await client.console('GET', `/List/${listB}/Email/${idMessage}`)).status).toBe(404);

    // Sent to every subscriber of the list (not the one who unsubscribed), then again to one of them.
    expect(await control(`/messages/${idMessage}/send`)).toMatchObject({ idMessage, recipients: 4 });
    expect(
      await control(`/messages/${idMessage}/send`, { emails: ['x@example.com', 'gone@example.com'] }),
    ).toMatchObject({ recipients: 1 });
    const history = await client.console<Paged<Json>>('GET', `/List/${listA}/Email/${idMessage}/SendHistory`);
    expect(history.body.Items).toEqual([
      {
        EndDate: expect.stringMatching(CONSOLE_DATE),
        Kb_transferred: expect.any(Number),
        Recipients: 4,
        SenderEmail: expect.stringContaining('@'),
        SenderName: 'Statistiche Srl',
        StartDate: expect.stringMatching(CONSOLE_DATE),
        idMessage,
      },
      expect.objectContaining({ Recipients: 1 }),
    ]);
  });

  it('records what recipients do, as the outside world reports it', async () => {
    const activity = (body: Record<string, unknown>) => control(`/messages/${idMessage}/activity`, body);
    expect(
      await activity({
        email: 'a@example.com',
        views: 2,
        clicks: [{ url: OFFERS, count: 2 }, { url: BLOG }],
      }),
    ).toEqual({
      idMessage,
      idRecipient: ids['a@example.com'],
      views: 2,
      clicks: 3,
      bounced: false,
      unsubscribed: false,
    });
    // A click means the email was opened.
    expect(await activity({ email: 'b@example.com', clicks: [{ url: OFFERS, count: 1 }] })).toMatchObject({
      views: 1,
      clicks: 1,
    });
    expect(await activity({ email: 'c@example.com', unsubscribe: true })).toMatchObject({
      unsubscribed: true,
    });
    expect(await activity({ email: 'x@example.com', bounce: true })).toMatchObject({ bounced: true });

    const optins = await client.console<Paged<Json>>('GET', `/List/${listA}/Recipients/EmailOptins`);
    const of = (email: string) => optins.body.Items.find((i: { Email: string }) => i.Email === email);
    expect(of('c@example.com')).toMatchObject({
      Status: 'OPTOUT',
      Optout_Type: 'link',
      Optout_MsgID: idMessage,
    });
    expect(of('x@example.com')).toMatchObject({ Status: 'OPTOUT', Optout_Type: 'bounce' });
    const inB = await client.console<Paged<Json>>('GET', `/List/${listB}/Recipients/Unsubscribed`);
    expect(inB.body.Items.map((r: { Email: string }) => r.Email)).toEqual(['x@example.com']);

    const refused = async (path: string, body: unknown, status: number, description: RegExp) => {
      const response = await h.control(`/accounts/${account.username}${path}`, { body });
      expect({ path, body, status: response.status }).toEqual({ path, body, status });
      expect(((await response.json()) as MailupErrorBody).ErrorDescription).toMatch(description);
    };
    await refused(
      `/messages/${idMessage}/activity`,
      { email: 'gone@example.com', views: 1 },
      400,
      /did not receive message/,
    );
    await refused(
      `/messages/${idMessage}/activity`,
      { email: 'a@example.com', clicks: [{ url: 'https://elsewhere.test' }] },
      400,
      /^clicks\[0\]\.url: not a link/,
    );
    await refused(
      `/messages/${idMessage}/activity`,
      { email: 'a@example.com', clicks: [{ url: OFFERS, count: 0 }] },
      400,
      /^clicks\[0\]\.count/,
    );
    await refused(
      `/messages/${idMessage}/activity`,
      { email: 'a@example.com' },
      400,
      /give views, clicks, bounce or unsubscribe/,
    );
    await refused(`/messages/${idMessage}/activity`, { email: 'a@example.com', views: -1 }, 400, /^views:/);
    await refused(
      `/messages/${idMessage}/send`,
      { emails: ['nobody@example.com'] },
      404,
      /^emails\[0\]: no recipient/,
    );
    await refused('/messages/999/send', {}, 404, /Message 999 not found/);
    await refused('/messages', { idList: listA }, 400, /^subject: is required/);
    await refused('/messages', { idList: 999, subject: 'x' }, 404, /List 999 not found/);
    await refused(
      '/messages',
      { idList: listA, subject: 'x', links: 'https://one.test' },
      400,
      /^links: must be an array/,
    );
  });

  it('reports statistics by message: lists (paged, filterable) and counts (bare integers)', async () => {
    expect(await items(`/Message/${idMessage}/List/Recipients`)).toEqual(
      ['a@example.com', 'b@example.com', 'c@example.com', 'x@example.com'].map((email) => ({
        Email: email,
        IdMessage: idMessage,
        IdRecipient: ids[email],
      })),
    );
    expect(await count(`/Message/${idMessage}/Count/Recipients`)).toBe(4);

    expect(await items(`/Message/${idMessage}/List/Views`)).toEqual([
      { Count: 2, Email: 'a@example.com', IdRecipient: ids['a@example.com'] },
      { Count: 1, Email: 'b@example.com', IdRecipient: ids['b@example.com'] },
    ]);
    expect(await count(`/Message/${idMessage}/Count/Views`)).toBe(3);
    expect(await items(`/Message/${idMessage}/List/Clicks`)).toEqual([
      { Count: 3, Email: 'a@example.com', IdRecipient: ids['a@example.com'] },
      { Count: 1, Email: 'b@example.com', IdRecipient: ids['b@example.com'] },
    ]);
    expect(await count(`/Message/${idMessage}/Count/Clicks`)).toBe(4);

    expect(await items(`/Message/${idMessage}/List/UrlClicks`)).toEqual([
      { Count: 3, IdMessage: idMessage, Url: OFFERS },
      { Count: 1, IdMessage: idMessage, Url: BLOG },
    ]);
    expect(await count(`/Message/${idMessage}/Count/UrlClicks`)).toBe(4);
    expect(
      await items(
        `/Message/${idMessage}/List/UrlClickDetails?orderby=${encodeURIComponent('"Url asc; IdRecipient asc"')}`,
      ),
    ).toEqual([
      {
        Count: 1,
        Email: 'a@example.com',
        IdMessage: idMessage,
        IdRecipient: ids['a@example.com'],
        Url: BLOG,
      },
      {
        Count: 2,
        Email: 'a@example.com',
        IdMessage: idMessage,
        IdRecipient: ids['a@example.com'],
        Url: OFFERS,
      },
      {
        Count: 1,
        Email: 'b@example.com',
        IdMessage: idMessage,
        IdRecipient: ids['b@example.com'],
        Url: OFFERS,
      },
    ]);
    expect((await client.stats(`/Message/${idMessage}/Count/UrlClickDetails`)).status).toBe(404);

    expect(await items(`/Message/${idMessage}/List/Bounces`)).toEqual([
      {
        Date: expect.stringMatching(CONSOLE_DATE),
        Email: 'x@example.com',
        IdMessage: idMessage,
        IdRecipient: ids['x@example.com'],
      },
    ]);
    expect(await count(`/Message/${idMessage}/Count/Bounces`)).toBe(1);
    expect(await items(`/Message/${idMessage}/List/Unsubscriptions`)).toEqual([
      {
        Date: expect.stringMatching(CONSOLE_DATE),
        Email: 'c@example.com',
        IdMessage: idMessage,
        IdRecipient: ids['c@example.com'],
      },
    ]);
    expect(await count(`/Message/${idMessage}/Count/Unsubscriptions`)).toBe(1);

    // Paging and expressions apply to the lists, not to the counts.
    const views = await client.stats<Paged<Json>>(
      `/Message/${idMessage}/List/Views?filterby=${encodeURIComponent('"Count > 1"')}&pageSize=1`,
    );
    expect(views.body).toMatchObject({ IsPaginated: false, PageSize: 1, TotalElementsCount: 1 });
    expect(
      await count(`/Message/${idMessage}/Count/Views?filterby=${encodeURIComponent('"Count > 1"')}`),
    ).toBe(3);
    const recipients = await client.stats<Paged<Json>>(
      `/Message/${idMessage}/List/Recipients?pageSize=3&pageNumber=1`,
    );
    expect(recipients.body).toMatchObject({
      IsPaginated: true,
      PageNumber: 1,
      Skipped: 3,
      TotalElementsCount: 4,
    });
    expect(recipients.body.Items).toHaveLength(1);
    const unknown = await client.stats<MailupErrorBody>(
      `/Message/${idMessage}/List/Views?filterby=${encodeURIComponent('"Opens > 1"')}`,
    );
    expect(unknown.body.ErrorDescription).toBe(
      "No property or field 'Opens' exists in type 'MessageRecipientCountItem'",
    );
    expect(await client.stats('/Message/999/List/Views')).toEqual({
      status: 404,
      body: {
        ErrorCode: '404',
        ErrorDescription: 'Message 999 not found',
        ErrorName: 'NotFound',
        ErrorStack: null,
      },
    });
  });

  it('reports statistics by recipient, one item per message', async () => {
    const other = (await control('/messages', { idList: listB, subject: 'Solo lista B', links: [OFFERS] }))
      .idMessage as number;
    // x bounced: the sending to list B skips them; a second recipient of B receives it.
    await client.console('POST', `/List/${listB}/Recipient`, { Email: 'a@example.com' });
    expect(await control(`/messages/${other}/send`)).toMatchObject({ recipients: 1 });
    await control(`/messages/${other}/activity`, { email: 'a@example.com', views: 1 });

    const a = ids['a@example.com'];
    expect(await items(`/Recipient/${a}/List/Deliveries`)).toEqual([
      { Count: 1, IdList: listA, IdMessage: idMessage, Notes: 'n. 7', Subject: 'Saldi estivi' },
      { Count: 1, IdList: listB, IdMessage: other, Notes: '', Subject: 'Solo lista B' },
    ]);
    expect(await count(`/Recipient/${a}/Count/Deliveries`)).toBe(2);
    expect(
      await items(`/Recipient/${a}/List/Views?filterby=${encodeURIComponent(`"IdList == ${listA}"`)}`),
    ).toEqual([{ Count: 2, IdList: listA, IdMessage: idMessage, Notes: 'n. 7', Subject: 'Saldi estivi' }]);
    expect(await count(`/Recipient/${a}/Count/Views`)).toBe(3);
    expect(await count(`/Recipient/${a}/Count/Clicks`)).toBe(3);
    const x = ids['x@example.com'];
    expect(await items(`/Recipient/${x}/List/Deliveries`)).toEqual([
      expect.objectContaining({ Count: 2, IdMessage: idMessage }),
    ]);
    expect(await items(`/Recipient/${x}/List/Bounces`)).toEqual([
      {
        Date: expect.stringMatching(CONSOLE_DATE),
        IdList: listA,
        IdMessage: idMessage,
        Notes: 'n. 7',
        Subject: 'Saldi estivi',
      },
    ]);
    expect(await count(`/Recipient/${ids['c@example.com']}/Count/Unsubscriptions`)).toBe(1);
    expect(await count(`/Recipient/${ids['gone@example.com']}/Count/Deliveries`)).toBe(0);
    expect(await items(`/Recipient/${ids['gone@example.com']}/List/Clicks`)).toEqual([]);
    expect((await client.stats('/Recipient/4242/List/Deliveries')).status).toBe(404);
  });

  it('forgets a deleted list’s messages', async () => {
    const response = await h.control(`/accounts/${account.username}/lists/${listB}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect((await client.stats('/Message/2/Count/Recipients')).status).toBe(404);
    expect(await count(`/Message/${idMessage}/Count/Recipients`)).toBe(4);
  });

  it('answers the sampled routes with the shape of MailUp’s samples', () => {
    expect(sampleConformance(h.exchanges)).toEqual([]);
    expect(unexercisedSamples(h.exchanges)).not.toContain('List/1/Emails/GET.json');
  });
});
