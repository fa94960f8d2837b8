import { Module } from '@nestjs/common';
import { MailupConnector } from './mailup.connector';
import { MailupEndpoints } from './mailup-endpoints';

/** The MailUp connector plugin; the framework's registry finds it at boot. */
@Module({
  providers: [MailupEndpoints, MailupConnector],
  exports: [MailupConnector, MailupEndpoints],
})
export class MailupConnectorModule {}
