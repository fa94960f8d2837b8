import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { PinoLogger } from 'nestjs-pino';
import { UnauthorizedError } from '@crm/platform';
import { assertAdmin, assertModuleAccess, AuthService, CrmModule } from '@crm/core';
import { ADMIN_ONLY, AuthenticatedRequest, IS_PUBLIC, REQUIRED_MODULE } from './auth.decorators';

/**
 * Global guard: every route needs `Authorization: Bearer <session token or API key>` unless
 * marked @Public(). It also enforces @RequiresModule and @AdminOnly from the actor's profile.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly logger: PinoLogger,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedError('Missing bearer token');
    const actor = await this.auth.authenticate(match[1]);
    request.actor = actor;
    request.bearerToken = match[1];
    this.logger.assign({ tenantId: actor.tenantId, userId: actor.userId });

    if (this.reflector.getAllAndOverride<boolean>(ADMIN_ONLY, targets)) assertAdmin(actor);
    const module = this.reflector.getAllAndOverride<CrmModule | undefined>(REQUIRED_MODULE, targets);
    if (module) assertModuleAccess(actor, module);
    return true;
  }
}
