import { WebhooksController } from './connectors/webhooks.controller';
import type { Type } from '@nestjs/common';
import { CustomFieldsController } from './custom-fields/custom-fields.controller';
import { PicklistsController } from './picklists/picklists.controller';
import { ViewsController } from './views/views.controller';
import { ContactsController, LeadsController, OrganizationsController } from './records/records.controllers';
import { ApiKeysController } from './identity/api-keys.controller';
import { AuthController } from './identity/auth.controller';
import { ProfilesController } from './identity/profiles.controller';
import { SmtpAccountController } from './identity/smtp-account.controller';
import { TeamsController } from './identity/teams.controller';
import { UsersController } from './identity/users.controller';
import { PipelinesController } from './deals/pipelines.controller';
import { ProductsController } from './deals/products.controller';
import { DealsController } from './deals/deals.controller';
import { ActivitiesController } from './activities/activities.controller';
import { TimelineController } from './activities/timeline.controller';
import { MarketplaceController } from './connectors/marketplace.controller';
import { InstallationsController } from './connectors/installations.controller';
import { NotificationsController } from './connectors/notifications.controller';
import { CatalogController } from './connectors/catalog.controller';
import { StoresController } from './connectors/stores.controller';
import { SettingsController } from './connectors/settings.controller';
import { MappingsController } from './connectors/mappings.controller';
import { AuthorizationController } from './connectors/authorization.controller';
import { SyncController } from './connectors/sync.controller';
import { ImportsController } from './connectors/imports.controller';
import { CampaignSendsController } from './connectors/campaign-sends.controller';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignClickersController } from './campaigns/campaign-clickers.controller';
import { ListActionsController } from './connectors/list-actions.controller';
import { VendorTagsController } from './connectors/vendor-tags.controller';
import { ListSubscribersController } from './connectors/list-subscribers.controller';

/** Every REST controller of the API, grouped by area. */
export const apiControllers: Type<unknown>[] = [
  OrganizationsController,
  ContactsController,
  LeadsController,
  PicklistsController,
  CustomFieldsController,
  ViewsController,
  AuthController,
  UsersController,
  ProfilesController,
  TeamsController,
  ApiKeysController,
  SmtpAccountController,
  PipelinesController,
  ProductsController,
  DealsController,
  ActivitiesController,
  TimelineController,
  CampaignsController,
  CampaignClickersController,
  MarketplaceController,
  InstallationsController,
  NotificationsController,
  CatalogController,
  StoresController,
  SettingsController,
  MappingsController,
  AuthorizationController,
  SyncController,
  ImportsController,
  CampaignSendsController,
  WebhooksController,
  ListActionsController,
  VendorTagsController,
  ListSubscribersController,
];
