import type { Browser } from 'playwright-core';
import {
  choose,
  describeWithBrowser,
  ensureWebBuild,
  launchChromium,
  numberIn,
  openJourney,
  type JourneyPage,
} from '../support/browser';
import { startEmbeddedServer, type EmbeddedServer } from '../support/embedded-server';
import { eventually } from '../support/eventually';
import { CrmApi, DEMO_STANDARD_USER, MailchimpSandbox } from '../support/journey-api';

const ADMIN = { email: 'admin@demo.local', password: 'journey-admin-password' };
const TAG = 'Feria 2025';
/** Leads created before the journey, so the list pages over thousands of rows. */
const EXTRA_LEADS = 1800;

/** Creates `count` leads through the API, a few requests at a time. */
async function createLeads(api: CrmApi, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++)
      await api.request('POST', '/leads', {
        firstName: 'Importado',
        lastName: `Lote ${String(i).padStart(4, '0')}`,
        status: 'NEW',
        tags: ['Importados'],
      });
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/**
 * Journey (b) of the seeds, in a real browser against `npm start`'s server on the embedded
 * defaults: a standard user filters the leads, selects several over two pages, adds them to a
 * Mailchimp audience with a tag, reads why the others were skipped, and the sandbox's Marketing
 * API shows the added members with that tag. An administrator connected Mailchimp beforehand
 * (through the API: journey (a) covers doing it in the browser).
 */
