import type { ErrorRequestHandler, Response } from 'express';

export const ERROR_DOC_TYPE = 'https://mailchimp.com/developer/marketing/docs/errors/';

/** A Mailchimp error answer: problem+json with Mailchimp's exact titles (clients branch on them). */
export class MailchimpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors?: Array<{ field: string; message: string }>,
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }

  static notFound(detail = 'The requested resource could not be found.') {
    return new MailchimpProblem(404, 'Resource Not Found', detail);
  }

  static invalidResource(
    detail = "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
    errors?: Array<{ field: string; message: string }>,
  ) {
    return new MailchimpProblem(400, 'Invalid Resource', detail, errors);
  }

  /** A body field is missing or of the wrong type. */
  static field(field: string, message: string) {
    return MailchimpProblem.invalidResource(undefined, [{ field, message }]);
  }

  static methodNotAllowed(detail: string, allow: string) {
    return new MailchimpProblem(405, 'Method Not Allowed', detail, undefined, { Allow: allow });
  }
}

/** Errors that `X-Trigger-Error` can force, by the names Mailchimp's error glossary uses. */
export const TRIGGERABLE_ERRORS: Record<string, { status: number; title: string; detail: string }> = {
  BadRequest: { status: 400, title: 'Bad Request', detail: 'Your request could not be processed.' },
  InvalidAction: {
    status: 400,
    title: 'Invalid Action',
    detail: 'The action requested was not valid for this resource.',
  },
  InvalidResource: {
    status: 400,
    title: 'Invalid Resource',
    detail: 'The resource submitted could not be validated.',
  },
  JSONParseError: {
    status: 400,
    title: 'JSON Parse Exception',
    detail: 'We encountered an unspecified JSON parsing error.',
  },
  APIKeyMissing: {
    status: 401,
    title: 'API Key Missing',
    detail: 'Your request did not include an API key.',
  },
  APIKeyInvalid: {
    status: 401,
    title: 'API Key Invalid',
    detail: 'Your API key may be invalid, or you’ve attempted to access the wrong datacenter.',
  },
  Forbidden: { status: 403, title: 'Forbidden', detail: 'You are not permitted to access this resource.' },
  UserDisabled: { status: 403, title: 'User Disabled', detail: 'This account has been disabled.' },
  WrongDatacenter: {
    status: 403,
    title: 'Wrong Datacenter',
    detail: 'The API key provided is linked to a different datacenter.',
  },
  ResourceNotFound: {
    status: 404,
    title: 'Resource Not Found',
    detail: 'The requested resource could not be found.',
  },
  MethodNotAllowed: {
    status: 405,
    title: 'Method Not Allowed',
    detail: 'The requested method and resource are not compatible.',
  },
  ResourceNestingTooDeep: {
    status: 414,
    title: 'Resource Nesting Too Deep',
    detail: 'The requested resource is nested too deeply.',
  },
  InvalidMethodOverride: {
    status: 422,
    title: 'Invalid Method Override',
    detail: 'You can only use the X-HTTP-Method-Override header with the POST method.',
  },
  TooManyRequests: {
    status: 429,
    title: 'Too Many Requests',
    detail: 'You have exceeded the limit of 10 simultaneous connections.',
  },
  InternalServerError: {
    status: 500,
    title: 'Internal Server Error',
    detail: 'An unexpected internal error has occurred. Please contact Support for more information.',
  },
  ComplianceRelated: { status: 503, title: 'Compliance Related', detail: 'This method has been disabled.' },
};

export function sendProblem(res: Response, problem: MailchimpProblem): void {
  const instance = String(res.locals.requestId ?? '');
  res
    .status(problem.status)
    .set(problem.headers)
    .type('application/problem+json; charset=utf-8')
    .send(
      JSON.stringify({
        type: ERROR_DOC_TYPE,
        title: problem.title,
        status: problem.status,
        detail: problem.detail,
        instance,
        ...(problem.errors ? { errors: problem.errors } : {}),
      }),
    );
}

/** Every error leaves as problem+json; an unexpected one as Mailchimp's 500. */
export const problemHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  if (res.headersSent) return;
  if (error instanceof MailchimpProblem) return sendProblem(res, error);
  if ((error as { type?: string }).type === 'entity.parse.failed')
    return sendProblem(
      res,
      new MailchimpProblem(400, 'JSON Parse Exception', 'We encountered an unspecified JSON parsing error.'),
    );
  const internal = TRIGGERABLE_ERRORS.InternalServerError;
  sendProblem(res, new MailchimpProblem(internal.status, internal.title, internal.detail));
};
