import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ConflictError,
  DomainError,
  FieldProblem,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  ValidationFailedError,
} from '../errors/domain-errors';
import { RequestValidationError } from './validation';

/** The error body every endpoint returns. A 4xx names the field at fault in `errors`. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldProblem[];
}

function fromDomain(error: DomainError): ErrorBody {
  if (error instanceof ValidationFailedError)
    return { statusCode: 400, error: 'Bad Request', message: 'Validation failed', errors: error.problems };
  if (error instanceof NotFoundError) return { statusCode: 404, error: 'Not Found', message: error.message };
  if (error instanceof ConflictError)
    return {
      statusCode: 409,
      error: 'Conflict',
      message: error.message,
      errors: error.field ? [{ field: error.field, reason: error.message }] : undefined,
    };
  if (error instanceof ForbiddenError) return { statusCode: 403, error: 'Forbidden', message: error.message };
  if (error instanceof UnauthorizedError)
    return { statusCode: 401, error: 'Unauthorized', message: error.message };
  return { statusCode: 400, error: 'Bad Request', message: error.message };
}

function fromHttp(error: HttpException): ErrorBody {
  const status = error.getStatus();
  if (error instanceof RequestValidationError)
    return { statusCode: status, error: 'Bad Request', message: 'Validation failed', errors: error.problems };
  const response = error.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : Array.isArray((response as { message?: unknown }).message)
        ? (response as { message: string[] }).message.join('; ')
        : String((response as { message?: unknown }).message ?? error.message);
  return { statusCode: status, error: HttpStatus[status]?.replace(/_/g, ' ') ?? 'Error', message };
}

/** The one place where errors become HTTP responses. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const response = context.getResponse<Response>();
    const request = context.getRequest<Request>();
    let body: ErrorBody;
    if (exception instanceof DomainError) body = fromDomain(exception);
    else if (exception instanceof HttpException) body = fromHttp(exception);
    else if (isBodyParserError(exception))
      body = { statusCode: 400, error: 'Bad Request', message: 'Malformed request body' };
    else {
      this.logger.error(`Unhandled error on ${request.method} ${request.path}: ${describeError(exception)}`);
      body = { statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
    }
    response.status(body.statusCode).json(body);
  }
}

function isBodyParserError(error: unknown): boolean {
  return (
    typeof error === 'object' && error !== null && (error as { type?: string }).type === 'entity.parse.failed'
  );
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
}
