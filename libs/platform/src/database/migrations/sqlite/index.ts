// Migrations for the embedded SQLite database, in order. Generated with `npm run migration:generate -- <Name>`.
import { Initial1795541333337 as M0 } from './1795541333337-Initial';
import { ConnectorFramework1795546738056 as M1 } from './1795546738056-ConnectorFramework';
import { CampaignsAndCarts1795556316882 as M2 } from './1795556316882-CampaignsAndCarts';

export const sqliteMigrations: Array<new () => unknown> = [M0, M1, M2];