describeWithBrowser('journey: a sales user adds filtered leads to an audience with a tag (browser)', () => {
  let server: EmbeddedServer;
  let browser: Browser;
  let journey: JourneyPage;
  let sales: CrmApi;
  let sandbox: MailchimpSandbox;
  let added = 0;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startEmbeddedServer(ADMIN.password);
    const admin = await CrmApi.signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    await admin.setStandardUserPassword();
    await admin.connectMailchimp('Clientes');
    await createLeads(admin, EXTRA_LEADS);
    sales = await CrmApi.signIn(server.baseUrl, DEMO_STANDARD_USER.email, DEMO_STANDARD_USER.password);
    sandbox = new MailchimpSandbox(server.baseUrl);
    browser = await launchChromium();
    journey = await openJourney(browser, 'sales-user-adds-leads-to-audience');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('signs the standard user in, with the Mailchimp installation its scope admits', async () => {
    const { page } = journey;
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(DEMO_STANDARD_USER.email);
    await page.getByLabel('Password').fill(DEMO_STANDARD_USER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    await page.getByRole('link', { name: 'Demo (sandbox) (us1)' }).first().waitFor();
    await journey.screenshot('home');
  });

  it('pages over thousands of leads, a page of 50 at a time', async () => {
    const { page } = journey;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Leads' })
      .click();
    const table = page.getByRole('table', { name: 'Leads' });
    await table.waitFor();
    const total = await numberIn(page.getByText(/^[\d,]+ rows$/));
    expect(total).toBeGreaterThan(2000);
    await page.getByRole('button', { name: 'Last page' }).click();
    await page
      .getByRole('button', { name: `Page ${Math.ceil(total / 50)}` })
      .and(page.locator('[data-active]'))
      .waitFor();
    expect(await table.getByRole('row').count()).toBe(1 + (total % 50 || 50));
    await journey.screenshot('leads-last-page');
    await page.getByRole('button', { name: 'First page' }).click();
  });

  it('filters the qualified leads with the filter builder and keeps the filter as a view', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Add a condition' }).click();
    await choose(page, 'Field of condition 1', 'Status');
    await choose(page, 'Value of condition 1', 'Qualified');
    const count = page.getByText(/^[\d,]+ rows?$/);
    await eventually(async () => expect(await numberIn(count)).toBeLessThan(200), 10_000);
    const qualified = await numberIn(count);
    expect(qualified).toBeGreaterThan(50); // two pages, for a selection across them
    const table = page.getByRole('table', { name: 'Leads' });
    for (const status of await table.locator('tbody tr td:nth-child(5)').allInnerTexts())
      expect(status).toBe('Qualified');
    await journey.screenshot('leads-filtered');

    await page.getByRole('button', { name: 'Save as a view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the filter as a view' });
    await dialog.getByLabel('Name of the view').fill('Calificados');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await choose(page, 'View', 'All records');
    await eventually(async () => expect(await numberIn(count)).toBeGreaterThan(2000));
    await choose(page, 'View', 'Calificados');
    await eventually(async () => expect(await numberIn(count)).toBe(qualified));
    expect(await page.getByRole('textbox', { name: 'Value of condition 1' }).inputValue()).toBe('Qualified');
  });

  it('selects a whole page and a few leads of the next one', async () => {
    const { page } = journey;
    const table = page.getByRole('table', { name: 'Leads' });
    await table.getByRole('checkbox', { name: 'Select every row of this page' }).check();
    await page.getByText('50 records selected').waitFor();
    await page.getByRole('button', { name: 'Page 2' }).click();
    await page.getByRole('button', { name: 'Page 2' }).and(page.locator('[data-active]')).waitFor();
    const boxes = table.getByRole('checkbox', { name: /^Select (?!every)/ });
    for (let i = 0; i < 3; i++) await boxes.nth(i).check();
    await page.getByText('53 records selected').waitFor();
    await journey.screenshot('leads-selected');
  });

  it(`adds them to the Prospectos audience tagged "${TAG}", with a reason for each lead not added`, async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Add to Mailchimp audience' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add to Mailchimp audience' });
    await choose(page, 'Audience', /^Prospectos/);
    await dialog.getByLabel('Tag').fill(TAG);
    await journey.screenshot('add-to-audience', { fullPage: false });
    await dialog.getByRole('button', { name: 'Add 53 records' }).click();

    const result = page.getByRole('dialog', { name: 'Added to Prospectos' });
    await result.waitFor({ timeout: 60_000 });
    await journey.screenshot('add-to-audience-result', { fullPage: false });
    added = await numberIn(result.locator('[data-outcome="added"]'));
    const skipped = await numberIn(result.locator('[data-outcome="skipped"]'));
    expect(added).toBeGreaterThan(0);
    // The demo's leads include ones with no address, a malformed one, or one not for marketing.
    expect(skipped).toBeGreaterThan(0);
    const notAdded = result.getByRole('table', { name: 'Records not added' });
    const reasons = await notAdded.locator('tbody tr td:nth-child(4)').allInnerTexts();
    expect(reasons.length).toBeGreaterThanOrEqual(skipped);
    for (const reason of reasons) expect(reason).toMatch(/^not added: |^consent: /);
    await result.getByRole('button', { name: 'Close' }).last().click();
  });

  it(`the sandbox's Marketing API has the added leads in Prospectos with the tag`, async () => {
    const lists = await sandbox.marketing<{ lists: Array<{ id: string; name: string }> }>('/lists');
    const prospectos = lists.lists.find((list) => list.name === 'Prospectos')!;
    const members = await sandbox.marketing<{
      members: Array<{ email_address: string; status: string; tags: Array<{ name: string }> }>;
    }>(`/lists/${prospectos.id}/members?count=1000`);
    const tagged = members.members.filter((member) => member.tags.some((tag) => tag.name === TAG));
    expect(tagged).toHaveLength(added);
    for (const member of tagged) {
      // Prospectos asks for double opt-in: new members wait for their confirmation.
      expect(['pending', 'subscribed']).toContain(member.status);
      // Each one is an address of a qualified lead of the CRM.
      const leads = await sales.request<{ total: number }>('POST', '/leads/search', {
        filter: {
          op: 'and',
          conditions: [
            { field: 'email', operator: 'eq', value: member.email_address },
            { field: 'status', operator: 'eq', value: 'QUALIFIED' },
          ],
        },
      });
      expect(leads.total).toBe(1);
    }
  });

  it('logged no console errors on the app’s pages', () => {
    expect(journey.errors).toEqual([]);
  });
});
