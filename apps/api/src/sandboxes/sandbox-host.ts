import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { APP_CONFIG, AppConfig } from '@crm/platform';
import { createMailchimpSandbox, MailchimpSandbox } from '@crm/sandbox';

/** Where the Mailchimp sandbox answers, below the API's origin (its API is under `/3.0`). */
export const MAILCHIMP_SANDBOX_PATH = '/sandbox/mailchimp';

/**
 * The vendor sandboxes served by the API process, so an embedded install can connect to a
 * Mailchimp without any outside service. Mounted on the underlying Express app ahead of Nest's
 * body parsers and routes (see `mount`); its state is saved under the data directory.
 */
@Injectable()
export class SandboxHost implements OnApplicationShutdown {
  readonly mailchimp: MailchimpSandbox;
  private server?: Server;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.mailchimp = createMailchimpSandbox({
      dataFile: path.join(config.dataDir, 'sandbox-mailchimp.json'),
      baseUrl: () => `${this.origin()}${MAILCHIMP_SANDBOX_PATH}`,
    });
  }

  /**
   * Call before Nest registers its body parsers: the sandbox parses its own bodies (JSON up to
   * 20 MB, OAuth forms), which a parser earlier in the chain would consume first.
   */
  mount(app: NestExpressApplication): void {
    app.use(MAILCHIMP_SANDBOX_PATH, this.mailchimp.router);
    this.server = app.getHttpServer() as Server;
  }

  onApplicationShutdown(): void {
    this.mailchimp.close();
  }

  /** The public URL when configured, else the address the API listens on. */
  private origin(): string {
    if (this.config.http.publicUrl) return this.config.http.publicUrl;
    const address = this.server?.address();
    const port = address && typeof address === 'object' ? address.port : this.config.http.port;
    const host = ['0.0.0.0', '::', ''].includes(this.config.http.host) ? 'localhost' : this.config.http.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
}
