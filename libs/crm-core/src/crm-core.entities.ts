import { Activity, ActivityLink } from './activities/activity.entities';
import {
  Campaign,
  CampaignLink,
  CampaignLinkClicker,
  CampaignRecipient,
} from './campaigns/campaign.entities';
import { CustomFieldDefinition } from './custom-fields/custom-field.entity';
import { Deal, DealLine, Pipeline, PipelineStage, Product } from './deals/deal.entities';
import { ApiKey, AuthSession, SmtpAccount } from './identity/credential.entities';
import { Profile } from './identity/profile.entity';
import { Team, TeamMembership } from './identity/team.entity';
import { User } from './identity/user.entity';
import { Picklist, PicklistValue } from './picklists/picklist.entities';
import { Contact, EmailAddress, Lead, Organization, RecordTag } from './records/record.entities';
import { Tenant } from './tenants/tenant.entity';
import { SavedView } from './views/saved-view.entity';

/** Every entity of the CRM core; apps pass them (with the platform's) to DatabaseModule. */
export const crmCoreEntities = [
  Tenant,
  User,
  Profile,
  Team,
  TeamMembership,
  AuthSession,
  ApiKey,
  SmtpAccount,
  Picklist,
  PicklistValue,
  CustomFieldDefinition,
  Organization,
  Contact,
  Lead,
  EmailAddress,
  RecordTag,
  Pipeline,
  PipelineStage,
  Product,
  Deal,
  DealLine,
  SavedView,
  Activity,
  ActivityLink,
  Campaign,
  CampaignRecipient,
  CampaignLink,
  CampaignLinkClicker,
];
