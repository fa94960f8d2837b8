import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, CrmModule } from '@crm/core';

export const IS_PUBLIC = 'crm:public';
export const REQUIRED_MODULE = 'crm:module';
export const ADMIN_ONLY = 'crm:admin-only';

/** The route needs no bearer token (sign-in, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The actor's profile must include this module (administrators always pass). */
export const RequiresModule = (module: CrmModule): MethodDecorator & ClassDecorator =>
  SetMetadata(REQUIRED_MODULE, module);

/** Only administrators (users, profiles, teams, picklists, custom fields). */
export const AdminOnly = (): MethodDecorator & ClassDecorator => SetMetadata(ADMIN_ONLY, true);

export interface AuthenticatedRequest {
  actor?: Actor;
  bearerToken?: string;
}

/** The authenticated actor of the request; the guard guarantees it is there. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  return request.actor!;
});
