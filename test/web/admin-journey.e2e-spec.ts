import type { Browser, Page } from 'playwright-core';
import {
  describeWithBrowser,
  ensureWebBuild,
  launchChromium,
  openJourney,
  type JourneyPage,
} from '../support/browser';
import { startEmbeddedServer, type EmbeddedServer } from '../support/embedded-server';
import { SANDBOX_DEMO } from '../support/journey-api';

/** A count of the run shown on the page (added, updated, …), as the progress panel shows it. */
async function countOf(page: Page, count: string): Promise<number> {
  const text = await page.locator(`[data-count="${count}"]`).first().innerText();
  return Number(text.replace(/\D/g, ''));
}

const ADMIN = { email: 'admin@demo.local', password: 'journey-admin-password' };
const SANDBOX_LOGIN = SANDBOX_DEMO.login;

/**
 * Journey (a) of the seeds, in a real browser against `npm start`'s server on the embedded
 * defaults (SQLite, in-process queue, demo tenant, Mailchimp sandbox in the same process): an
 * administrator signs in, installs Mailchimp, authorizes it on the sandbox's consent page, walks
 * the sync-settings wizard with a dry run, runs Sync now and sees the run finish with its counts.
 */
describeWithBrowser('journey: an administrator connects Mailchimp (browser)', () => {
  let server: EmbeddedServer;
  let browser: Browser;
  let baseUrl: string;
  let journey: JourneyPage;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startEmbeddedServer(ADMIN.password);
    baseUrl = server.baseUrl;
    browser = await launchChromium();
    journey = await openJourney(browser, 'admin-connects-mailchimp');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the sign-in page at / on a fresh start', async () => {
    const { page } = journey;
    await page.goto(`${baseUrl}/`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await journey.screenshot('sign-in');
  });

  it('signs the administrator in to the demo workspace, with the navigation of their profile', async () => {
    const { page } = journey;
    await page.getByLabel('Email').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    for (const section of ['Home', 'Organizations', 'Contacts', 'Leads', 'Marketplace'])
      await navigation.getByRole('link', { name: section }).waitFor();
    await journey.screenshot('home');
  });

  it('installs Mailchimp from the marketplace for all users, accepting its terms', async () => {
    const { page } = journey;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Marketplace' })
      .click();
    const card = page.getByRole('article', { name: 'Mailchimp' });
    await card.getByText('Not installed').waitFor();
    await card.getByText('Real-time webhooks').waitFor();
    await journey.screenshot('marketplace');

    await card.getByRole('button', { name: 'Install Mailchimp' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install Mailchimp' });
    await dialog.getByLabel('all users').check();
    const install = dialog.getByRole('button', { name: 'Install' });
    expect(await install.isDisabled()).toBe(true);
    await dialog.getByLabel('I accept the terms of Mailchimp').check();
    await journey.screenshot('install-dialog');
    await install.click();

    await page.getByRole('heading', { name: 'Mailchimp', level: 1 }).waitFor();
    await page.getByText('Waiting for authorization').first().waitFor();
    expect(page.url()).toMatch(/\/installations\/[0-9a-f-]{36}$/);
    await journey.screenshot('installed');
  });

  it('authorizes on the sandbox consent page and comes back to the installation, connected', async () => {
    const { page } = journey;
    const installationPath = new URL(page.url()).pathname;
    await page.getByRole('button', { name: 'Authorize Mailchimp' }).click();
    await page.getByLabel('Username').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sandbox/mailchimp/oauth2/authorize');
    await page.getByLabel('Username').fill(SANDBOX_LOGIN.username);
    await page.getByLabel('Password').fill(SANDBOX_LOGIN.password);
    await journey.screenshot('consent-page');
    await page.getByRole('button', { name: 'Allow' }).click();

    await page.getByText('Mailchimp is authorized').waitFor();
    expect(new URL(page.url()).pathname).toBe(installationPath);
    await page.getByText('Active', { exact: true }).first().waitFor();
    await page.getByText('Demo (sandbox) (us1)').first().waitFor();
    await journey.screenshot('authorized');
  });

  it('saves the sync settings and the field mapping in the wizard', async () => {
    const { page } = journey;
    await page.getByRole('link', { name: 'Set up the sync' }).click();
    await page.getByRole('heading', { name: 'Sync settings' }).waitFor();
    const target = page.getByRole('textbox', { name: 'Target Audience' });
    await target.click();
    await page.getByRole('option', { name: /^Clientes \(\d+ members\)$/ }).click();
    await journey.screenshot('wizard-settings');
    await page.getByRole('button', { name: 'Save and continue' }).click();

    // Email, first and last name are the connector's locked defaults.
    await page.getByRole('button', { name: 'Add a mapping' }).waitFor();
    expect(await page.getByLabel('Required mapping, cannot be changed').count()).toBeGreaterThanOrEqual(3);
    await journey.screenshot('wizard-mapping');
    await page.getByRole('button', { name: 'Save and continue' }).click();
  });

  it('previews the sync with a dry run: counts and the records it would change', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Run a dry run' }).click();
    await page.getByRole('button', { name: 'Continue' }).waitFor({ timeout: 90_000 });
    await page.getByText('dry run', { exact: true }).waitFor();
    expect(await countOf(page, 'added')).toBeGreaterThan(0);
    // The audit lines of the plan, a page at a time (header row + at least one line).
    await page.getByRole('table', { name: 'Records of the run' }).getByRole('row').nth(1).waitFor();
    await journey.screenshot('wizard-dry-run');
    await page.getByRole('button', { name: 'Continue' }).click();
  });

  it('runs Sync now, follows it to the end, and finds it with its counts on the dashboard', async () => {
    const { page } = journey;
    await page.getByRole('button', { name: 'Sync now', exact: true }).click();
    await page.getByRole('progressbar', { name: 'Sync progress' }).waitFor();
    await journey.screenshot('sync-running');
    await page.getByRole('button', { name: 'Open the sync dashboard' }).waitFor({ timeout: 120_000 });
    const added = await countOf(page, 'added');
    expect(added).toBeGreaterThan(0);
    await journey.screenshot('sync-finished');

    await page.getByRole('button', { name: 'Open the sync dashboard' }).click();
    await page.getByRole('heading', { name: 'Sync history' }).waitFor();
    const history = page.getByRole('table', { name: 'Sync history' });
    await history.getByRole('row').nth(2).waitFor();
    expect(await history.getByRole('row').count()).toBe(3);
    await history.getByRole('row').nth(1).getByText('By hand', { exact: true }).waitFor();
    expect(await countOf(page, 'added')).toBe(added);
    await journey.screenshot('sync-dashboard');
  });

  it('lists the leads a page at a time, sorted and searched by the API', async () => {
    const { page } = journey;
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Leads' })
      .click();
    const table = page.getByRole('table', { name: 'Leads' });
    await table.waitFor();
    expect(await table.getByRole('row').count()).toBe(51); // the header and a page of 50
    await table.getByRole('button', { name: 'Name' }).click();
    await page.locator('th[aria-sort="ascending"]').waitFor();
    await page.getByRole('textbox', { name: 'Search' }).fill('laura');
    await page
      .getByText(/^\d+ rows?$/)
      .filter({ hasNotText: '300' })
      .waitFor();
    // The first column holds each row's selection checkbox; the name comes next.
    for (const name of await table.getByRole('row').locator('td:nth-child(2)').allInnerTexts())
      expect(name.toLowerCase()).toContain('laura');
    await journey.screenshot('leads-list');
  });

  it('logged no console errors on the app’s pages', () => {
    expect(journey.errors).toEqual([]);
  });
});
