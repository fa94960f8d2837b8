import type { Browser } from 'playwright-core';
import {
  describeWithBrowser,
  ensureWebBuild,
  launchChromium,
  openJourney,
  type JourneyPage,
} from '../support/browser';
import { startEmbeddedServer, type EmbeddedServer } from '../support/embedded-server';
import { CrmApi, DEMO_STANDARD_USER, MailchimpSandbox } from '../support/journey-api';

const ADMIN = { email: 'admin@demo.local', password: 'journey-admin-password' };

interface Contact {
  id: string;
  firstName: string | null;
  lastName: string;
  emailOptOut: boolean;
  emails: Array<{ email: string; useInMarketing: boolean; status: string }>;
}

/** Set on the page before the unsubscribe: still there afterwards means the page never reloaded. */
const MARKER = '__beforeTheUnsubscribe';

/**
 * Journey (c) of the seeds, in a real browser against `npm start`'s server on the embedded
 * defaults: a contact is a subscribed member of the Clientes audience; while a sales user has
 * the contact's page open, the subscriber unsubscribes in the sandbox (its control API), the
 * sandbox fires the audience's webhook at the CRM, and the page and the notification bell show
 * it without a reload. The user then turns that kind of notification off in their settings.
 */
describeWithBrowser(
  'journey: a subscriber unsubscribes and the contact’s page shows it live (browser)',
  () => {
    let server: EmbeddedServer;
    let browser: Browser;
    let journey: JourneyPage;
    let sales: CrmApi;
    let sandbox: MailchimpSandbox;
    let listId: string;
    let contact: Contact;
    let unreadBefore: number;

    const name = () => [contact.firstName, contact.lastName].filter(Boolean).join(' ');
    const email = () => contact.emails[0].email;
    /** The bell's accessible name says how many notifications are unread. */
    const bell = (unread: number) =>
      journey.page.getByRole('button', { name: `Notifications, ${unread} unread`, exact: true });

    beforeAll(async () => {
      ensureWebBuild();
      server = await startEmbeddedServer(ADMIN.password);
      const admin = await CrmApi.signIn(server.baseUrl, ADMIN.email, ADMIN.password);
      await admin.setStandardUserPassword();
      const connected = await admin.connectMailchimp('Clientes');
      listId = connected.listId;
      // A contact with one address, for marketing and active: the subscriber of this journey.
      const candidates = await admin.request<{ items: Contact[] }>('POST', '/contacts/search', {
        pageSize: 100,
        filter: {
          op: 'and',
          conditions: [
            { field: 'hasMarketingEmail', operator: 'eq', value: true },
            { field: 'emailOptOut', operator: 'eq', value: false },
          ],
        },
      });
      contact = candidates.items.find((candidate) => candidate.emails.length === 1)!;
      const addition = await admin.request<{ added: Array<{ email: string }> }>(
        'POST',
        `/installations/${connected.installationId}/actions/add-to-audience`,
        { module: 'contacts', recordIds: [contact.id], listId },
      );
      expect(addition.added.map((entry) => entry.email)).toEqual([email()]);
      sales = await CrmApi.signIn(server.baseUrl, DEMO_STANDARD_USER.email, DEMO_STANDARD_USER.password);
      sandbox = new MailchimpSandbox(server.baseUrl);
      expect((await sandbox.member(listId, email()))?.status).toBe('subscribed');
      browser = await launchChromium();
      journey = await openJourney(browser, 'subscriber-unsubscribes');
    }, 240_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
    });

    it('signs the sales user in; the bell shows their unread notifications', async () => {
      const { page } = journey;
      await page.goto(`${server.baseUrl}/sign-in`);
      await page.getByLabel('Email').fill(DEMO_STANDARD_USER.email);
      await page.getByLabel('Password').fill(DEMO_STANDARD_USER.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: /^Welcome, / }).waitFor();
      const label = await page
        .getByRole('button', { name: /^Notifications, \d+ unread$/ })
        .getAttribute('aria-label');
      unreadBefore = Number(label!.replace(/\D/g, ''));
      expect((await sales.request<{ unreadCount: number }>('GET', '/notifications')).unreadCount).toBe(
        unreadBefore,
      );
    });

    it('opens the contact’s page: an active marketing address, subscribed to Clientes', async () => {
      const { page } = journey;
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Contacts' })
        .click();
      await page.getByRole('textbox', { name: 'Search' }).fill(email());
      const table = page.getByRole('table', { name: 'Contacts' });
      await table.getByRole('row').nth(1).getByText(email()).waitFor();
      await table.getByRole('link', { name: name() }).click();

      await page.getByRole('heading', { name: name(), level: 1 }).waitFor();
      const addresses = page.getByRole('table', { name: 'Email addresses' });
      await addresses
        .getByRole('row', { name: new RegExp(email()) })
        .getByText('Active')
        .waitFor();
      const memberships = page.getByRole('table', { name: 'Member status' });
      const clientes = memberships.getByRole('row', { name: /Clientes/ });
      await clientes.getByText('Subscribed', { exact: true }).waitFor();
      expect(await page.locator('[data-field="emailOptOut"]').innerText()).toBe('No');
      await page.getByRole('heading', { name: 'Campaign activity' }).waitFor();
      await page.getByRole('heading', { name: 'Timeline' }).waitFor();
      await journey.screenshot('contact-subscribed');
    });

    it('shows the unsubscribe on the page and on the bell without a reload', async () => {
      const { page } = journey;
      const path = new URL(page.url()).pathname;
      await page.evaluate((marker) => Object.assign(globalThis, { [marker]: true }), MARKER);

      await sandbox.unsubscribe(listId, email());

      const memberships = page.getByRole('table', { name: 'Member status' });
      await memberships
        .getByRole('row', { name: /Clientes/ })
        .getByText('Unsubscribed', { exact: true })
        .waitFor({ timeout: 30_000 });
      const addresses = page.getByRole('table', { name: 'Email addresses' });
      await addresses
        .getByRole('row', { name: new RegExp(email()) })
        .getByText('Unsubscribed by the person')
        .waitFor();
      await page.getByText('Opted out of email').waitFor();
      await bell(unreadBefore + 1).waitFor();
      expect(await page.evaluate((marker) => marker in globalThis, MARKER)).toBe(true);
      expect(new URL(page.url()).pathname).toBe(path);
      await journey.screenshot('contact-unsubscribed');
    });

    it('lists the notice under the bell, naming the person and the audience; opening it marks it read', async () => {
      const { page } = journey;
      await bell(unreadBefore + 1).click();
      const inbox = page.getByRole('dialog', { name: 'Notifications' });
      const notice = inbox.getByRole('button', {
        name: `Unread: ${name()} (${email()}) unsubscribed from Clientes`,
      });
      await notice.waitFor();
      await journey.screenshot('bell-open', { fullPage: false });
      await notice.click();
      await bell(unreadBefore).waitFor();
      await page.getByRole('heading', { name: name(), level: 1 }).waitFor();
    });

    it('turns unsubscribe notices off in the user’s notification settings', async () => {
      const { page } = journey;
      await page.getByRole('button', { name: /^Account menu of / }).click();
      await page.getByRole('menuitem', { name: 'Notification settings' }).click();
      await page.getByRole('heading', { name: 'Notification settings', level: 1 }).waitFor();
      const unsubscribes = page.getByRole('switch', { name: 'Unsubscribe or bounce' });
      expect(await unsubscribes.isChecked()).toBe(true);
      await unsubscribes.click();
      await page.getByText('Saved.').waitFor();
      expect(await unsubscribes.isChecked()).toBe(false);
      await journey.screenshot('notification-settings');
      const preferences = await sales.request<Array<{ type: string; enabled: boolean }>>(
        'GET',
        '/notifications/preferences',
      );
      expect(preferences.find((preference) => preference.type === 'UNSUBSCRIBE')?.enabled).toBe(false);
      expect(preferences.find((preference) => preference.type === 'NEW_SUBSCRIBER')?.enabled).toBe(true);
    });

    it('shows the contact’s page in Spanish, the seeds’ language', async () => {
      const { page } = journey;
      await page.goBack();
      await page.getByRole('heading', { name: name(), level: 1 }).waitFor();
      await page.getByRole('textbox', { name: 'Language' }).click();
      await page.getByRole('option', { name: 'Español' }).click();
      const memberships = page.getByRole('table', { name: 'Estado de miembro' });
      await memberships
        .getByRole('row', { name: /Clientes/ })
        .getByText('Dado de baja')
        .waitFor();
      const addresses = page.getByRole('table', { name: 'Cuentas de correo' });
      await addresses
        .getByRole('row', { name: new RegExp(email()) })
        .getByText('Se dio de baja')
        .waitFor();
      await page.getByRole('button', { name: `Notificaciones, ${unreadBefore} sin leer` }).waitFor();
      await journey.screenshot('contact-in-spanish');
    });

    it('logged no console errors on the app’s pages', () => {
      expect(journey.errors).toEqual([]);
    });
  },
);
