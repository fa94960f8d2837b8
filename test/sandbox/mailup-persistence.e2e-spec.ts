import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MailupHarness, Paged, Json, sleep } from './support/mailup-sandbox.harness';

describe('MailUp sandbox: persistence', () => {
  let dir: string;
  let h: MailupHarness | undefined;

  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'mailup-sandbox-'))));
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps accounts, tokens, lists, recipients, imports and messages in its data file across a restart', async () => {
    const dataFile = join(dir, 'sandbox-mailup.json');
    h = await MailupHarness.start({ dataFile });
    const account = await h.createAccount({ company: 'Persistente Srl' });
    const idList = await h.createList(account, 'Kept');
    const grant = await h.passwordGrant(account);
    const before = await h.connect(account);
    const lead = (await before.console('POST', `/List/${idList}/Group`, { Name: 'Lead' })).body.idGroup;
    const idRecipient = (
      await before.console('POST', `/Group/${lead}/Recipient`, {
        Email: 'kept@example.com',
        Fields: [{ Id: 1, Value: 'Kept' }],
      })
    ).body;
    await before.console('DELETE', `/List/${idList}/Unsubscribe/${idRecipient}`);
    const done = (
      await before.console('POST', `/List/${idList}/Recipients`, [{ Email: 'imported@example.com' }])
    ).body;
    await before.completedImport(done);
    const { idMessage } = await h.controlOk<{ idMessage: number }>(`/accounts/${account.username}/messages`, {
      idList,
      subject: 'Kept news',
      links: ['https://kept.example.com'],
    });
    await h.controlOk(`/accounts/${account.username}/messages/${idMessage}/send`);
    await h.controlOk(`/accounts/${account.username}/messages/${idMessage}/activity`, {
      email: 'imported@example.com',
      clicks: [{ url: 'https://kept.example.com', count: 2 }],
    });
    // An import still waiting when the sandbox stops runs after the restart.
    await h.controlOk(`/accounts/${account.username}/settings`, { importDelayMs: 500 });
    const waiting = (
      await before.console('POST', `/List/${idList}/Recipients`, [{ Email: 'late@example.com' }])
    ).body;
    await h.close();
    h = undefined;
    // Written on close; it holds passwords and tokens, so only its owner may read it.
    expect(JSON.parse(readFileSync(dataFile, 'utf8')).accounts[account.accountId]).toBeDefined();
    expect(statSync(dataFile).mode & 0o777).toBe(0o600);

    h = await MailupHarness.start({ dataFile });
    // The token issued before the restart still works; so does the password.
    const after = await h.connect(account);
    after.token = grant.access_token;
    expect((await after.console('GET', '/Authentication/Info')).body).toMatchObject({
      Company: 'Persistente Srl',
    });
    expect((await after.console('GET', `/List/${idList}`)).body).toMatchObject({
      IdList: idList,
      Name: 'Kept',
    });
    const optins = await after.console<Paged<Json>>('GET', `/List/${idList}/Recipients/EmailOptins`);
    expect(optins.body.Items.map((i: { Email: string; Status: string }) => [i.Email, i.Status])).toEqual([
      ['kept@example.com', 'OPTOUT'],
      ['imported@example.com', 'OPTIN'],
    ]);
    expect((await after.console('GET', `/Group/${lead}/Recipients`)).body.Items[0].Fields[0].Value).toBe(
      'Kept',
    );
    expect((await after.console('GET', `/Import/${done}`)).body).toMatchObject({
      Completed: true,
      CreatedRecipients: 1,
    });
    expect(await after.completedImport(waiting)).toMatchObject({ Completed: true, CreatedRecipients: 1 });
    expect((await after.stats(`/Message/${idMessage}/Count/Clicks`)).body).toBe(2);
    expect(
      (await after.console('GET', `/List/${idList}/Email/${idMessage}/SendHistory`)).body.TotalElementsCount,
    ).toBe(1);
    // Ids go on from where they were.
    const next = (await after.console('POST', `/List/${idList}/Recipient`, { Email: 'next@example.com' }))
      .body;
    expect(next).toBe(4);
    const credentials = await h.control(`/accounts/${account.username}`, { method: 'GET' });
    expect(await credentials.json()).toMatchObject({
      username: account.username,
      password: account.password,
    });
    await sleep(300);
    expect(
      JSON.parse(readFileSync(dataFile, 'utf8')).accounts[account.accountId].recipients[next],
    ).toBeDefined();
  });
});
