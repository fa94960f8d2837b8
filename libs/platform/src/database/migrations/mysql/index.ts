// Migrations for MySQL 8 / MariaDB 10.11, in order. Generated with `npm run migration:generate -- <Name>`.
import { Initial1795541333393 as M0 } from './1795541333393-Initial';
import { ConnectorFramework1795546738307 as M1 } from './1795546738307-ConnectorFramework';
import { CampaignsAndCarts1795556317540 as M2 } from './1795556317540-CampaignsAndCarts';

export const mysqlMigrations: Array<new () => unknown> = [M0, M1, M2];
