import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  ForbiddenError,
  NotFoundError,
  ProblemCollector,
  SecretBox,
  TenantId,
  TenantScopedRepository,
} from '@crm/platform';
import { Profile, type Actor } from '@crm/core';
import { ConnectorRegistry } from '../registry/connector.registry';
import { connectorSummary, ConnectorSummary } from './connector-summary';
import { InstallationAccess } from './installation-access';
import {
  ConnectorConnection,
  ConnectorInstallation,
  INSTALL_SCOPES,
  InstallationStatus,
  InstallScope,
} from './installation.entities';

export interface InstallInput {
  scope: InstallScope;
  profileIds?: string[];
  acceptTerms: boolean;
}

/** An installation as the API shows it: never credentials, never the webhook token. */
export interface InstallationView {
  id: string;
  connector: ConnectorSummary;
  scope: InstallScope;
  profileIds: string[];
  status: InstallationStatus;
  statusReason: string | null;
  installedById: string;
  termsAcceptedById: string;
  termsAcceptedAt: Date;
  lastHealthCheckAt: Date | null;
  createdAt: Date;
  /** The authorized vendor account, once there is one. */
  account: { id: string; label: string; connectedAt: Date } | null;
}

/** The envelope context binds a webhook token to its tenant and installation. */
export const webhookTokenContext = (tenantId: string, installationId: string) =>
  `${tenantId}:webhook:${installationId}`;

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Installing connectors in a tenant, showing installations, and their webhook secret. */
@Injectable()
export class InstallationsService {
  private readonly installations: TenantScopedRepository<ConnectorInstallation>;
  private readonly connections: TenantScopedRepository<ConnectorConnection>;
  private readonly profiles: TenantScopedRepository<Profile>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ConnectorRegistry,
    private readonly access: InstallationAccess,
    private readonly secrets: SecretBox,
  ) {
    this.installations = new TenantScopedRepository(
      dataSource.getRepository(ConnectorInstallation),
      'Installation',
    );
    this.connections = new TenantScopedRepository(
      dataSource.getRepository(ConnectorConnection),
      'Connection',
    );
    this.profiles = new TenantScopedRepository(dataSource.getRepository(Profile), 'Profile');
  }

  /**
   * Installs a connector (admins only) in the given scope, recording who accepted its terms.
   * The installation waits for authorization; a tenant may install one connector several times
   * (one per vendor account).
   */
  async install(actor: Actor, connectorKey: string, input: InstallInput): Promise<InstallationView> {
    if (!actor.isAdmin) throw new ForbiddenError('Only administrators can install connectors');
    const connector = this.registry.get(connectorKey);
    const profileIds = await this.checkInstallInput(actor.tenantId, input);
    const id = randomUUID();
    const token = randomBytes(32).toString('base64url');
    const now = new Date();
    const saved = await this.installations.save(
      actor.tenantId,
      this.installations.create(actor.tenantId, {
        id,
        connectorKey: connector.manifest.key,
        scope: input.scope,
        profileIds,
        status: 'PENDING_AUTHORIZATION',
        statusReason: `Waiting for ${connector.manifest.name} to be authorized`,
        installedById: actor.userId,
        termsAcceptedById: actor.userId,
        termsAcceptedAt: now,
        webhookTokenHash: sha256(token).toString('hex'),
        webhookTokenEnvelope: this.secrets.seal(token, webhookTokenContext(actor.tenantId, id)),
        lastHealthCheckAt: null,
      }),
    );
    return this.toView(actor.tenantId, saved);
  }

  async list(actor: Actor): Promise<InstallationView[]> {
    const installations = await this.access.listVisible(actor);
    return this.toViews(actor.tenantId, installations);
  }

  async describe(actor: Actor, installationId: string): Promise<InstallationView> {
    return this.toView(actor.tenantId, await this.access.getVisible(actor, installationId));
  }

  /** The URL the vendor posts webhooks to; it carries the installation's secret token. */
  async webhookUrl(tenantId: TenantId, installationId: string, baseUrl: string): Promise<string> {
    const installation = await this.installations
      .query(tenantId, 'i')
      .addSelect('i.webhookTokenEnvelope')
      .andWhere('i.id = :installationId', { installationId })
      .getOne();
    if (!installation) throw new NotFoundError('Installation', installationId);
    if (!installation.webhookTokenEnvelope)
      throw new Error(`Installation ${installationId} has no recoverable webhook token`);
    const token = this.secrets.open(
      installation.webhookTokenEnvelope,
      webhookTokenContext(tenantId, installationId),
    );
    return `${baseUrl.replace(/\/+$/, '')}/api/webhooks/${encodeURIComponent(installation.connectorKey)}/${installationId}/${token}`;
  }

  /**
   * The installation a webhook URL names, if its token is right (compared in constant time);
   * null otherwise. Webhooks carry no tenant: the installation id and the token identify it.
   */
  async verifyWebhookToken(installationId: string, token: string): Promise<ConnectorInstallation | null> {
    const installation = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneBy({ id: installationId });
    // Compare even when nothing was found, so timing does not tell which ids exist.
    const expected = installation ? Buffer.from(installation.webhookTokenHash, 'hex') : Buffer.alloc(32);
    const actual = sha256(token);
    const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
    return installation && matches ? installation : null;
  }

  private async checkInstallInput(tenantId: TenantId, input: InstallInput): Promise<string[]> {
    const problems = new ProblemCollector();
    if (input.acceptTerms !== true) problems.add('acceptTerms', 'must be true: the terms must be accepted');
    if (!INSTALL_SCOPES.includes(input.scope))
      problems.add('scope', `must be one of ${INSTALL_SCOPES.join(', ')}`);
    const profileIds = [...new Set(input.profileIds ?? [])];
    if (input.scope === 'PROFILES') {
      if (profileIds.length === 0)
        problems.add('profileIds', 'must name at least one profile for scope PROFILES');
      const known = new Set(
        profileIds.length === 0
          ? []
          : (await this.profiles.find(tenantId, { where: { id: In(profileIds) } })).map((p) => p.id),
      );
      (input.profileIds ?? []).forEach((profileId, index) => {
        if (!known.has(profileId)) problems.add(`profileIds.${index}`, 'is not a profile of this tenant');
      });
    } else if (profileIds.length > 0) {
      problems.add('profileIds', 'is only allowed with scope PROFILES');
    }
    problems.throwIfAny();
    return input.scope === 'PROFILES' ? profileIds : [];
  }

  private async toView(tenantId: TenantId, installation: ConnectorInstallation): Promise<InstallationView> {
    const [view] = await this.toViews(tenantId, [installation]);
    return view;
  }

  private async toViews(
    tenantId: TenantId,
    installations: ConnectorInstallation[],
  ): Promise<InstallationView[]> {
    if (installations.length === 0) return [];
    const connections = await this.connections.find(tenantId, {
      where: { installationId: In(installations.map((i) => i.id)) },
    });
    const byInstallation = new Map(connections.map((c) => [c.installationId, c]));
    return installations.map((installation) => {
      const connection = byInstallation.get(installation.id);
      const key = installation.connectorKey;
      return {
        id: installation.id,
        connector: connectorSummary(key, this.registry.has(key) ? this.registry.get(key) : undefined),
        scope: installation.scope,
        profileIds: installation.profileIds,
        status: installation.status,
        statusReason: installation.statusReason,
        installedById: installation.installedById,
        termsAcceptedById: installation.termsAcceptedById,
        termsAcceptedAt: installation.termsAcceptedAt,
        lastHealthCheckAt: installation.lastHealthCheckAt,
        createdAt: installation.createdAt,
        account: connection
          ? { id: connection.accountId, label: connection.accountLabel, connectedAt: connection.updatedAt }
          : null,
      };
    });
  }
}
