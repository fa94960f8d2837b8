import { CampaignSend } from './campaign-sends/campaign-send.entity';
import { CartDealLink } from './carts/cart-deal-link.entity';
import { FailedRecord, RecordLink, ScheduleLease, SyncRun, SyncRunRecord } from './engine/engine.entities';
import { VendorListRecord, VendorTagRecord } from './engine/vendor-list.entity';
import {
  ConnectorConnection,
  ConnectorInstallation,
  OAuthState,
} from './installations/installation.entities';
import { ImportRun } from './imports/import-run.entity';
import { ListViewRule } from './list-rules/list-view-rule.entity';
import { FieldMapping } from './mappings/field-mapping.entity';
import { Notification, NotificationPreference } from './notifications/notification.entities';
import { SyncSettings } from './settings/sync-settings.entity';

/** Every entity of the connector framework; apps add them to DatabaseModule. */
export const connectorSdkEntities = [
  ConnectorInstallation,
  ConnectorConnection,
  OAuthState,
  SyncSettings,
  FieldMapping,
  VendorListRecord,
  VendorTagRecord,
  RecordLink,
  SyncRun,
  SyncRunRecord,
  FailedRecord,
  ScheduleLease,
  Notification,
  NotificationPreference,
  ImportRun,
  CartDealLink,
  CampaignSend,
  ListViewRule,
];
