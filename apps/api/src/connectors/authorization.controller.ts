import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@crm/platform';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  CredentialsAuthorizationService,
  InstallationHealthService,
  OAuthAuthorizationService,
} from '@crm/connector-sdk';
import type { Actor } from '@crm/core';
import { AdminOnly, CurrentActor, Public } from '../auth/auth.decorators';
import { SubmitCredentialsDto } from './submit-credentials.dto';

/**
 * The origin the vendor sends the browser back to: PUBLIC_URL when the API sits behind a proxy
 * or another host name, else the origin this request came in on.
 */
function publicBaseUrl(config: AppConfig, request: Request): string {
  return config.http.publicUrl ?? `${request.protocol}://${request.get('host')}`;
}

/** Connecting an installation to its vendor account: OAuth 2, credentials, and health checks. */
@ApiTags('Installations')
@Controller()
export class AuthorizationController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly oauth: OAuthAuthorizationService,
    private readonly credentials: CredentialsAuthorizationService,
    private readonly health: InstallationHealthService,
  ) {}

  /**
   * Sends the admin to the vendor's consent page (302). A JSON client (Accept: application/json)
   * gets `{url}` instead, so a single-page app can navigate itself.
   */
  @Get('installations/:id/authorize')
  @ApiBearerAuth()
  @AdminOnly()
  async authorize(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const { url } = await this.oauth.begin(actor, id, publicBaseUrl(this.config, request));
    if (request.accepts(['text/html', 'application/json']) === 'application/json') response.json({ url });
    else response.redirect(302, url);
  }

  /** The vendor's redirect back: public (no bearer token); the single-use state names tenant and user. */
  @Get('oauth/:key/callback')
  @Public()
  @ApiExcludeEndpoint()
  async callback(
    @Param('key') key: string,
    @Query() query: Record<string, unknown>,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    response.redirect(302, await this.oauth.complete(key, query, publicBaseUrl(this.config, request)));
  }

  /** Connects a credentials-based connector; the answer is the installation, never the credentials. */
  @Post('installations/:id/credentials')
  @ApiBearerAuth()
  @AdminOnly()
  @HttpCode(200)
  submitCredentials(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Body() body: SubmitCredentialsDto,
  ) {
    return this.credentials.submit(actor, id, body.fields);
  }

  /** Asks the vendor now whether the stored credentials still work. */
  @Post('installations/:id/health-check')
  @ApiBearerAuth()
  @AdminOnly()
  @HttpCode(200)
  @ApiOkResponse({
    description: 'healthy, needs_reauthorization, or inconclusive (vendor down or throttling)',
  })
  checkHealth(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.health.check(actor, id);
  }
}
