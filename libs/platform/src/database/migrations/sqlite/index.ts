// Migrations for the embedded SQLite database, in order. Generated with `npm run migration:generate -- <Name>`.
import { Initial1795541333337 as M0 } from './1795541333337-Initial';
import { ConnectorFramework1795546738056 as M1 } from './1795546738056-ConnectorFramework';
import { CampaignsAndCarts1795556316882 as M2 } from './1795556316882-CampaignsAndCarts';
import { CampaignLinks1795558857010 as M3 } from './1795558857010-CampaignLinks';
import { CampaignSends1795558877161 as M4 } from './1795558877161-CampaignSends';
import { CartOrderOutcome1795561819541 as M5 } from './1795561819541-CartOrderOutcome';
import { EmailNormalizedIndex1795565615230 as M6 } from './1795565615230-EmailNormalizedIndex';
import { CampaignLinkClickers1795567389768 as M7 } from './1795567389768-CampaignLinkClickers';
import { ModuleMappingsAndJobs1795567681514 as M8 } from './1795567681514-ModuleMappingsAndJobs';
import { ListViewRules1795569557814 as M9 } from './1795569557814-ListViewRules';
import { CampaignRecipientOrganizations1795571212307 as M10 } from './1795571212307-CampaignRecipientOrganizations';

export const sqliteMigrations: Array<new () => unknown> = [M0, M1, M2, M3, M4, M5, M6, M7, M8, M9, M10];
