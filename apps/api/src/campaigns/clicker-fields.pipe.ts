import { Injectable, PipeTransform, Type } from '@nestjs/common';
import type { ClickerModule } from '@crm/core';
import { createValidationPipe, RequestValidationError } from '@crm/platform';
import { UpdateContactDto } from '../records/contact.dto';
import { UpdateLeadDto } from '../records/lead.dto';
import { UpdateOrganizationDto } from '../records/organization.dto';
import type { ClickerMassEditDto } from './campaign-clickers.dto';

const UPDATE_DTOS: Record<ClickerModule, Type<object>> = {
  leads: UpdateLeadDto,
  organizations: UpdateOrganizationDto,
  contacts: UpdateContactDto,
};

/**
 * Checks a mass edit's `fields` against the update DTO of its module, as `PATCH /api/{module}/:id`
 * checks its body, naming problems `fields.<name>`. Runs after the global pipe, which has checked
 * `module`.
 */
@Injectable()
export class ClickerFieldsPipe implements PipeTransform<ClickerMassEditDto, Promise<ClickerMassEditDto>> {
  async transform(body: ClickerMassEditDto): Promise<ClickerMassEditDto> {
    const metatype = UPDATE_DTOS[body.module];
    try {
      const fields = (await createValidationPipe(metatype).transform(body.fields, {
        type: 'body',
        metatype,
      })) as Record<string, unknown>;
      return Object.assign(body, { fields: { ...fields } });
    } catch (error) {
      if (!(error instanceof RequestValidationError)) throw error;
      throw new RequestValidationError(
        error.problems.map((problem) => ({ ...problem, field: `fields.${problem.field}` })),
      );
    }
  }
}
