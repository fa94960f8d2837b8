import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { WebhookReceiver } from '@crm/connector-sdk';
import { Public } from '../auth/auth.decorators';

/**
 * Vendor webhooks. Public (vendors send no bearer token): the secret token in the path is
 * checked instead. Kept out of the OpenAPI document — it is the vendors' API, not ours.
 */
@ApiExcludeController()
@Public()
@Controller('webhooks/:key/:installationId/:token')
export class WebhooksController {
  constructor(private readonly receiver: WebhookReceiver) {}

  @Get()
  async validate(
    @Param('key') key: string,
    @Param('installationId') installationId: string,
    @Param('token') token: string,
  ) {
    await this.receiver.validate(key, installationId, token);
    return { ok: true };
  }

  @Post()
  @HttpCode(200)
  receive(
    @Param('key') key: string,
    @Param('installationId') installationId: string,
    @Param('token') token: string,
    @Body() body: unknown,
    @Headers('content-type') contentType?: string,
  ) {
    return this.receiver.receive(key, installationId, token, body, contentType);
  }
}
