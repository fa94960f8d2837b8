import type { DynamicModule, Type } from '@nestjs/common';
import { MailchimpConnectorModule } from './mailchimp';

export {
  MailchimpConnectorModule,
  MailchimpConnector,
  mailchimpManifest,
  MAILCHIMP_CONNECTOR_KEY,
} from './mailchimp';

/**
 * Every connector plugin the product ships. Each lives in its own folder (libs/connectors/<key>)
 * and is a Nest module providing one @ConnectorPlugin class; both apps load this list.
 */
export const connectorModules: Array<Type<unknown> | DynamicModule> = [MailchimpConnectorModule];
