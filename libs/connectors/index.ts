import type { DynamicModule, Type } from '@nestjs/common';
import { MailchimpConnectorModule } from './mailchimp';
import { MailupConnectorModule } from './mailup';

export {
  MailchimpConnectorModule,
  MailchimpConnector,
  mailchimpManifest,
  MAILCHIMP_CONNECTOR_KEY,
} from './mailchimp';
export {
  MailupConnectorModule,
  MailupConnector,
  mailupManifest,
  MAILUP_CONNECTOR_KEY,
  addressLookupCalls,
} from './mailup';

/**
 * Every connector plugin the product ships. Each lives in its own folder (libs/connectors/<key>)
 * and is a Nest module providing one @ConnectorPlugin class; both apps load this list.
 */
export const connectorModules: Array<Type<unknown> | DynamicModule> = [
  MailchimpConnectorModule,
  MailupConnectorModule,
];
