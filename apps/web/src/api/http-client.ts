/** One problem with one field, as the API's 4xx bodies name them (`errors: [{field, reason}]`). */
export interface FieldProblem {
  field: string;
  reason: string;
}

/** The error body every API endpoint returns. */
interface ErrorBody {
  statusCode?: number;
  message?: string;
  errors?: FieldProblem[];
}

/** A failed API call: the HTTP status, the API's message and its per-field problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldProblems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The reasons given for one field (and its sub-fields, such as `profileIds.0`). */
  reasonsFor(field: string): string[] {
    return this.fieldProblems
      .filter((problem) => problem.field === field || problem.field.startsWith(`${field}.`))
      .map((problem) => problem.reason);
  }
}

/** The network failed before the API answered (server down, connection dropped). */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
}

interface ClientHooks {
  /** The bearer token of the signed-in user, if any. */
  token: () => string | null;
  /** Called when the API no longer accepts the token (expired, signed out elsewhere). */
  onUnauthorized: () => void;
}

let hooks: ClientHooks = { token: () => null, onUnauthorized: () => undefined };

/** The session layer plugs in here, so the client does not depend on React. */
export function configureApiClient(next: ClientHooks): void {
  hooks = next;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return `/api${path}${search ? `?${search}` : ''}`;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: ErrorBody = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // Not JSON (a proxy's error page): the status line is all there is.
  }
  return new ApiError(response.status, body.message ?? response.statusText, body.errors ?? []);
}

/** Calls `/api<path>` with the session's bearer token; resolves with the JSON answer. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = hooks.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && token) hooks.onUnauthorized();
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
