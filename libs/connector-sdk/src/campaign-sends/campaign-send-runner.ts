import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { asTenantId, TenantId, ValidationFailedError } from '@crm/platform';
import {
  InstallationHealthService,
  reauthorizationReason,
} from '../authorization/installation-health.service';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import type { ConnectionContext } from '../contract/connector';
import type { VendorCampaignDraft } from '../contract/vendor-records';
import { assertActive } from '../imports/import-preconditions';
import { JobTries, judgeVendorJobFailure } from '../jobs/vendor-job-failure';
import { CampaignSend } from './campaign-send.entity';
import { RecipientPlanner } from './recipient-planner';
import { requireSendableCampaign, requireSendingConnector, SendingConnector } from './sending-connector';

const ERROR_MAX = 500;
const HEARTBEAT_MS = 60_000;
/** Longest segment name and campaign title we make (Mailchimp's limit for both). */
const NAME_MAX = 100;

/** Unique in the audience: a retry after a half-made segment makes a fresh one rather than clash. */
export function segmentName(send: CampaignSend, maxLength = NAME_MAX): string {
  const suffix = ` · ${send.id.slice(0, 8)}${send.attempts > 1 ? `-${send.attempts}` : ''}`;
  return `${send.viewName.slice(0, Math.max(1, maxLength - suffix.length))}${suffix}`;
}

/** What became of a copy that is no longer a draft: it went, or it waits for its time. */
function deliveredAs(campaign: VendorCampaignDraft | null): 'SENT' | 'SCHEDULED' | undefined {
  if (campaign?.state === 'SENT' || campaign?.state === 'SENDING') return 'SENT';
  if (campaign?.state === 'SCHEDULED') return 'SCHEDULED';
  return undefined;
}

const replicaTitle = (send: CampaignSend) => `${send.campaignName} · ${send.viewName}`.slice(0, NAME_MAX);

/**
 * Runs one campaign send to its end: works out the recipients (from the CRM and the audience as
 * they are now), builds the static segment of the sendable members, copies the campaign to it
 * and sends or schedules the copy. Each step's result is stored as it is made, so a retry (the
 * vendor was down or throttling) goes on from the last one instead of making a second segment or
 * copy; and before sending again it asks whether the copy already went. Errors are judged as the
 * sync engine judges them.
 */
@Injectable()
export class CampaignSendRunner {
  private readonly logger = new Logger(CampaignSendRunner.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly connections: ConnectionContextFactory,
    private readonly planner: RecipientPlanner,
    private readonly health: InstallationHealthService,
  ) {}

