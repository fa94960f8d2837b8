/**
 * Errors that services throw; one exception filter (http/) maps them to HTTP.
 * Messages are safe to show to users: never include secrets or whole payloads.
 */
export interface FieldProblem {
  /** Dotted path of the offending input field, e.g. `emails.0.email` or `custom.birthday`. */
  field: string;
  reason: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly resource: string,
    readonly id?: string,
  ) {
    super(id ? `${resource} ${id} not found` : `${resource} not found`);
  }
}

export class ValidationFailedError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.reason}`).join('; '));
  }

  static field(field: string, reason: string): ValidationFailedError {
    return new ValidationFailedError([{ field, reason }]);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}

export class UnauthorizedError extends DomainError {
  readonly code = 'UNAUTHORIZED';
}

/** Collects field problems while validating a whole input, then throws them together. */
export class ProblemCollector {
  private readonly problems: FieldProblem[] = [];

  add(field: string, reason: string): void {
    this.problems.push({ field, reason });
  }

  get isEmpty(): boolean {
    return this.problems.length === 0;
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw new ValidationFailedError([...this.problems]);
  }
}
