import { Inject, Injectable } from '@nestjs/common';
import { asTenantId, NotFoundError, ValidationFailedError } from '@crm/platform';
import { ConnectorError, ConnectorErrorCode } from '../contract/connector-error';
import { hasCapability } from '../contract/connector';
import { InstallationsService } from '../installations/installations.service';
import { ConnectorRegistry } from '../registry/connector.registry';
import { SYNC_TRIGGERS, SyncTriggers } from './sync-triggers';

/**
 * Vendor webhooks: `POST /api/webhooks/:key/:installationId/:token`. The token in the URL is the
 * only proof of origin vendors offer; it is compared in constant time, and a wrong one changes
 * nothing and says nothing (404). A malformed body is a 400.
 */
@Injectable()
export class WebhookReceiver {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly installations: InstallationsService,
    @Inject(SYNC_TRIGGERS) private readonly triggers: SyncTriggers,
  ) {}

  /** Vendors check the URL with a GET before they start posting. */
  async validate(connectorKey: string, installationId: string, token: string): Promise<void> {
    await this.verify(connectorKey, installationId, token);
  }

  async receive(
    connectorKey: string,
    installationId: string,
    token: string,
    body: unknown,
    contentType?: string,
  ): Promise<{ accepted: number }> {
    const installation = await this.verify(connectorKey, installationId, token);
    const connector = this.registry.get(connectorKey);
    if (!hasCapability(connector, 'webhooks')) throw new NotFoundError('Webhook', installationId);
    let events;
    try {
      events = connector.parseWebhook(body, contentType);
    } catch (error) {
      if (error instanceof ConnectorError && error.code === ConnectorErrorCode.VALIDATION)
        throw ValidationFailedError.field(error.details.field ?? 'body', error.message);
      throw error;
    }
    if (events.length > 0)
      await this.triggers.vendorEventsReceived(asTenantId(installation.tenantId), installation.id, events);
    return { accepted: events.length };
  }

  private async verify(connectorKey: string, installationId: string, token: string) {
    const installation = await this.installations.verifyWebhookToken(installationId, token);
    if (
      !installation ||
      installation.connectorKey !== connectorKey ||
      installation.status === 'PENDING_AUTHORIZATION'
    )
      throw new NotFoundError('Webhook', installationId);
    return installation;
  }
}
