import type { ErrorBody, ErrorCode } from '@vigil/shared';

/** Everything the web app asks the server goes through this client: `/api/v1`, cookie session, CSRF header, one error type. */

export const apiBase = '/api/v1';

/** Codes the client adds to the server's: the request never got an answer, or the answer was not the API's. */
export type ClientErrorCode = 'network_error' | 'unexpected_response';

export type FieldIssue = { path: string; message: string };

/** An error answer of the API (`{ error: { code, message, details } }`), or a failure to reach it. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  readonly details: unknown;

  constructor(status: number, code: ErrorCode | ClientErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** True when `err` is an ApiError, optionally with one of the given codes. */
export function isApiError(err: unknown, ...codes: (ErrorCode | ClientErrorCode)[]): err is ApiError {
  return err instanceof ApiError && (codes.length === 0 || codes.includes(err.code));
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

export type RequestOptions = {
  query?: Record<string, QueryValue>;
  /** JSON-serialised, or sent as is when FormData (uploads). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The version an edit is based on; sent as `If-Match: "<version>"`. */
  ifMatch?: number | string;
  /** Makes a create safe to retry (`Idempotency-Key`). */
  idempotencyKey?: string;
};

let csrfToken: string | undefined;
const sessionEndedListeners = new Set<() => void>();

/** Remembers the CSRF token of the cookie session (from login or GET /me); sent with every write. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called when the server answers 401 to a signed-in request: the session expired or was ended elsewhere. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

/** Builds `/api/v1<path>?query`; arrays repeat the parameter, null/undefined are left out. */
export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, String(v));
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `${apiBase}${path}${qs ? `?${qs}` : ''}`;
}

const safeMethods = new Set(['GET', 'HEAD']);

/** Sends one request to the API and returns its JSON body (undefined for 204); throws ApiError otherwise. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (!safeMethods.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (opts.ifMatch !== undefined) headers['if-match'] = `"${opts.ifMatch}"`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, opts.query), { method, headers, body, credentials: 'same-origin', signal: opts.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server could not be reached');
  }
  if (response.status === 204) return undefined as T;
  const parsed = await readJson(response);
  if (response.ok) {
    if (parsed === noJson) throw new ApiError(response.status, 'unexpected_response', 'The server sent an answer that is not JSON');
    return parsed as T;
  }
  const error = toApiError(response.status, parsed);
  if (error.code === 'unauthenticated') for (const listener of sessionEndedListeners) listener();
  throw error;
}

const noJson = Symbol('no-json');

async function readJson(response: Response): Promise<unknown> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) return noJson;
  try {
    return await response.json();
  } catch {
    return noJson;
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const error = (body as Partial<ErrorBody> | null)?.error;
  if (body !== noJson && error && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code, error.message, error.details);
  }
  return new ApiError(status, 'unexpected_response', `The server answered ${status}`);
}

/** The typed verbs; feature modules wrap them in named functions (`features/<domain>/<domain>.api.ts`). */
export const api = {
  get: <T>(path: string, opts?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T = void>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
};

const locationPrefix = /^(body|querystring|params|headers)\./;

/** The `[{ path, message }]` of a validation_failed error (also accepts a single issue); [] for any other error. */
export function validationIssues(err: unknown): FieldIssue[] {
  if (!isApiError(err, 'validation_failed')) return [];
  const raw = Array.isArray(err.details) ? err.details : err.details ? [err.details] : [];
  return raw
    .filter((d): d is { path: unknown; message?: unknown } => typeof d === 'object' && d !== null && 'path' in d)
    .map((d) => ({ path: String(d.path), message: typeof d.message === 'string' ? d.message : 'is not valid' }));
}

/**
 * Maps a validation_failed error to form fields: `{ title: 'is required', 'custom.site': '...' }`.
 * The request location (`body.`, `querystring.`) is dropped; the first message per field wins.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of validationIssues(err)) {
    const field = issue.path.replace(locationPrefix, '');
    if (field && !(field in out)) out[field] = issue.message;
  }
  return out;
}
