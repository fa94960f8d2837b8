import { Body, Controller, Delete, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Actor, SmtpAccountService, SmtpAccountView } from '@crm/core';
import { CurrentActor } from '../auth/auth.decorators';
import { PutSmtpAccountDto } from './put-smtp-account.dto';

/** The signed-in user's own SMTP account; the password goes in and never comes out. */
@ApiTags('me')
@ApiBearerAuth()
@Controller('me/smtp-account')
export class SmtpAccountController {
  constructor(private readonly accounts: SmtpAccountService) {}

  @Get()
  @ApiNotFoundResponse({ description: 'No SMTP account configured yet' })
  get(@CurrentActor() actor: Actor): Promise<SmtpAccountView> {
    return this.accounts.get(actor);
  }

  @Put()
  put(@CurrentActor() actor: Actor, @Body() dto: PutSmtpAccountDto): Promise<SmtpAccountView> {
    return this.accounts.put(actor, dto);
  }

  @Delete()
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor): Promise<void> {
    return this.accounts.remove(actor);
  }
}
