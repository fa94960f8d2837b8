import { Module } from '@nestjs/common';
import { MailchimpConnector } from './mailchimp.connector';
import { MailchimpEndpoints } from './mailchimp-endpoints';

/** The Mailchimp connector plugin; the framework's registry finds it at boot. */
@Module({
  providers: [MailchimpEndpoints, MailchimpConnector],
  exports: [MailchimpConnector, MailchimpEndpoints],
})
export class MailchimpConnectorModule {}
