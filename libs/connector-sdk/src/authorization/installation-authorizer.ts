import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantId, ValidationFailedError } from '@crm/platform';
import { assertAdmin, type Actor } from '@crm/core';
import { WebhookRegistrar } from '../catalog/webhook-registrar';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import type { ConnectedAccount, Connector } from '../contract/connector';
import { authSpecOf, type AuthSpec } from '../contract/manifest';
import { InstallationAccess } from '../installations/installation-access';
import { ConnectorConnection, ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';

export interface AuthorizableInstallation {
  installation: ConnectorInstallation;
  connector: Connector;
}

const AUTH_KIND_NAMES: Record<AuthSpec['kind'], string> = { oauth2: 'OAuth', credentials: 'credentials' };

/** What the three authorization routes share: who may act on an installation, and connecting it. */
@Injectable()
export class InstallationAuthorizer {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly registry: ConnectorRegistry,
    private readonly contexts: ConnectionContextFactory,
    private readonly webhooks: WebhookRegistrar,
  ) {}

  /**
   * The installation an administrator is about to (re)authorize or check, with its connector.
   * Invisible or another tenant's: 404. A connector of the other auth kind: 400.
   */
  async resolve(
    actor: Actor,
    installationId: string,
    kind?: AuthSpec['kind'],
  ): Promise<AuthorizableInstallation> {
    assertAdmin(actor);
    const installation = await this.access.getVisible(actor, installationId);
    const connector = this.registry.get(installation.connectorKey);
    if (kind && !authSpecOf(connector.manifest, kind))
      throw ValidationFailedError.field(
        'installationId',
        `${connector.manifest.name} authorizes with ${AUTH_KIND_NAMES[connector.manifest.auth.kind]}, not ${AUTH_KIND_NAMES[kind]}`,
      );
    return { installation, connector };
  }

  /**
   * Stores the authorized account (credentials sealed), makes the installation ACTIVE and puts
   * its webhooks on the lists it syncs.
   */
  async connect(
    tenantId: TenantId,
    installationId: string,
    authKind: ConnectorConnection['authKind'],
    account: ConnectedAccount,
    userId: string,
  ): Promise<void> {
    await this.contexts.saveConnection(tenantId, installationId, authKind, account, userId);
    const now = new Date();
    await this.dataSource
      .getRepository(ConnectorInstallation)
      .update(
        { tenantId, id: installationId },
        { status: 'ACTIVE', statusReason: null, lastHealthCheckAt: now, updatedAt: now },
      );
    await this.webhooks.sync(tenantId, installationId);
  }
}
