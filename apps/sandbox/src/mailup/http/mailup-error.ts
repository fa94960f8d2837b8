import type { ErrorRequestHandler, Response } from 'express';

/**
 * A MailUp error answer: `{ErrorCode, ErrorDescription, ErrorName, ErrorStack}`, the code a string
 * (clients branch on it). Thrown by routes and middleware, written by `mailupErrorHandler`.
 */
export class MailupError extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
    readonly errorName: string | null,
  ) {
    super(description);
  }

  static badRequest(description: string) {
    return new MailupError(400, description, 'BadRequest');
  }

  static unauthorized(description: string) {
    return new MailupError(401, `Authorization error: ${description}`, 'Unauthorized');
  }

  static tokenExpired() {
    return MailupError.unauthorized('Access token is expired');
  }

  static notAdministrator() {
    return new MailupError(
      403,
      'Authorization error: the user is not an administrator of this account',
      'Forbidden',
    );
  }

  static notFound(description: string) {
    return new MailupError(404, description, 'NotFound');
  }

  /** MailUp's throttle answer; `actual` counts the calls of the current second, this one included. */
  static tooManyRequests(max: number, actual: number) {
    return new MailupError(
      429,
      `Authorization error (too_many_requests): Too many requests. Max:${max} calls per second , actual:${actual}.`,
      null,
    );
  }

  static internal() {
    return new MailupError(500, 'Internal server error', 'InternalServerError');
  }

  static unavailable() {
    return new MailupError(503, 'Service temporarily unavailable, please retry later', 'ServiceUnavailable');
  }
}

export function sendMailupError(res: Response, error: MailupError): void {
  res.status(error.status).json({
    ErrorCode: String(error.status),
    ErrorDescription: error.description,
    ErrorName: error.errorName,
    ErrorStack: null,
  });
}

/** Every error leaves in MailUp's shape; an unexpected one as a 500. */
export const mailupErrorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (res.headersSent) return;
  if (error instanceof MailupError) return sendMailupError(res, error);
  if ((error as { type?: string }).type === 'entity.parse.failed')
    return sendMailupError(res, MailupError.badRequest('The request body is not valid JSON'));
  sendMailupError(res, MailupError.internal());
};
