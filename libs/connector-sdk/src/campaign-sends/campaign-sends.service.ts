import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import {
  JobDispatcher,
  NotFoundError,
  TenantId,
  TenantScopedRepository,
  ValidationFailedError,
} from '@crm/platform';
import { Actor, assertAdmin, Page, pageWindow, SavedView, ViewsService } from '@crm/core';
import { ConnectionContextFactory } from '../connections/connection-context.factory';
import type { ConnectionContext } from '../contract/connector';
import type { VendorCampaignDraft } from '../contract/vendor-records';
import type { PeopleViewModule } from '../engine/crm-sync.port';
import { assertActive } from '../imports/import-preconditions';
import { InstallationAccess } from '../installations/installation-access';
import type { ConnectorInstallation } from '../installations/installation.entities';
import { CampaignSend, CampaignSendStatus } from './campaign-send.entity';
import { campaignSendJobOptions, RunCampaignSendJob } from './run-campaign-send.job';
import type { RecipientCounts, RecipientSummary } from './recipient-plan';
import { RecipientPlanner, ViewSelection } from './recipient-planner';
import { scheduleTimeProblem } from './schedule-time';
import { requireSendableCampaign, requireSendingConnector, SendingConnector } from './sending-connector';

const PEOPLE_VIEW_MODULES: ReadonlyArray<PeopleViewModule> = ['organizations', 'contacts'];

/** A send still QUEUED or RUNNING after this long lost its worker (or its in-process job): it is failed. */
export const CAMPAIGN_SEND_STALE_AFTER_MS = 60 * 60 * 1000;

export interface CampaignSendRequest {
  viewId: string;
  campaignId: string;
  /** Absent: send now. */
  scheduleAt?: Date;
}

export interface SendableCampaignView {
  id: string;
  name: string;
  subject: string | null;
  listId: string;
  listName: string | null;
}

export interface CampaignSendPreview extends RecipientSummary {
  view: { id: string; name: string; module: PeopleViewModule };
  campaign: SendableCampaignView;
}

export interface CampaignSendView {
  id: string;
  installationId: string;
  status: CampaignSendStatus;
  view: { id: string; name: string; module: PeopleViewModule };
  campaign: { id: string; name: string; listId: string };
  scheduleAt: Date | null;
  counts: RecipientCounts | null;
  segmentId: string | null;
  replicaCampaignId: string | null;
  error: string | null;
  attempts: number;
  requestedById: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const toSendView = (send: CampaignSend): CampaignSendView => ({
  id: send.id,
  installationId: send.installationId,
  status: send.status,
  view: { id: send.viewId, name: send.viewName, module: send.viewModule },
  campaign: { id: send.campaignId, name: send.campaignName, listId: send.listId },
  scheduleAt: send.scheduleAt,
  counts: send.counts,
  segmentId: send.segmentId,
  replicaCampaignId: send.replicaCampaignId,
  error: send.error,
  attempts: send.attempts,
  requestedById: send.requestedById,
  createdAt: send.createdAt,
  startedAt: send.startedAt,
  finishedAt: send.finishedAt,
});

const toCampaignView = (campaign: VendorCampaignDraft & { listId: string }): SendableCampaignView => ({
  id: campaign.id,
  name: campaign.name,
  subject: campaign.subject ?? null,
  listId: campaign.listId,
  listName: campaign.listName ?? null,
});

const isPeopleView = (module: string): module is PeopleViewModule =>
  (PEOPLE_VIEW_MODULES as ReadonlyArray<string>).includes(module);

interface PeopleView extends ViewSelection {
  id: string;
  name: string;
}

interface Checked {
  installation: ConnectorInstallation;
  view: PeopleView;
  connector: SendingConnector;
  context: ConnectionContext;
  campaign: VendorCampaignDraft & { listId: string };
}

/**
 * Sending a saved vendor campaign to the people of a saved view of organizations or contacts, as
 * admins ask for it: the campaigns that can be sent, a pre-send check of who it reaches and who
 * it leaves out (and why), and the send itself, recorded as a CampaignSend and handed to the
 * queue so a large view never holds the request. Installations outside the actor's scope, and
 * other tenants', are "not found"; views the actor cannot see are refused like unknown ones.
 */
@Injectable()
export class CampaignSendsService {
  private readonly logger = new Logger(CampaignSendsService.name);
  private readonly sends: TenantScopedRepository<CampaignSend>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: InstallationAccess,
    private readonly connections: ConnectionContextFactory,
    private readonly views: ViewsService,
    private readonly planner: RecipientPlanner,
    private readonly dispatcher: JobDispatcher,
  ) {
    this.sends = new TenantScopedRepository(dataSource.getRepository(CampaignSend), 'Campaign send');
  }

