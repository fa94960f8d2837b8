import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig, LocalOrigin } from '@crm/platform';
import { createMailchimpSandbox, createMailupSandbox, MailchimpSandbox, MailupSandbox } from '@crm/sandbox';

/** Where the Mailchimp sandbox answers, below the API's origin (its API is under `/3.0`). */
export const MAILCHIMP_SANDBOX_PATH = '/sandbox/mailchimp';

/** Where the MailUp sandbox answers, below the API's origin (MailUp's own paths below it). */
export const MAILUP_SANDBOX_PATH = '/sandbox/mailup';

/**
 * The vendor sandboxes served by the API process, so an embedded install can connect to Mailchimp
 * and MailUp without any outside service. Mounted on the underlying Express app ahead of Nest's
 * body parsers and routes (see `mount`); their state is saved under the data directory.
 */
@Injectable()
export class SandboxHost implements OnApplicationShutdown {
  readonly mailchimp: MailchimpSandbox;
  readonly mailup: MailupSandbox;

  constructor(@Inject(APP_CONFIG) config: AppConfig, origin: LocalOrigin) {
    this.mailchimp = createMailchimpSandbox({
      dataFile: path.join(config.dataDir, 'sandbox-mailchimp.json'),
      baseUrl: () => `${origin.get()}${MAILCHIMP_SANDBOX_PATH}`,
    });
    this.mailup = createMailupSandbox({
      dataFile: path.join(config.dataDir, 'sandbox-mailup.json'),
      baseUrl: () => `${origin.get()}${MAILUP_SANDBOX_PATH}`,
    });
  }

  /**
   * Call before Nest registers its body parsers: the sandboxes parse their own bodies (JSON up to
   * 20 MB, OAuth forms), which a parser earlier in the chain would consume first.
   */
  mount(app: NestExpressApplication): void {
    app.use(MAILCHIMP_SANDBOX_PATH, this.mailchimp.router);
    app.use(MAILUP_SANDBOX_PATH, this.mailup.router);
  }

  onApplicationShutdown(): void {
    this.mailchimp.close();
    this.mailup.close();
  }
}
