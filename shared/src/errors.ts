/** Stable error codes of the API. The UI and API clients switch on these; the server maps each to one HTTP status. */
export const errorCodes = {
  validation_failed: 400,
  bad_request: 400,
  invalid_json: 400,
  url_not_allowed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  insufficient_scope: 403,
  not_found: 404,
  gone: 410,
  method_not_allowed: 405,
  conflict: 409,
  version_conflict: 409,
  already_exists: 409,
  invalid_transition: 409,
  precondition_required: 428,
  guard_failed: 422,
  unprocessable: 422,
  justification_required: 422,
  delay_reason_required: 422,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  login_throttled: 429,
  too_many_streams: 429,
  proof_required: 400,
  proof_invalid: 400,
  proof_expired: 400,
  proof_reused: 409,
  submitted_too_fast: 422,
  spam_suspected: 422,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** The one error body the API returns. */
export type ErrorBody = { error: { code: ErrorCode; message: string; details?: unknown } };