  async listSendableCampaigns(actor: Actor, installationId: string): Promise<SendableCampaignView[]> {
    const installation = await this.sendable(actor, installationId);
    const { connector, context } = await this.connections.forInstallation(actor.tenantId, installation.id);
    const campaigns = await requireSendingConnector(connector).listSendableCampaigns(context);
    return campaigns
      .filter((campaign): campaign is VendorCampaignDraft & { listId: string } => !!campaign.listId)
      .map(toCampaignView);
  }

  /** The pre-send check: who of the view would receive the campaign, who would not and why. */
  async preview(
    actor: Actor,
    installationId: string,
    request: Omit<CampaignSendRequest, 'scheduleAt'>,
  ): Promise<CampaignSendPreview> {
    const { view, connector, context, campaign } = await this.checked(actor, installationId, request);
    const plan = await this.planner.plan(actor.tenantId, view, connector, context, campaign.listId);
    return {
      view: { id: view.id, name: view.name, module: view.module },
      campaign: toCampaignView(campaign),
      ...plan.summary(),
    };
  }

  /**
   * Checks the request as the send will (view, time, campaign), records it and queues it: 202
   * with the send. Asking again for the same send while it waits or runs answers that one, so a
   * double click never mails anyone twice.
   */
  async requestSend(
    actor: Actor,
    installationId: string,
    request: CampaignSendRequest,
  ): Promise<CampaignSendView> {
    const { installation, view, campaign } = await this.checked(actor, installationId, request);
    const scheduleAt = request.scheduleAt ?? null;
    const pending = await this.pendingSend(actor.tenantId, installation.id, view.id, campaign.id, scheduleAt);
    if (pending) {
      if (pending.status === 'QUEUED') await this.dispatch(pending);
      return toSendView(pending);
    }
    const send = await this.sends.save(
      actor.tenantId,
      this.sends.create(actor.tenantId, {
        installationId: installation.id,
        viewId: view.id,
        viewName: view.name,
        viewModule: view.module,
        filter: view.filter as unknown as Record<string, unknown>,
        campaignId: campaign.id,
        campaignName: campaign.name.slice(0, 200),
        listId: campaign.listId,
        scheduleAt,
        status: 'QUEUED',
        counts: null,
        segmentId: null,
        replicaCampaignId: null,
        error: null,
        attempts: 0,
        requestedById: actor.userId,
        startedAt: null,
        finishedAt: null,
      }),
    );
    await this.dispatch(send);
    this.logger.log(
      `campaign send ${send.id} queued for installation ${installation.id}, tenant ${actor.tenantId}`,
    );
    return toSendView(send);
  }

  /** Newest first. */
  async list(
    actor: Actor,
    installationId: string,
    query: { page?: number; pageSize?: number },
  ): Promise<Page<CampaignSendView>> {
    await this.access.getVisible(actor, installationId);
    const { page, pageSize, skip } = pageWindow(query);
    const [items, total] = await this.dataSource.getRepository(CampaignSend).findAndCount({
      where: { tenantId: actor.tenantId, installationId },
      order: { createdAt: 'DESC', id: 'ASC' },
      skip,
      take: pageSize,
    });
    return { items: items.map(toSendView), total, page, pageSize };
  }

