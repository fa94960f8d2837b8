import { Body, Controller, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { Actor, AuthService, CurrentUserView, LoginResult, UsersService } from '@crm/core';
import { AuthenticatedRequest, CurrentActor, Public } from '../auth/auth.decorators';
import { LoginDto } from './login.dto';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({
    description: '`{token, expiresAt, user}`; send the token as `Authorization: Bearer <token>`',
  })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password, or the user is deactivated' })
  login(@Body() dto: LoginDto): Promise<LoginResult> {
    return this.auth.login(dto);
  }

  /** Ends the session whose token made this request (an API key is revoked under /api-keys instead). */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  logout(@Req() request: AuthenticatedRequest): Promise<void> {
    return this.auth.logout(request.bearerToken!);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiOkResponse({ description: 'The signed-in user with profile, team ids and tenant' })
  me(@CurrentActor() actor: Actor): Promise<CurrentUserView> {
    return this.users.me(actor);
  }
}
