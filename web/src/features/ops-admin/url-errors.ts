import { fieldErrors, isApiError } from '../../lib/api';

/** Field errors of a validation_failed answer, plus the URL a `url_not_allowed` answer refused (outbound SSRF check). */
export function destinationErrors(err: unknown): Record<string, string> {
  const out = fieldErrors(err);
  if (isApiError(err, 'url_not_allowed') && Array.isArray(err.details)) {
    for (const d of err.details as { path?: unknown; message?: unknown }[]) {
      const path = typeof d.path === 'string' ? d.path.replace(/^body\./, '') : 'url';
      if (!(path in out)) out[path] = typeof d.message === 'string' ? d.message : err.message;
    }
    if (!('url' in out)) out.url = err.message;
  }
  return out;
}
