import { BadRequestException, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldProblem } from '../errors/domain-errors';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({
      field,
      // class-validator phrases messages as "<property> must …"; keep the reason part only.
      reason: reason.startsWith(`${error.property} `) ? reason.slice(error.property.length + 1) : reason,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export class RequestValidationError extends BadRequestException {
  constructor(readonly problems: FieldProblem[]) {
    super({ message: 'Validation failed', problems });
  }
}

/**
 * Validated DTOs in: unknown fields rejected, types converted explicitly, every problem named.
 * `expectedType` is for bodies whose class is only known at runtime (generic controllers).
 */
export function createValidationPipe(expectedType?: Type<unknown>): ValidationPipe {
  return new ValidationPipe({
    expectedType,
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
}
