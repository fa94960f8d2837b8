import { Inject, Injectable } from '@nestjs/common';
import type { Server } from 'node:http';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * The origin this process is reached at: PUBLIC_URL when set, else the address the HTTP server
 * listens on (bound once it exists), else localhost on the configured port. Vendors need it for
 * the webhook URLs they call, and the embedded sandboxes for the URLs they hand out.
 */
@Injectable()
export class LocalOrigin {
  private server?: Server;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  bind(server: Server): void {
    this.server = server;
  }

  get(): string {
    if (this.config.http.publicUrl) return this.config.http.publicUrl;
    const address = this.server?.address();
    const port = address && typeof address === 'object' ? address.port : this.config.http.port;
    const host = ['0.0.0.0', '::', ''].includes(this.config.http.host) ? 'localhost' : this.config.http.host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
}
