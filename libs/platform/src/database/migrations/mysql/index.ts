// Migrations for MySQL 8 / MariaDB 10.11, in order. Generated with `npm run migration:generate -- <Name>`.
import { Initial1795541333393 as M0 } from './1795541333393-Initial';
import { ConnectorFramework1795546738307 as M1 } from './1795546738307-ConnectorFramework';
import { CampaignsAndCarts1795556317540 as M2 } from './1795556317540-CampaignsAndCarts';
import { CampaignLinks1795558859857 as M3 } from './1795558859857-CampaignLinks';
import { CampaignSends1795558877487 as M4 } from './1795558877487-CampaignSends';
import { CartOrderOutcome1795561820111 as M5 } from './1795561820111-CartOrderOutcome';
import { EmailNormalizedIndex1795565615955 as M6 } from './1795565615955-EmailNormalizedIndex';
import { CampaignLinkClickers1795567390275 as M7 } from './1795567390275-CampaignLinkClickers';
import { ModuleMappingsAndJobs1795567682572 as M8 } from './1795567682572-ModuleMappingsAndJobs';
import { ListViewRules1795569558254 as M9 } from './1795569558254-ListViewRules';
import { CampaignRecipientOrganizations1795571212605 as M10 } from './1795571212605-CampaignRecipientOrganizations';

export const mysqlMigrations: Array<new () => unknown> = [M0, M1, M2, M3, M4, M5, M6, M7, M8, M9, M10];
