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
import { ConnectorError, ConnectorErrorCode, isConnectorError } from '../contract/connector-error';
import { ConnectorConnection, ConnectorInstallation } from '../installations/installation.entities';
import { ConnectorRegistry } from '../registry/connector.registry';
import { RedisRequestBudgets } from './redis-request-budget';
import { LocalRequestBudgets, RequestBudgets, sleep } from './request-budget';

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

/** An installation's stored connection with its credentials opened. */
interface StoredConnection {
  connection: ConnectorConnection;
  credentials: Record<string, string>;
}

/**
 * A refresh the vendor refuses may have lost a race with another process: a rotating refresh
 * token dies when used, so the loser's refresh is refused while the winner's credentials are
 * about to be stored. The stored credentials are read again after these waits before the
 * refusal is believed.
 */
const RACED_REFRESH_WAITS_MS = [200, 400, 800];
/** Stored credentials that expire sooner than this are refreshed rather than taken. */
const STILL_VALID_MARGIN_MS = 60_000;

const sameCredentials = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

/**
 * Builds the ConnectionContext a connector call needs: the installation's connector, its
 * decrypted credentials and the account's shared request budget. The one place credentials
 * are opened; they never leave the process or reach a log.
 */
@Injectable()
export class ConnectionContextFactory implements OnApplicationShutdown {
  /** Refreshes in flight in this process, by installation: callers at the same moment share one. */
  private readonly renewals = new Map<string, Promise<StoredConnection>>();

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
    const stored = await this.stored(tenantId, installationId);
    if (!stored) throw ValidationFailedError.field('installationId', 'is not authorized yet');
    const { connection, credentials } = stored;
    const connector = this.registry.get(installation.connectorKey);
    const context: ConnectionContext = {
      tenantId,
      installationId,
      credentials,
      account: { id: connection.accountId, label: connection.accountLabel, metadata: connection.metadata },
      budget: this.budgets.for(
        connector.manifest.key,
        connection.accountId,
        connector.manifest.limits.budget,
      ),
    };
    if (connector.refreshCredentials) context.renewCredentials = () => this.renew(connector, context);
    return { installation, connector, context };
  }

  /** The installation's connection and its opened credentials, or null when it has none. */
  private async stored(tenantId: TenantId, installationId: string): Promise<StoredConnection | null> {
    const connection = await this.dataSource
      .getRepository(ConnectorConnection)
      .createQueryBuilder('c')
      .addSelect('c.credentialsEnvelope')
      .where('c.tenantId = :tenantId AND c.installationId = :installationId', { tenantId, installationId })
      .getOne();
    if (!connection) return null;
    const credentials = JSON.parse(
      this.secrets.open(connection.credentialsEnvelope, credentialsContext(tenantId, installationId)),
    ) as Record<string, string>;
    return { connection, credentials };
  }

  /** ConnectionContext.renewCredentials: one refresh per installation at a time in this process. */
  private async renew(connector: Connector, context: ConnectionContext): Promise<void> {
    const key = `${context.tenantId}:${context.installationId}`;
    let renewal = this.renewals.get(key);
    if (!renewal) {
      renewal = this.refreshStored(connector, context).finally(() => this.renewals.delete(key));
      this.renewals.set(key, renewal);
    }
    const { connection, credentials } = await renewal;
    context.credentials = credentials;
    context.account = {
      id: connection.accountId,
      label: connection.accountLabel,
      metadata: connection.metadata,
    };
  }

  /**
   * Refreshes the stored credentials and stores the result, unless another context or process
   * stored newer ones since `context` was made that still hold: those are taken as they are.
   */
  private async refreshStored(connector: Connector, context: ConnectionContext): Promise<StoredConnection> {
    const { tenantId, installationId } = context;
    const before = await this.stored(tenantId, installationId);
    if (!before)
      throw new ConnectorError(ConnectorErrorCode.AUTH_REVOKED, 'The installation is no longer authorized');
    const expiresAt = before.connection.expiresAt?.getTime();
    const stillValid = !expiresAt || expiresAt - Date.now() > STILL_VALID_MARGIN_MS;
    if (!sameCredentials(before.credentials, context.credentials) && stillValid) return before;
    let account: ConnectedAccount;
    try {
      account = await connector.refreshCredentials!({ ...context, credentials: before.credentials });
    } catch (error) {
      if (!isConnectorError(error) || error.code !== ConnectorErrorCode.AUTH_REVOKED) throw error;
      for (const wait of RACED_REFRESH_WAITS_MS) {
        await sleep(wait);
        const now = await this.stored(tenantId, installationId);
        if (now && !sameCredentials(now.credentials, before.credentials)) return now;
      }
      throw error;
    }
    const { authKind, connectedById } = before.connection;
    await this.saveConnection(tenantId, installationId, authKind, account, connectedById);
    return (await this.stored(tenantId, installationId))!;
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
