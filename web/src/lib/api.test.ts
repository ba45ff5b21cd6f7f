import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, apiUrl, ApiError, fieldErrors, isApiError, onSessionEnded, setCsrfToken, validationIssues } from './api';

type Call = { url: string; init: RequestInit };

function stubFetch(respond: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  });
  return calls;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
const headersOf = (call: Call | undefined) => (call?.init.headers ?? {}) as Record<string, string>;

describe('API client', () => {
  beforeEach(() => setCsrfToken(undefined));
  afterEach(() => vi.unstubAllGlobals());

  it('builds /api/v1 URLs, repeating array parameters and leaving out empty ones', () => {
    const query = { priority: ['P1', 'P2'], q: 'disk full', assigneeId: 'me', cursor: undefined };
    expect(apiUrl('/incidents', query)).toBe('/api/v1/incidents?priority=P1&priority=P2&q=disk+full&assigneeId=me');
    expect(apiUrl('/me')).toBe('/api/v1/me');
    expect(apiUrl('/x', { a: null, b: false, c: 0 })).toBe('/api/v1/x?b=false&c=0');
  });

  it('sends the CSRF token on writes only, JSON bodies, If-Match and Idempotency-Key', async () => {
    const calls = stubFetch(() => json(200, { ok: true }));
    setCsrfToken('csrf-123');
    await api.get('/me');
    await api.patch('/incidents/1', { title: 'New' }, { ifMatch: 4, idempotencyKey: 'k-1' });
    expect(headersOf(calls[0])['x-csrf-token']).toBeUndefined();
    expect(calls[0]!.init.credentials).toBe('same-origin');
    const patch = headersOf(calls[1]);
    expect(calls[1]!.init.method).toBe('PATCH');
    expect(patch['x-csrf-token']).toBe('csrf-123');
    expect(patch['content-type']).toBe('application/json');
    expect(patch['if-match']).toBe('"4"');
    expect(patch['idempotency-key']).toBe('k-1');
    expect(calls[1]!.init.body).toBe('{"title":"New"}');
  });

  it('sends FormData as is, letting the browser set the multipart boundary', async () => {
    const calls = stubFetch(() => json(201, { id: 'a' }));
    const form = new FormData();
    form.append('file', new Blob(['x'], { type: 'text/plain' }), 'x.txt');
    await api.post('/incidents/1/attachments', form);
    expect(calls[0]!.init.body).toBe(form);
    expect(headersOf(calls[0])['content-type']).toBeUndefined();
  });

  it('returns undefined for 204 and the parsed body otherwise', async () => {
    stubFetch(({ url }) => (url.endsWith('/auth/logout') ? new Response(null, { status: 204 }) : json(200, { user: { id: 'u' } })));
    expect(await api.post('/auth/logout')).toBeUndefined();
    expect(await api.get('/me')).toEqual({ user: { id: 'u' } });
  });

  it('turns the error body into ApiError with status, code, message and details', async () => {
    stubFetch(() => json(409, { error: { code: 'version_conflict', message: 'stale', details: { currentVersion: 3 } } }));
    const err = await api.patch('/incidents/1', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'version_conflict', message: 'stale', details: { currentVersion: 3 } });
    expect(isApiError(err, 'version_conflict')).toBe(true);
    expect(isApiError(err, 'not_found')).toBe(false);
  });

  it('reports an unreachable server and a non-JSON answer with client codes', async () => {
    stubFetch(() => Promise.reject(new TypeError('Failed to fetch')));
    await expect(api.get('/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } }));
    await expect(api.get('/me')).rejects.toMatchObject({ status: 502, code: 'unexpected_response' });
  });

  it('tells listeners when the server answers 401, and stops when they unsubscribe', async () => {
    stubFetch(() => json(401, { error: { code: 'unauthenticated', message: 'Sign in' } }));
    const ended = vi.fn();
    const off = onSessionEnded(ended);
    await api.get('/incidents').catch(() => undefined);
    expect(ended).toHaveBeenCalledTimes(1);
    off();
    await api.get('/incidents').catch(() => undefined);
    expect(ended).toHaveBeenCalledTimes(1);
  });
});

describe('validation errors to form fields', () => {
  const failed = (details: unknown) => new ApiError(400, 'validation_failed', 'The request is not valid', details);

  it('maps paths without their request location, first message per field', () => {
    const err = failed([
      { path: 'body.title', message: 'Too small: expected string to have >=1 characters' },
      { path: 'body.title', message: 'second message' },
      { path: 'custom.site', message: 'is required' },
      { path: 'querystring.limit', message: 'Too big' },
      { path: 'body.watchers.0', message: 'is not an active user' },
    ]);
    expect(fieldErrors(err)).toEqual({
      title: 'Too small: expected string to have >=1 characters',
      'custom.site': 'is required',
      limit: 'Too big',
      'watchers.0': 'is not an active user',
    });
  });

  it('accepts a single issue object and ignores anything that is not a validation error', () => {
    expect(fieldErrors(failed({ path: 'body.file' }))).toEqual({ file: 'is not valid' });
    expect(validationIssues(failed(undefined))).toEqual([]);
    expect(fieldErrors(new ApiError(409, 'conflict', 'x', [{ path: 'title', message: 'm' }]))).toEqual({});
    expect(fieldErrors(new Error('boom'))).toEqual({});
    expect(fieldErrors(null)).toEqual({});
  });
});
