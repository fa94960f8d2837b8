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
import { CrmApi, MailchimpSandbox } from '../support/journey-api';

const ADMIN = { email: 'admin@demo.local', password: 'journey-admin-password' };
const CAMPAIGN = 'Oferta de temporada';
const VIEW = 'Clientes';

/**
 * Seed 000's "send a campaign to the filtered clients", in a real browser against `npm start`'s
 * server on the embedded defaults: an administrator filters the organizations that are clients,
 * saves the filter as a view, checks who of their contacts the account's draft campaign would
 * reach and who it leaves out (by reason), and sends it; the sandbox has the copy sent to them.
 * Mailchimp was connected and synced beforehand (through the API: journey (a) does it in the
 * browser), and the draft was written in Mailchimp (the sandbox's Marketing API).
 */
describeWithBrowser('journey: an administrator sends a campaign to the filtered clients (browser)', () => {
  let server: EmbeddedServer;
  let browser: Browser;
  let journey: JourneyPage;
  let sandbox: MailchimpSandbox;
  let members = 0;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startEmbeddedServer(ADMIN.password);
    const admin = await CrmApi.signIn(server.baseUrl, ADMIN.email, ADMIN.password);
    const { installationId, listId } = await admin.connectMailchimp('Clientes');
    expect((await admin.fullSync(installationId)).status).not.toBe('FAILED');
    sandbox = new MailchimpSandbox(server.baseUrl);
    const draft = await sandbox.marketing<{ id: string }>('/campaigns', 'POST', {
      type: 'regular',
      recipients: { list_id: listId },
      settings: {
        subject_line: CAMPAIGN,
        title: CAMPAIGN,
        from_name: 'Ventas Demo',
        reply_to: 'ventas@crm-connect.test',
      },
    });
    await sandbox.marketing(`/campaigns/${draft.id}/content`, 'PUT', {
      html: `<h1>${CAMPAIGN}</h1><p><a href="https://crm-connect.test/ofertas">Ver ofertas</a></p>`,
    });
    browser = await launchChromium();
    journey = await openJourney(browser, 'admin-sends-campaign-to-clients');
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('filters the organizations that are clients and saves the filter as a view', async () => {
    const { page } = journey;
    await page.goto(`${server.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Organizations' })
      .click();
    const table = page.getByRole('table', { name: 'Organizations' });
    await table.waitFor();
    const all = await numberIn(page.getByText(/^[\d,]+ rows$/));

    await page.getByRole('button', { name: 'Add a condition' }).click();
    await choose(page, 'Field of condition 1', 'Kind');
    await choose(page, 'Value of condition 1', 'Client');
    await page
      .getByText(/^[\d,]+ rows?$/)
      .filter({ hasNotText: new RegExp(`^${all.toLocaleString('en-US')} rows$`) })
      .waitFor();
    for (const kind of await table.locator('tbody tr td:nth-child(3)').allInnerTexts())
      expect(kind).toBe('Client');

    await page.getByRole('button', { name: 'Save as a view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save the filter as a view' });
    await dialog.getByLabel('Name of the view').fill(VIEW);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('textbox', { name: 'View', exact: true }).inputValue()).toBe(VIEW);
    await journey.screenshot('organizations-clients');
  });

  it('checks who the draft campaign would reach and who it leaves out, by reason', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Send campaign' }).click();
    const dialog = page.getByRole('dialog', { name: 'Send a campaign to this view' });
    await dialog.getByText(`To the contacts of the view “${VIEW}”.`).waitFor();
    await choose(page, 'Campaign (a draft of the account)', `${CAMPAIGN} → Clientes`);
    await dialog.getByRole('button', { name: 'Check the recipients' }).click();
    const people = dialog.locator('[data-recipients="people"]');
    await people.waitFor();
    const recipients = await numberIn(dialog.locator('[data-recipients="recipients"]'));
    members = await numberIn(dialog.locator('[data-recipients="members"]'));
    expect(recipients).toBeGreaterThan(0);
    expect(members).toBeGreaterThanOrEqual(recipients);
    let excluded = 0;
    for (const cell of await dialog.locator('[data-excluded]').all()) excluded += await numberIn(cell);
    // Everyone of the view is either a recipient or left out for one reason.
    expect(recipients + excluded).toBe(await numberIn(people));
    expect(excluded).toBeGreaterThan(0);
    await journey.screenshot('send-campaign-check', { fullPage: false });
  });

  it('sends it and follows the send until it is sent; the sandbox has the copy sent to the view', async () => {
    const { page } = journey;
    const dialog = page.getByRole('dialog', { name: 'Send a campaign to this view' });
    await dialog.getByRole('button', { name: /^Send now to \d+ (person|people)$/ }).click();
    await dialog.getByText('Sent', { exact: true }).waitFor({ timeout: 60_000 });
    await journey.screenshot('send-campaign-sent', { fullPage: false });

    const campaigns = await sandbox.marketing<{
      campaigns: Array<{ status: string; settings: { title: string }; emails_sent: number }>;
    }>('/campaigns?count=100');
    const copy = campaigns.campaigns.find((campaign) => campaign.settings.title === `${CAMPAIGN} · ${VIEW}`);
    expect(copy).toMatchObject({ status: 'sent', emails_sent: members });
  });

  it('logged no console errors on the app’s pages', () => {
    expect(journey.errors).toEqual([]);
  });
});
