import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TenantId, ValidationFailedError } from '@crm/platform';
import { assertAdmin, type Actor } from '@crm/core';
import { WebhookRegistrar } from '../catalog/webhook-registrar';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import type { ConnectedAccount, Connector } from '../contract/connector';
import { authSpecOf, type AuthSpec, type ConnectorManifest } from '../contract/manifest';
import { CRM_SYNC_PORT, type ConnectorFieldSpec, type CrmSyncPort } from '../engine/crm-sync.port';
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
    @Inject(CRM_SYNC_PORT) private readonly crm: CrmSyncPort,
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
   * Stores the authorized account (credentials sealed), makes the installation ACTIVE, adds the
   * fields the connector keeps on CRM records (if missing) and puts its webhooks on the lists it syncs.
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
    const { connectorKey } = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneByOrFail({ tenantId, id: installationId });
    const manifest = this.registry.get(connectorKey).manifest;
    await this.crm.ensureConnectorFields(tenantId, manifest.key, recordFieldSpecs(manifest));
    await this.webhooks.sync(tenantId, installationId);
  }
}

/** The manifest's record fields, one custom field per module. */
function recordFieldSpecs(manifest: ConnectorManifest): ConnectorFieldSpec[] {
  return (manifest.recordFields ?? []).flatMap(({ modules, key, label, type }) =>
    modules.map((module) => ({ module, key, label, type })),
  );
}