  /**
   * Claims a QUEUED send and executes it; returns it as it ended, or null when it was not there to
   * claim (another worker has it, it already ended, or the installation was uninstalled).
   */
  async execute(
    campaignSendId: string,
    tries: JobTries = { attempt: 1, maxAttempts: 1 },
  ): Promise<CampaignSend | null> {
    const repository = this.dataSource.getRepository(CampaignSend);
    const claimed = await repository.update(
      { id: campaignSendId, status: 'QUEUED' },
      { status: 'RUNNING', startedAt: new Date(), error: null, updatedAt: new Date() },
    );
    if (claimed.affected !== 1) return null;
    const send = await repository.findOneByOrFail({ id: campaignSendId });
    send.attempts += 1;
    await repository.update({ id: send.id }, { attempts: send.attempts });
    // While it runs, the send shows it is alive (CampaignSendsService fails sends that stopped doing so).
    const heartbeat = setInterval(
      () =>
        void repository
          .update({ id: send.id, status: 'RUNNING' }, { updatedAt: new Date() })
          .catch(() => undefined),
      HEARTBEAT_MS,
    );
    heartbeat.unref();
    let connectorName = 'The connector';
    try {
      const tenantId = asTenantId(send.tenantId);
      const { installation, connector, context } = await this.connections.forInstallation(
        tenantId,
        send.installationId,
      );
      connectorName = connector.manifest.name;
      assertActive(installation, 'send campaigns');
      const sending = requireSendingConnector(connector);
      if (!send.segmentId) await this.buildSegment(tenantId, sending, context, send);
      if (!send.replicaCampaignId) {
        const replica = await sending.replicateToSegment(
          context,
          send.campaignId,
          send.segmentId!,
          replicaTitle(send),
        );
        await this.record(send, { replicaCampaignId: replica.id });
      }
      const status = await this.deliver(sending, context, send);
      return await this.finish(send, status, {});
    } catch (error) {
      return this.fail(send, error, tries, connectorName);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Recipients worked out now (the campaign may have been sent meanwhile), then their segment. */
  private async buildSegment(
    tenantId: TenantId,
    connector: SendingConnector,
    context: ConnectionContext,
    send: CampaignSend,
  ): Promise<void> {
    requireSendableCampaign(await connector.getCampaign(context, send.campaignId), send.campaignId);
    const plan = await this.planner.plan(
      tenantId,
      { module: send.viewModule, filter: send.filter },
      connector,
      context,
      send.listId,
    );
    await this.record(send, { counts: plan.totals });
    const emails = plan.emails;
    if (emails.length === 0)
      throw ValidationFailedError.field('viewId', 'no one in the view can receive the campaign');
    const segment = await connector.createStaticSegment(
      context,
      send.listId,
      segmentName(send, connector.manifest.limits.tagMaxLength),
      emails,
    );
    await this.record(send, { segmentId: segment.id });
  }

  /**
   * Sends or schedules the copy. A retry first asks whether an earlier try already did; and a
   * refused call asks too, since a call whose answer was lost may have gone through before it
   * was repeated (Mailchimp then refuses to send a campaign twice).
   */
  private async deliver(
    connector: SendingConnector,
    context: ConnectionContext,
    send: CampaignSend,
  ): Promise<'SENT' | 'SCHEDULED'> {
    const replicaId = send.replicaCampaignId!;
    const went = async () => deliveredAs(await connector.getCampaign(context, replicaId));
    const before = send.attempts > 1 ? await went() : undefined;
    if (before) return before;
    try {
      if (send.scheduleAt) await connector.scheduleCampaign(context, replicaId, send.scheduleAt);
      else await connector.sendCampaign(context, replicaId);
      return send.scheduleAt ? 'SCHEDULED' : 'SENT';
    } catch (error) {
      const after = await went().catch(() => undefined);
      if (after) return after;
      throw error;
    }
  }

  /** Keeps a step's result on the row at once (and on the in-memory send). */
  private async record(send: CampaignSend, changes: Partial<CampaignSend>): Promise<void> {
    Object.assign(send, changes);
    await this.dataSource
      .getRepository(CampaignSend)
      .update({ id: send.id }, { ...changes, updatedAt: new Date() } as QueryDeepPartialEntity<CampaignSend>);
  }

  private async fail(
    send: CampaignSend,
    error: unknown,
    tries: JobTries,
    connectorName: string,
  ): Promise<CampaignSend> {
    const context = `campaign send ${send.id} (tenant ${send.tenantId}, installation ${send.installationId})`;
    const failure = judgeVendorJobFailure(error, tries);
    if (failure.kind === 'reauthorize') {
      await this.health.markNeedsReauthorization(
        asTenantId(send.tenantId),
        send.installationId,
        reauthorizationReason(connectorName, failure.error),
      );
      return this.finish(send, 'FAILED', {
        error: `${connectorName} no longer accepts the stored credentials; re-authorize the installation, then send again.`,
      });
    }
    if (failure.kind === 'retry') {
      this.logger.warn(`${context}: ${failure.error.code}, will retry`);
      await this.dataSource
        .getRepository(CampaignSend)
        .update(
          { id: send.id },
          { status: 'QUEUED', error: failure.error.message.slice(0, ERROR_MAX), updatedAt: new Date() },
        );
      // The job's retry (with backoff) runs it again.
      throw error;
    }
    if (failure.unexpected)
      this.logger.error(`${context} failed: ${error instanceof Error ? error.stack : String(error)}`);
    return this.finish(send, 'FAILED', { error: failure.message });
  }

  private async finish(
    send: CampaignSend,
    status: 'SENT' | 'SCHEDULED' | 'FAILED',
    outcome: { error?: string },
  ): Promise<CampaignSend> {
    const changes = {
      status,
      error: outcome.error?.slice(0, ERROR_MAX) ?? null,
      finishedAt: new Date(),
      updatedAt: new Date(),
    };
    // An update, not a save: a send deleted meanwhile (uninstall) must not come back.
    await this.dataSource
      .getRepository(CampaignSend)
      .update({ id: send.id }, changes as QueryDeepPartialEntity<CampaignSend>);
    this.logger.log(
      `campaign send ${send.id} ${status} (tenant ${send.tenantId}, installation ${send.installationId})`,
    );
    return Object.assign(send, changes);
  }
}
