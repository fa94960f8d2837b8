import { rejection, SandboxHarness, audienceInput } from './support/mailchimp-sandbox.harness';

const audience = (name: string) => audienceInput(name);

const emails = (members: Array<{ email_address: string }>) => members.map((m) => m.email_address).sort();

describe('Mailchimp sandbox: segments and tags', () => {
  let h: SandboxHarness;

  beforeAll(async () => {
    h = await SandboxHarness.start();
  });
  afterAll(() => h.close());

  /** An audience with ana, luis and eva subscribed (gmail for two of them) and olga unsubscribed. */
  async function setup() {
    const account = await h.createAccount();
    const client = h.client({ apiKey: account.api_key });
    const list = await client.lists.createList(audience('Clientes'));
    const people: Array<[string, string, string]> = [
      ['ana@gmail.com', 'Ana', 'subscribed'],
      ['luis@example.com', 'Luis', 'subscribed'],
      ['eva@gmail.com', 'Eva', 'subscribed'],
      ['olga@example.com', 'Olga', 'unsubscribed'],
    ];
    for (const [email_address, FNAME, status] of people)
      await client.lists.addListMember(list.id, { email_address, status, merge_fields: { FNAME } });
    return { client, list };
  }

  it('creates static segments from addresses (unknown ones ignored) and counts subscribed members', async () => {
    const { client, list } = await setup();
    const segment = await client.lists.createSegment(list.id, {
      name: 'Compradores',
      static_segment: ['ANA@gmail.com', 'olga@example.com', 'nobody@example.com'],
    });
    expect(segment).toMatchObject({ name: 'Compradores', type: 'static', member_count: 1, list_id: list.id });
    expect(segment).not.toHaveProperty('options');
    expect(await client.lists.getSegment(list.id, segment.id, { include_unsubscribed: true })).toMatchObject({
      member_count: 2,
    });
    expect(emails((await client.lists.getSegmentMembersList(list.id, segment.id)).members)).toEqual([
      'ana@gmail.com',
    ]);
    const withUnsubscribed = await client.lists.getSegmentMembersList(list.id, segment.id, {
      include_unsubscribed: true,
    });
    expect(withUnsubscribed.total_items).toBe(2);
    expect(emails(withUnsubscribed.members)).toEqual(['ana@gmail.com', 'olga@example.com']);

    const empty = await client.lists.createSegment(list.id, { name: 'Vacío', static_segment: [] });
    expect(empty).toMatchObject({ type: 'static', member_count: 0 });
    const listed = await client.lists.listSegments(list.id, { type: 'static' });
    expect(listed).toMatchObject({ list_id: list.id, total_items: 2 });
    expect(listed.segments.map((s: { name: string }) => s.name)).toEqual(['Compradores', 'Vacío']);
    expect((await client.lists.listSegments(list.id, { type: 'saved' })).total_items).toBe(0);
    expect((await client.lists.listSegments(list.id, { count: 1, offset: 1 })).segments).toHaveLength(1);
  });

  it('adds and removes members in batches of at most 500, reporting unknown addresses', async () => {
    const { client, list } = await setup();
    const segment = await client.lists.createSegment(list.id, {
      name: 'Newsletter',
      static_segment: ['ana@gmail.com'],
    });
    const result = await client.lists.batchSegmentMembers(
      {
        members_to_add: ['luis@example.com', 'olga@example.com', 'ghost@example.com'],
        members_to_remove: ['ana@gmail.com'],
      },
      list.id,
      segment.id,
    );
    expect(result).toMatchObject({ total_added: 2, total_removed: 1, error_count: 1 });
    expect(emails(result.members_added)).toEqual(['luis@example.com', 'olga@example.com']);
    expect(emails(result.members_removed)).toEqual(['ana@gmail.com']);
    expect(result.errors).toEqual([{ email_addresses: ['ghost@example.com'], error: expect.any(String) }]);
    expect((await client.lists.getSegment(list.id, segment.id)).member_count).toBe(1);

    const again = await client.lists.batchSegmentMembers(
      { members_to_add: ['luis@example.com'] },
      list.id,
      segment.id,
    );
    expect(again).toMatchObject({ total_added: 0, total_removed: 0, error_count: 0, errors: [] });

    const tooMany = Array.from({ length: 501 }, (_, i) => `p${i}@example.com`);
    expect(
      await rejection(client.lists.batchSegmentMembers({ members_to_add: tooMany }, list.id, segment.id)),
    ).toMatchObject({ status: 400, title: 'Invalid Resource', errors: [{ field: 'members_to_add' }] });
    expect(
      await rejection(client.lists.batchSegmentMembers({ members_to_remove: tooMany }, list.id, segment.id)),
    ).toMatchObject({ status: 400, errors: [{ field: 'members_to_remove' }] });
    const atCap = await client.lists.batchSegmentMembers(
      { members_to_add: tooMany.slice(0, 500) },
      list.id,
      segment.id,
    );
    expect(atCap).toMatchObject({ total_added: 0, error_count: 500 });
    expect(await rejection(client.lists.batchSegmentMembers({}, list.id, 999999))).toMatchObject({
      status: 404,
    });
  });

  it('adds and removes one member at a time', async () => {
    const { client, list } = await setup();
    const segment = await client.lists.createSegment(list.id, { name: 'Uno a uno', static_segment: [] });
    const added = await client.lists.createSegmentMember(list.id, segment.id, {
      email_address: 'eva@gmail.com',
    });
    expect(added).toMatchObject({ email_address: 'eva@gmail.com', status: 'subscribed', list_id: list.id });
    expect((await client.lists.getSegment(list.id, segment.id)).member_count).toBe(1);
    expect(
      await rejection(
        client.lists.createSegmentMember(list.id, segment.id, { email_address: 'ghost@example.com' }),
      ),
    ).toMatchObject({ status: 404, title: 'Resource Not Found' });
    expect(await rejection(client.lists.createSegmentMember(list.id, segment.id, {}))).toMatchObject({
      status: 400,
      errors: [{ field: 'email_address' }],
    });

    expect(await client.lists.removeSegmentMember(list.id, segment.id, added.id)).toBeNull();
    expect((await client.lists.getSegment(list.id, segment.id)).member_count).toBe(0);
    expect(await rejection(client.lists.removeSegmentMember(list.id, segment.id, added.id))).toMatchObject({
      status: 404,
    });
  });

  it('evaluates saved segments’ email, merge field and static segment conditions', async () => {
    const { client, list } = await setup();
    const gmail = await client.lists.createSegment(list.id, {
      name: 'Gmail',
      options: {
        match: 'all',
        conditions: [{ condition_type: 'EmailAddress', field: 'EMAIL', op: 'ends', value: '@gmail.com' }],
      },
    });
    expect(gmail).toMatchObject({ type: 'saved', member_count: 2, options: { match: 'all' } });
    expect(emails((await client.lists.getSegmentMembersList(list.id, gmail.id)).members)).toEqual([
      'ana@gmail.com',
      'eva@gmail.com',
    ]);

    const tagged = await client.lists.createSegment(list.id, {
      name: 'Etiqueta',
      static_segment: ['luis@example.com'],
    });
    const either = await client.lists.createSegment(list.id, {
      name: 'Ana o etiqueta',
      options: {
        match: 'any',
        conditions: [
          { condition_type: 'TextMerge', field: 'FNAME', op: 'is', value: 'ana' },
          { condition_type: 'StaticSegment', field: 'static_segment', op: 'static_is', value: tagged.id },
        ],
      },
    });
    expect(either.member_count).toBe(2);
    const both = await client.lists.updateSegment(list.id, either.id, {
      name: 'Gmail sin Eva',
      options: {
        match: 'all',
        conditions: [
          { field: 'EMAIL', op: 'contains', value: 'gmail' },
          { condition_type: 'TextMerge', field: 'FNAME', op: 'not', value: 'Eva' },
        ],
      },
    });
    expect(both).toMatchObject({ name: 'Gmail sin Eva', member_count: 1 });

    // Conditions on data the sandbox does not hold (campaign activity here) match no one.
    const opened = await client.lists.createSegment(list.id, {
      name: 'Abrieron',
      options: {
        match: 'any',
        conditions: [{ condition_type: 'Aim', field: 'aim', op: 'open', value: 'any' }],
      },
    });
    expect(opened.member_count).toBe(0);

    expect(
      await rejection(
        client.lists.batchSegmentMembers({ members_to_add: ['ana@gmail.com'] }, list.id, gmail.id),
      ),
    ).toMatchObject({
      status: 400,
      detail: `A Static Segment with an id of "${gmail.id}" does not exist for this list.`,
    });
    expect(
      await rejection(
        client.lists.createSegmentMember(list.id, gmail.id, { email_address: 'ana@gmail.com' }),
      ),
    ).toMatchObject({ status: 400 });
    expect((await client.lists.listSegments(list.id, { type: 'saved' })).total_items).toBe(3);
  });

  it('refuses invalid segments with Mailchimp’s errors', async () => {
    const { client, list } = await setup();
    const either = 'Must provide either an "options" field or a "static_segment" field';
    expect(await rejection(client.lists.createSegment(list.id, { name: 'Nada' }))).toMatchObject({
      status: 400,
      title: 'Invalid Resource',
      detail: either,
    });
    expect(
      await rejection(
        client.lists.createSegment(list.id, {
          name: 'Ambos',
          static_segment: [],
          options: { match: 'any', conditions: [{ field: 'EMAIL', op: 'is', value: 'x@example.com' }] },
        }),
      ),
    ).toMatchObject({ status: 400, detail: either });
    expect(await rejection(client.lists.createSegment(list.id, { static_segment: [] }))).toMatchObject({
      errors: [{ field: 'name', message: 'This value should not be blank.' }],
    });
    expect(
      await rejection(client.lists.createSegment(list.id, { name: 'x'.repeat(101), static_segment: [] })),
    ).toMatchObject({ errors: [{ field: 'name' }] });
    await client.lists.createSegment(list.id, { name: 'x'.repeat(100), static_segment: [] });
    expect(
      await rejection(
        client.lists.createSegment(list.id, {
          name: 'Mal',
          options: { match: 'some', conditions: [{ field: 'EMAIL', op: 'sounds_like', value: 'x' }] },
        }),
      ),
    ).toMatchObject({
      status: 400,
      errors: [{ field: 'options.match' }, { field: 'options.conditions[0].op' }],
    });
    expect(
      await rejection(
        client.lists.createSegment(list.id, { name: 'Vacía', options: { match: 'any', conditions: [] } }),
      ),
    ).toMatchObject({ errors: [{ field: 'options.conditions' }] });
    expect(await rejection(client.lists.listSegments(list.id, { type: 'dynamic' }))).toMatchObject({
      status: 400,
    });
    expect(await rejection(client.lists.listSegments('nolist'))).toMatchObject({ status: 404 });
  });

  it('renames, refills, empties and deletes static segments', async () => {
    const { client, list } = await setup();
    const segment = await client.lists.createSegment(list.id, {
      name: 'Antes',
      static_segment: ['ana@gmail.com'],
    });
    const refilled = await client.lists.updateSegment(list.id, segment.id, {
      name: 'Después',
      static_segment: ['luis@example.com', 'eva@gmail.com'],
    });
    expect(refilled).toMatchObject({ name: 'Después', member_count: 2 });
    expect(emails((await client.lists.getSegmentMembersList(list.id, segment.id)).members)).toEqual([
      'eva@gmail.com',
      'luis@example.com',
    ]);
    const emptied = await client.lists.updateSegment(list.id, segment.id, {
      name: 'Después',
      static_segment: [],
    });
    expect(emptied.member_count).toBe(0);
    expect(
      await rejection(
        client.lists.updateSegment(list.id, segment.id, {
          name: 'Con condiciones',
          options: { match: 'any', conditions: [{ field: 'EMAIL', op: 'is', value: 'a@b.com' }] },
        }),
      ),
    ).toMatchObject({ status: 400, errors: [{ field: 'options' }] });
    expect(await rejection(client.lists.updateSegment(list.id, segment.id, {}))).toMatchObject({
      errors: [{ field: 'name' }],
    });

    expect(await client.lists.deleteSegment(list.id, segment.id)).toBeNull();
    expect(await rejection(client.lists.getSegment(list.id, segment.id))).toMatchObject({
      status: 404,
      title: 'Resource Not Found',
    });
  });

  it('treats tags as static segments: listed, counted and filled through the segment endpoints', async () => {
    const { client, list } = await setup();
    await client.lists.updateListMemberTags(list.id, 'ana@gmail.com', {
      tags: [{ name: 'Cliente', status: 'active' }],
    });
    const tag = (await client.lists.listSegments(list.id, { type: 'static' })).segments.find(
      (s: { name: string }) => s.name === 'Cliente',
    );
    expect(tag).toMatchObject({ type: 'static', member_count: 1 });

    const result = await client.lists.batchSegmentMembers(
      { members_to_add: ['luis@example.com'] },
      list.id,
      tag.id,
    );
    expect(result.total_added).toBe(1);
    const luisTags = await client.lists.getListMemberTags(list.id, 'luis@example.com');
    expect(luisTags.tags).toEqual([{ id: tag.id, name: 'Cliente', date_added: expect.any(String) }]);

    // A static segment made here is a tag too, and shares the tags' names.
    const segment = await client.lists.createSegment(list.id, {
      name: 'Mayorista',
      static_segment: ['eva@gmail.com'],
    });
    const evaTags = await client.lists.getListMemberTags(list.id, 'eva@gmail.com');
    expect(evaTags.tags).toEqual([expect.objectContaining({ id: segment.id, name: 'Mayorista' })]);
    expect(
      await rejection(client.lists.createSegment(list.id, { name: 'cliente', static_segment: [] })),
    ).toMatchObject({ status: 400, errors: [{ field: 'name' }] });
  });

  it('conforms to the OpenAPI copy of the official spec in every exchange above', () => {
    expect(h.exchanges.length).toBeGreaterThan(40);
    expect(h.conformance()).toEqual([]);
  });
});
