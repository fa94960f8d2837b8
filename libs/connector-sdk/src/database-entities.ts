import { platformEntities } from '@crm/platform';
import { crmCoreEntities } from '@crm/core';
import { connectorSdkEntities } from './connector-sdk.entities';

/** Every entity of the product, for the apps' database module and the migration tooling. */
export const databaseEntities = [...platformEntities, ...crmCoreEntities, ...connectorSdkEntities];
