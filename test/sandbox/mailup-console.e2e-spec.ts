import {
  CONSOLE,
  Json,
  MailupClient,
  MailupErrorBody,
  MailupHarness,
  Paged,
  sleep,
} from './support/mailup-sandbox.harness';

const errorBody = (code: number, description: string | RegExp, name: string | null) => ({
  ErrorCode: String(code),
  ErrorDescription: typeof description === 'string' ? description : expect.stringMatching(description),
  ErrorName: name,
  ErrorStack: null,
});

describe('MailUp sandbox: console basics, paging and filters, errors, limits', () => {
  let h: MailupHarness;

  beforeAll(async () => {
    h = await MailupHarness.start();
  });
  afterAll(() => h.close());

  it('tells any user which account the token acts for', async () => {
    const admin = await h.createAccount({ company: 'Acme Srl' });
    expect(admin).toEqual({
      accountId: expect.any(Number),
      username: `m${admin.accountId}`,
      password: expect.any(String),
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      admin: true,
      company: 'Acme Srl',
    });
    const info = await (await h.connect(admin)).console('GET', '/Authentication/Info');
    expect(info).toEqual({
      status: 200,
      body: {
        Company: 'Acme Srl',
        IsTrial: false,
        UID: String(admin.accountId),
        Username: admin.username,
        Version: '9.0.0',
      },
    });
    const user = await h.createAccount({ admin: false });
    expect((await (await h.connect(user)).console('GET', '/Authentication/Info')).status).toBe(200);
  });

  describe('collections', () => {
    let client: MailupClient;

    beforeAll(async () => {
      const account = await h.createAccount({ company: 'Liste Srl' });
      for (let i = 1; i <= 25; i++)
        await h.controlOk(`/accounts/${account.username}/lists`, {
          name: i % 5 === 0 ? `Promo ${i}` : `List ${i}`,
          description: `number ${i}`,
        });
      client = await h.connect(account);
    });

    const names = (page: Paged<{ Name: string }>) => page.Items.map((item) => item.Name);

    it('pages 20 at a time by default, from page 0, with MailUp’s envelope and key casing', async () => {
      const first = await client.console<Paged<Json>>('GET', '/List');
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        IsPaginated: true,
        PageNumber: 0,
        PageSize: 20,
        Skipped: 0,
        TotalElementsCount: 25,
      });
      expect(first.body.Items).toHaveLength(20);
      expect(first.body.Items[0]).toEqual({
        Company: 'Liste Srl',
        Description: 'number 1',
        IdList: expect.any(Number),
        ListGuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        Name: 'List 1',
      });
      const second = await client.console<Paged<Json>>('GET', '/List?pageNumber=1');
      expect(second.body).toMatchObject({ PageNumber: 1, Skipped: 20, TotalElementsCount: 25 });
      expect(second.body.Items).toHaveLength(5);
      // Parameter names in any casing.
      const third = await client.console<Paged<Json>>('GET', '/List?PageSize=10&PAGENUMBER=2');
      expect(third.body).toMatchObject({ PageNumber: 2, PageSize: 10, Skipped: 20 });
      expect(names(third.body)).toEqual(['List 21', 'List 22', 'List 23', 'List 24', 'Promo 25']);
      const small = await client.console<Paged<Json>>('GET', '/List?pageSize=30');
      expect(small.body).toMatchObject({ IsPaginated: false, PageSize: 30, TotalElementsCount: 25 });

      const single = await client.console('GET', `/List/${first.body.Items[2].IdList}`);
      expect(single.body).toEqual(first.body.Items[2]);

      // The deprecated endpoint's lower-case ids.
      const old = await client.console<Paged<Json>>('GET', '/User/Lists?pageSize=1');
      expect(old.body.Items).toEqual([
        {
          Company: 'Liste Srl',
          Description: 'number 1',
          Name: 'List 1',
          idList: first.body.Items[0].IdList,
          listGuid: first.body.Items[0].ListGuid,
        },
      ]);
    });

    it('filters and orders with quoted expressions', async () => {
      const query = (params: Record<string, string>) =>
        client.console<Paged<{ Name: string; IdList: number }>>(
          'GET',
          `/List?${new URLSearchParams(params)}`,
        );
      const promos = await query({ filterby: `"Name.Contains('Promo')"`, orderby: '"IdList desc"' });
      expect(names(promos.body)).toEqual(['Promo 25', 'Promo 20', 'Promo 15', 'Promo 10', 'Promo 5']);
      expect(promos.body).toMatchObject({ IsPaginated: false, TotalElementsCount: 5 });

      const one = await query({ filterby: '"IdList == 3"' });
      expect(names(one.body)).toEqual(['List 3']);
      // Property names in any casing, && and ||, comparisons, negation, methods chained.
      const mixed = await query({
        filterby: `"(idlist > 22 && !Name.StartsWith('Promo')) || Description.Trim().EndsWith('number 2')"`,
        orderby: '"Name desc; IdList asc"',
      });
      expect(names(mixed.body)).toEqual(['List 24', 'List 23', 'List 2']);
      // Unquoted expressions work too; paging applies after the filter.
      const paged = await query({ filterby: "Name.Contains('List')", pageSize: '5', pageNumber: '3' });
      expect(paged.body).toMatchObject({ TotalElementsCount: 20, IsPaginated: true, Skipped: 15 });
      expect(paged.body.Items).toHaveLength(5);

      const old = await client.console<Paged<Json>>(
        'GET',
        `/User/Lists?filterby=${encodeURIComponent('"idList <= 2"')}&orderby=${encodeURIComponent('"idList desc"')}`,
      );
      expect(old.body.Items.map((l: { Name: string }) => l.Name)).toEqual(['List 2', 'List 1']);
    });

    it('answers 400 naming the problem for unknown properties, type mismatches, syntax and paging errors', async () => {
      const bad = async (query: string, description: string | RegExp) => {
        const answer = await client.console<MailupErrorBody>('GET', `/List?${query}`);
        expect({ query, status: answer.status }).toEqual({ query, status: 400 });
        expect(answer.body).toEqual(errorBody(400, description, 'BadRequest'));
      };
      await bad(
        `filterby=${encodeURIComponent('"Colour == 1"')}`,
        "No property or field 'Colour' exists in type 'ConsoleListItem'",
      );
      await bad(
        `orderby=${encodeURIComponent('"Colour desc"')}`,
        "No property or field 'Colour' exists in type 'ConsoleListItem'",
      );
      await bad(
        `filterby=${encodeURIComponent('"Name == 3"')}`,
        "Operator '==' incompatible with operand types 'String' and 'Int32'",
      );
      await bad(
        `filterby=${encodeURIComponent('"IdList.Contains(\'1\')"')}`,
        /No applicable method 'Contains'/,
      );
      await bad(`filterby=${encodeURIComponent('"Name == \'x"')}`, /^Syntax error/);
      await bad(`filterby=${encodeURIComponent('"IdList"')}`, /not 'Boolean'/);
      await bad(`orderby=${encodeURIComponent('"Name sideways"')}`, /^Syntax error/);
      await bad('pageSize=0', /^pageSize: must be an integer/);
      await bad('pageNumber=-1', /^pageNumber: must be an integer/);
      await bad('pageSize=ten', /^pageSize/);
    });
  });

  it('answers errors in MailUp’s shape: unknown ids and endpoints 404, malformed input 400', async () => {
    const account = await h.createAccount();
    const client = await h.connect(account);
    expect(await client.console('GET', '/List/999')).toEqual({
      status: 404,
      body: errorBody(404, 'List 999 not found', 'NotFound'),
    });
    expect(await client.console('GET', '/List/abc')).toEqual({
      status: 400,
      body: errorBody(400, 'idList: must be an integer, got "abc"', 'BadRequest'),
    });
    expect(await client.console('GET', '/Nothing/Here')).toEqual({
      status: 404,
      body: errorBody(404, /^Endpoint not found/, 'NotFound'),
    });
    const idList = await h.createList(account);
    const malformed = await fetch(`${h.baseUrl}${CONSOLE}/List/${idList}/Recipient`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}`, 'content-type': 'application/json' },
      body: '{"Email": ',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual(
      errorBody(400, 'The request body is not valid JSON', 'BadRequest'),
    );
    const statistics = await client.raw('GET', '/API/v1.1/Rest/Nowhere.svc/x');
    expect(statistics.status).toBe(404);
  });

  it('refuses the sixth request of an account within a second with 429, and only that account', async () => {
    const busy = await h.connect(await h.createAccount());
    const other = await h.connect(await h.createAccount());
    await sleep(1100);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await busy.raw('GET', `${CONSOLE}/Authentication/Info`));
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(answers[5]).toEqual({
      status: 429,
      body: {
        ErrorCode: '429',
        ErrorDescription:
          'Authorization error (too_many_requests): Too many requests. Max:5 calls per second , actual:6.',
        ErrorName: null,
        ErrorStack: null,
      },
    });
    // The statistics service counts against the same limit.
    expect(
      (await busy.raw('GET', '/API/v1.1/Rest/MailStatisticsService.svc/Message/1/Count/Views')).status,
    ).toBe(429);
    expect((await other.raw('GET', `${CONSOLE}/Authentication/Info`)).status).toBe(200);
    // A client that backs off for a second is served again.
    await sleep(1100);
    expect((await busy.raw('GET', `${CONSOLE}/Authentication/Info`)).status).toBe(200);
  });

  it('keeps account-wide resources from a user who is not an administrator (403)', async () => {
    const account = await h.createAccount({ admin: false });
    expect(account.admin).toBe(false);
    const idList = await h.createList(account);
    const client = await h.connect(account);
    const forbidden = errorBody(
      403,
      'Authorization error: the user is not an administrator of this account',
      'Forbidden',
    );
    const groups = await client.console<Paged<Json>>('GET', `/List/${idList}/Groups`);
    expect(groups.status).toBe(200);
    const testGroup = groups.body.Items[0].idGroup;
    for (const [method, path, body] of [
      ['GET', '/Recipient/DynamicFields'],
      ['GET', '/Import/1'],
      ['POST', `/List/${idList}/Group`, { Name: 'Lead' }],
      ['DELETE', `/List/${idList}/Group/${testGroup}`],
    ] as Array<[string, string, unknown?]>)
      expect({ path, answer: await client.console(method, path, body) }).toEqual({
        path,
        answer: { status: 403, body: forbidden },
      });
    expect((await client.console('GET', '/List')).status).toBe(200);
    expect(
      (await client.console('POST', `/List/${idList}/Recipient`, { Email: 'ana@example.com' })).status,
    ).toBe(200);
    // The refused group was not created.
    expect((await client.console<Paged<Json>>('GET', `/List/${idList}/Groups`)).body.TotalElementsCount).toBe(
      1,
    );
  });

  it('injects faults and latency from the control API, and validates its input', async () => {
    const account = await h.createAccount();
    const client = await h.connect(account);
    const idList = await h.createList(account);
    const control = (path: string, body: unknown) =>
      h.control(`/accounts/${account.username}${path}`, { body });

    expect((await control('/faults', { status: 503, count: 2, pathContains: '/List' })).status).toBe(200);
    expect(await client.console('GET', `/List/${idList}`)).toEqual({
      status: 503,
      body: errorBody(503, /retry later/, 'ServiceUnavailable'),
    });
    // Paths that do not match are served meanwhile.
    expect((await client.console('GET', '/Authentication/Info')).status).toBe(200);
    expect((await client.console('GET', `/List/${idList}/Groups`)).status).toBe(503);
    expect((await client.console('GET', `/List/${idList}`)).status).toBe(200);

    await control('/faults', { status: 500, count: 1 });
    await control('/faults', { status: 429, count: 1 });
    await control('/faults', { status: 401, count: 1 });
    expect((await client.console('GET', '/List')).body).toEqual(
      errorBody(500, 'Internal server error', 'InternalServerError'),
    );
    expect((await client.console('GET', '/List')).body).toMatchObject({ ErrorCode: '429', ErrorName: null });
    expect((await client.console('GET', '/List')).body).toEqual(
      errorBody(401, 'Authorization error: Access token is expired', 'Unauthorized'),
    );
    expect((await client.console('GET', '/List')).status).toBe(200);

    await control('/latency', { ms: 150 });
    const started = Date.now();
    expect((await client.console('GET', '/List')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    await control('/latency', { ms: 0 });

    const invalid = async (path: string, body: unknown, description: RegExp) => {
      const response = await control(path, body);
      expect({ path, status: response.status }).toEqual({ path, status: 400 });
      expect(((await response.json()) as MailupErrorBody).ErrorDescription).toMatch(description);
    };
    await invalid('/faults', { status: 404, count: 1 }, /^status: must be one of 401, 429, 500, 503/);
    await invalid('/faults', { status: 500, count: 0 }, /^count: must be an integer of at least 1/);
    await invalid('/latency', { ms: -5 }, /^ms:/);
    await invalid('/settings', { requestsPerSecond: 0 }, /^requestsPerSecond:/);
    await invalid('/settings', { importDelayMs: 'soon' }, /^importDelayMs:/);
    const unknown = await h.control('/accounts/m1/latency', { body: { ms: 1 } });
    expect(unknown.status).toBe(404);
    const badAccount = await h.control('/accounts', { body: { admin: 'yes' } });
    expect(((await badAccount.json()) as MailupErrorBody).ErrorDescription).toBe(
      'admin: must be true or false',
    );
    const settings = await h.controlOk(`/accounts/${account.username}/settings`, { requestsPerSecond: 8 });
    expect(settings).toMatchObject({ requestsPerSecond: 8, importDelayMs: 300, latencyMs: 0, faults: [] });
  });
});