  async get(actor: Actor, installationId: string, sendId: string): Promise<CampaignSendView> {
    await this.access.getVisible(actor, installationId);
    const send = await this.sends.findOne(actor.tenantId, { id: sendId, installationId });
    if (!send) throw new NotFoundError('Campaign send', sendId);
    return toSendView(send);
  }

  /** The installation, when the actor may send from it: visible (else 404), admin (403), ACTIVE (409). */
  private async sendable(actor: Actor, installationId: string): Promise<ConnectorInstallation> {
    const installation = await this.access.getVisible(actor, installationId);
    assertAdmin(actor);
    assertActive(installation, 'send campaigns');
    return installation;
  }

  /**
   * A request as far as it can be checked before anything is made: the installation (404, 403,
   * 409), the view, the schedule time and the campaign (400s naming the field), in that order.
   */
  private async checked(
    actor: Actor,
    installationId: string,
    request: CampaignSendRequest,
  ): Promise<Checked> {
    const installation = await this.sendable(actor, installationId);
    const view = await this.peopleView(actor, request.viewId);
    const { connector, context } = await this.connections.forInstallation(actor.tenantId, installation.id);
    const sending = requireSendingConnector(connector);
    if (request.scheduleAt) {
      const problem = scheduleTimeProblem(
        request.scheduleAt,
        sending.manifest.limits.scheduleStepMinutes,
        new Date(),
      );
      if (problem) throw ValidationFailedError.field('scheduleAt', problem);
    }
    const campaign = requireSendableCampaign(
      await sending.getCampaign(context, request.campaignId),
      request.campaignId,
    );
    return { installation, view, connector: sending, context, campaign };
  }

  /** A saved view of organizations or contacts the actor can see; anything else is a 400 on `viewId`. */
  private async peopleView(actor: Actor, viewId: string): Promise<PeopleView> {
    let view: SavedView;
    try {
      view = await this.views.getVisible(actor, viewId);
    } catch (error) {
      if (error instanceof NotFoundError)
        throw ValidationFailedError.field('viewId', 'is not a saved view you can see');
      throw error;
    }
    if (!isPeopleView(view.module))
      throw ValidationFailedError.field(
        'viewId',
        `is a view of ${view.module}; campaigns go to views of organizations or contacts`,
      );
    return { id: view.id, name: view.name, module: view.module, filter: view.filter };
  }

  /** The same send still waiting or running; one that has been at it too long is failed. */
  private async pendingSend(
    tenantId: TenantId,
    installationId: string,
    viewId: string,
    campaignId: string,
    scheduleAt: Date | null,
  ): Promise<CampaignSend | null> {
    const repository = this.dataSource.getRepository(CampaignSend);
    const pending = await repository.find({
      where: { tenantId, installationId, viewId, campaignId, status: In(['QUEUED', 'RUNNING']) },
      order: { createdAt: 'DESC' },
    });
    const staleBefore = Date.now() - CAMPAIGN_SEND_STALE_AFTER_MS;
    for (const send of pending) {
      if (send.updatedAt.getTime() < staleBefore) {
        await repository.update(
          { id: send.id, status: send.status },
          {
            status: 'FAILED',
            error: 'The send stopped without finishing',
            finishedAt: new Date(),
            updatedAt: new Date(),
          },
        );
        continue;
      }
      if ((send.scheduleAt?.getTime() ?? null) === (scheduleAt?.getTime() ?? null)) return send;
    }
    return null;
  }

  private async dispatch(send: CampaignSend): Promise<void> {
    // The job id dedupes a send queued again while its first job still waits.
    await this.dispatcher.dispatch(
      RunCampaignSendJob,
      { campaignSendId: send.id },
      campaignSendJobOptions(send.id),
    );
  }
}
