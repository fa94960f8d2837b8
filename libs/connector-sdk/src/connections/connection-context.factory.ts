import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppConfig,
  NotFoundError,
  SecretBox,
  TenantId,
  ValidationFailedError,
} from '@crm/platform';
import type { ConnectedAccount, ConnectionContext, Connector } from '../contract/connector';
import { ConnectorConnection, ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { RedisRequestBudgets } from './redis-request-budget';
import { LocalRequestBudgets, RequestBudgets } from './request-budget';

export const REQUEST_BUDGETS = Symbol('REQUEST_BUDGETS');

/**
 * Where vendor accounts' budgets live: with BullMQ several worker processes call the same
 * account, so the budget is kept in Redis; with the in-process queue this process is the only one.
 */
export const requestBudgetsProvider: Provider = {
  provide: REQUEST_BUDGETS,
  inject: [APP_CONFIG],
  useFactory: ({ queue }: AppConfig): RequestBudgets =>
    queue.kind === 'bullmq'
      ? new RedisRequestBudgets(queue.redisUrl, queue.prefix ?? 'crm')
      : new LocalRequestBudgets(),
};

export interface ResolvedConnection {
  installation: ConnectorInstallation;
  connector: Connector;
  context: ConnectionContext;
}

/** The envelope context binds credentials to their tenant and installation. */
export const credentialsContext = (tenantId: string, installationId: string) =>
  `${tenantId}:connection:${installationId}`;

/**
 * Builds the ConnectionContext a connector call needs: the installation's connector, its
 * decrypted credentials and the account's shared request budget. The one place credentials
 * are opened; they never leave the process or reach a log.
 */
@Injectable()
export class ConnectionContextFactory implements OnApplicationShutdown {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly registry: ConnectorRegistry,
    private readonly secrets: SecretBox,
    @Inject(REQUEST_BUDGETS) private readonly budgets: RequestBudgets,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.budgets.close();
  }

  async forInstallation(tenantId: TenantId, installationId: string): Promise<ResolvedConnection> {
    const installation = await this.dataSource
      .getRepository(ConnectorInstallation)
      .findOneBy({ tenantId, id: installationId });
    if (!installation) throw new NotFoundError('Installation', installationId);
    const connection = await this.dataSource
      .getRepository(ConnectorConnection)
      .createQueryBuilder('c')
      .addSelect('c.credentialsEnvelope')
      .where('c.tenantId = :tenantId AND c.installationId = :installationId', { tenantId, installationId })
      .getOne();
    if (!connection) throw ValidationFailedError.field('installationId', 'is not authorized yet');
    const connector = this.registry.get(installation.connectorKey);
    const credentials = JSON.parse(
      this.secrets.open(connection.credentialsEnvelope, credentialsContext(tenantId, installationId)),
    ) as Record<string, string>;
    return {
      installation,
      connector,
      context: {
        tenantId,
        installationId,
        credentials,
        account: { id: connection.accountId, label: connection.accountLabel, metadata: connection.metadata },
        budget: this.budgets.for(
          connector.manifest.key,
          connection.accountId,
          connector.manifest.limits.budget,
        ),
      },
    };
  }

  /** Stores (or replaces) an installation's authorized account, credentials sealed. */
  async saveConnection(
    tenantId: TenantId,
    installationId: string,
    authKind: ConnectorConnection['authKind'],
    account: ConnectedAccount,
    connectedById: string,
  ): Promise<void> {
    const repository = this.dataSource.getRepository(ConnectorConnection);
    const existing = await repository.findOneBy({ tenantId, installationId });
    const row = existing ?? repository.create({ tenantId, installationId });
    Object.assign(row, {
      authKind,
      accountId: account.accountId,
      accountLabel: account.label,
      credentialsEnvelope: this.secrets.seal(
        JSON.stringify(account.credentials),
        credentialsContext(tenantId, installationId),
      ),
      metadata: account.metadata,
      expiresAt: account.expiresAt ?? null,
      connectedById,
    });
    await repository.save(row);
  }
}
