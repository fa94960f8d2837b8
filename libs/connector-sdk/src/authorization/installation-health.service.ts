import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobDispatcher, TenantId } from '@crm/platform';
import type { Actor } from '@crm/core';
import { ConnectionContextFactory, ResolvedConnection } from '../connections/connection-context.factory';
import { ConnectorError, ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import {
  ConnectorConnection,
  ConnectorInstallation,
  InstallationStatus,
} from '../installations/installation.entities';
import { NotificationsService } from '../notifications/notifications.service';
import { ConnectorRegistry } from '../registry/connector.registry';
import { CheckInstallationHealthJob } from './check-installation-health.job';
import { InstallationAuthorizer } from './installation-authorizer';

/** Credentials expiring sooner than this are refreshed before the check. */
export const REFRESH_AHEAD_MS = 5 * 60 * 1000;

export interface HealthCheckResult {
  installationId: string;
  /** healthy: the vendor accepted the credentials; inconclusive: it could not tell (down, throttling). */
  outcome: 'healthy' | 'needs_reauthorization' | 'inconclusive';
  status: InstallationStatus;
  statusReason: string | null;
  lastHealthCheckAt: Date | null;
  /** The vendor's coded answer when the outcome is not healthy. */
  error: { code: ConnectorErrorCode; message: string } | null;
}

/** The status reason shown to admins: which vendor refused, when, and in its words. */
export function reauthorizationReason(connectorName: string, error: ConnectorError, at = new Date()): string {
  return `${connectorName} rejected the stored credentials on ${at.toISOString().slice(0, 10)}: ${error.message}`.slice(
    0,
    500,
  );
}

/**
 * Credential health: a cheap authenticated call per installation, hourly and on demand, so a
 * revoked key turns into "needs re-authorization" and a notification instead of syncs that
 * fail silently.
 */
@Injectable()
export class InstallationHealthService {
  private readonly logger = new Logger(InstallationHealthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly authorizer: InstallationAuthorizer,
    private readonly contexts: ConnectionContextFactory,
    private readonly registry: ConnectorRegistry,
    private readonly notifications: NotificationsService,
    private readonly jobs: JobDispatcher,
  ) {}

  /** An admin's "check now". */
  async check(actor: Actor, installationId: string): Promise<HealthCheckResult> {
    const { installation } = await this.authorizer.resolve(actor, installationId);
    return this.checkInstallation(actor.tenantId, installation.id);
  }

  /**
   * Refreshes credentials about to expire, then asks the vendor whether they still work.
   * AUTH_REVOKED marks the installation for re-authorization; TEMPORARY, RATE_LIMITED and any
   * other code say nothing about the credentials, so the status stays as it is.
   */
  async checkInstallation(tenantId: TenantId, installationId: string): Promise<HealthCheckResult> {
    let resolved = await this.contexts.forInstallation(tenantId, installationId);
    const { connector } = resolved;
    try {
      if (connector.refreshCredentials) resolved = await this.refreshIfExpiring(resolved);
      await connector.checkHealth(resolved.context);
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      if (error.code === ConnectorErrorCode.AUTH_REVOKED) {
        await this.markNeedsReauthorization(
          tenantId,
          installationId,
          reauthorizationReason(connector.manifest.name, error),
        );
        return this.result(tenantId, installationId, 'needs_reauthorization', error);
      }
      this.logger.warn(
        `Health check of installation ${installationId} (tenant ${tenantId}) inconclusive: ${error.code}`,
      );
      return this.result(tenantId, installationId, 'inconclusive', error);
    }
    await this.markHealthy(tenantId, installationId);
    return this.result(tenantId, installationId, 'healthy', null);
  }

  /**
   * Moves an ACTIVE installation to NEEDS_REAUTHORIZATION and tells the admins, once: the
   * conditional update lets only the first caller through, so repeated checks and sync calls
   * hitting AUTH_REVOKED do not notify again while it stays there. True when it moved.
   */
  async markNeedsReauthorization(
    tenantId: TenantId,
    installationId: string,
    reason: string,
  ): Promise<boolean> {
    const repository = this.dataSource.getRepository(ConnectorInstallation);
    const installation = await repository.findOneBy({ tenantId, id: installationId });
    if (!installation) return false;
    const now = new Date();
    const moved = await repository.update(
      { tenantId, id: installationId, status: 'ACTIVE' },
      { status: 'NEEDS_REAUTHORIZATION', statusReason: reason.slice(0, 500), updatedAt: now },
    );
    if (moved.affected !== 1) return false;
    const name = this.registry.has(installation.connectorKey)
      ? this.registry.get(installation.connectorKey).manifest.name
      : installation.connectorKey;
    await this.notifications.notify(
      tenantId,
      {
        type: 'AUTHORIZATION_NEEDED',
        title: `${name} needs to be re-authorized`,
        body: reason,
        installationId,
      },
      { kind: 'admins' },
    );
    this.logger.warn(`Installation ${installationId} (tenant ${tenantId}) needs re-authorization`);
    return true;
  }

  /**
   * Hourly fan-out: one job per ACTIVE installation of every tenant. The job id names the hour,
   * so several workers firing the same cron mostly enqueue one job; a duplicate that slips
   * through is harmless (the check is idempotent and notifies once).
   */
  async checkAll(now = new Date()): Promise<number> {
    const active = await this.dataSource
      .getRepository(ConnectorInstallation)
      .find({ select: { id: true, tenantId: true }, where: { status: 'ACTIVE' } });
    const hour = now.toISOString().slice(0, 13);
    for (const installation of active)
      await this.jobs.dispatch(
        CheckInstallationHealthJob,
        { tenantId: installation.tenantId, installationId: installation.id },
        { jobId: `health-check:${installation.id}:${hour}` },
      );
    return active.length;
  }

  /** Refreshes the credentials through the context (stored sealed, shared with concurrent callers). */
  private async refreshIfExpiring(resolved: ResolvedConnection): Promise<ResolvedConnection> {
    const { tenantId, installationId } = resolved.context;
    const connection = await this.dataSource
      .getRepository(ConnectorConnection)
      .findOneByOrFail({ tenantId, installationId });
    if (!connection.expiresAt || connection.expiresAt.getTime() - Date.now() > REFRESH_AHEAD_MS)
      return resolved;
    await resolved.context.renewCredentials?.();
    return resolved;
  }

  /** Stamps the check; an installation waiting for re-authorization whose credentials work again is ACTIVE again. */
  private async markHealthy(tenantId: TenantId, installationId: string): Promise<void> {
    const repository = this.dataSource.getRepository(ConnectorInstallation);
    const now = new Date();
    await repository.update({ tenantId, id: installationId }, { lastHealthCheckAt: now, updatedAt: now });
    await repository.update(
      { tenantId, id: installationId, status: 'NEEDS_REAUTHORIZATION' },
      { status: 'ACTIVE', statusReason: null },
    );
  }

  private async result(
    tenantId: TenantId,
    installationId: string,
    outcome: HealthCheckResult['outcome'],
    error: ConnectorError | null,
  ): Promise<HealthCheckResult> {
    const installation = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneByOrFail({ tenantId, id: installationId });
    return {
      installationId,
      outcome,
      status: installation.status,
      statusReason: installation.statusReason,
      lastHealthCheckAt: installation.lastHealthCheckAt,
      error: error ? { code: error.code, message: error.message } : null,
    };
  }
}
