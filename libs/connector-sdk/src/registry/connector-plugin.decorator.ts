import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';

export const CONNECTOR_PLUGIN_METADATA = 'crm:connector-plugin';

/** Marks a provider as a connector; the registry finds it at boot through Nest's discovery. */
export function ConnectorPlugin(): ClassDecorator {
  return applyDecorators(Injectable(), SetMetadata(CONNECTOR_PLUGIN_METADATA, true));
}
