import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError, TenantScopedRepository } from '@crm/platform';
import type { Actor } from '@crm/core';
import { ConnectorInstallation } from './installation.entities';
import { scopeAdmits } from './install-scope';

/**
 * The single entry point from a request to an installation: every installation route (settings,
 * mappings, sync, runs…) resolves its installation here. Another tenant's installation and one
 * whose scope leaves the actor out are both "not found", so neither learns that it exists.
 */
@Injectable()
export class InstallationAccess {
  private readonly installations: TenantScopedRepository<ConnectorInstallation>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.installations = new TenantScopedRepository(
      dataSource.getRepository(ConnectorInstallation),
      'Installation',
    );
  }

  async getVisible(actor: Actor, installationId: string): Promise<ConnectorInstallation> {
    const installation = await this.installations.findById(actor.tenantId, installationId);
    if (!installation || !scopeAdmits(installation, actor))
      throw new NotFoundError('Installation', installationId);
    return installation;
  }

  /** Installations the actor may see, oldest first; optionally of one connector. */
  async listVisible(actor: Actor, connectorKey?: string): Promise<ConnectorInstallation[]> {
    const installations = await this.installations.find(actor.tenantId, {
      where: connectorKey ? { connectorKey } : {},
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    // Scopes are few per tenant and profileIds is JSON: filtering here is portable and cheap.
    return installations.filter((installation) => scopeAdmits(installation, actor));
  }
}
