import { Injectable } from '@nestjs/common';
import type { Actor } from '@crm/core';
import {
  authSpecs,
  type AuthSpec,
  type ConnectorCapability,
  type ScheduleFrequency,
} from '../contract/manifest';
import { ConnectorRegistry } from '../registry/connector.registry';
import { connectorLogoUrl } from './connector-summary';
import { InstallationAccess } from './installation-access';
import type { InstallationStatus, InstallScope } from './installation.entities';

export interface MarketplaceEntry {
  key: string;
  name: string;
  description: string;
  vendorUrl: string;
  listNoun: string;
  capabilities: ConnectorCapability[];
  /** The main way to authorize. */
  authKind: AuthSpec['kind'];
  /** Every way, main first (Mailchimp: OAuth, or an API key); credential fields for the form. */
  auth: AuthSpec[];
  schedules: ScheduleFrequency[];
  terms: string;
  logoUrl: string;
  /** This tenant's installations of the connector that the caller may see. */
  installations: Array<{ id: string; status: InstallationStatus; scope: InstallScope }>;
}

/** The catalogue of deployed connectors with this tenant's install state. */
@Injectable()
export class MarketplaceService {
  constructor(
    private readonly registry: ConnectorRegistry,
    private readonly access: InstallationAccess,
  ) {}

  async list(actor: Actor): Promise<MarketplaceEntry[]> {
    const visible = await this.access.listVisible(actor);
    return this.registry.list().map(({ manifest }) => ({
      key: manifest.key,
      name: manifest.name,
      description: manifest.description,
      vendorUrl: manifest.vendorUrl,
      listNoun: manifest.listNoun,
      capabilities: [...manifest.capabilities],
      authKind: manifest.auth.kind,
      auth: authSpecs(manifest),
      schedules: [...manifest.schedules],
      terms: manifest.terms,
      logoUrl: connectorLogoUrl(manifest.key),
      installations: visible
        .filter((installation) => installation.connectorKey === manifest.key)
        .map(({ id, status, scope }) => ({ id, status, scope })),
    }));
  }

  /** The connector's SVG logo (404 for an unknown key). */
  logoSvg(connectorKey: string): string {
    return this.registry.get(connectorKey).manifest.logoSvg;
  }
}
