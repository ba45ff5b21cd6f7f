import type { ErrorBody, PortalChallenge, PortalForm, PortalReportCreated, PortalReportInput, PortalStatus } from '@vigil/shared';
import { ApiError, apiBase } from '../../lib/api';

/**
 * The public portal's calls. A guest has no account: requests go without cookies (`credentials: 'omit'`),
 * so a person who happens to be signed in on this browser never sends a report under their session.
 */
async function portalRequest<T>(method: 'GET' | 'POST', path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, {
      method,
      credentials: 'omit',
      cache: 'no-store',
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server could not be reached');
  }
  let parsed: unknown = undefined;
  if ((response.headers.get('content-type') ?? '').includes('json')) parsed = await response.json().catch(() => undefined);
  if (response.ok && parsed !== undefined) return parsed as T;
  const error = (parsed as Partial<ErrorBody> | undefined)?.error;
  if (error && typeof error.code === 'string') {
    const retryAfter = Number(response.headers.get('retry-after'));
    const details = error.code === 'rate_limited' && Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter, ...(error.details as object | undefined) } : error.details;
    throw new ApiError(response.status, error.code, error.message, details);
  }
  throw new ApiError(response.status, 'unexpected_response', `The server answered ${response.status}`);
}

const slugPath = (slug: string) => `/portal/${encodeURIComponent(slug)}`;

/** GET /portal/{slug}: the form of an enabled link. */
export const getPortalForm = (slug: string, signal?: AbortSignal) => portalRequest<PortalForm>('GET', slugPath(slug), undefined, signal);

/** GET /portal/{slug}/challenge: a proof-of-work challenge for one report. */
export const getPortalChallenge = (slug: string, signal?: AbortSignal) => portalRequest<PortalChallenge>('GET', `${slugPath(slug)}/challenge`, undefined, signal);

/** POST /portal/{slug}/reports: the guest's report with the solved challenge. */
export const sendPortalReport = (slug: string, body: PortalReportInput) => portalRequest<PortalReportCreated>('POST', `${slugPath(slug)}/reports`, body);

/** GET /portal/status/{token}: the state of a guest's report and its public comments. */
export const getPortalStatus = (token: string, signal?: AbortSignal) => portalRequest<PortalStatus>('GET', `/portal/status/${encodeURIComponent(token)}`, undefined, signal);
