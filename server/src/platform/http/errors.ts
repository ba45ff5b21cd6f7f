import { errorCodes, type ErrorBody, type ErrorCode } from '@vigil/shared';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_ERR_BAD_URL: 'bad_request',
};

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(errorCodes[code]).header('cache-control', 'no-store').send(body);
}

/** Maps every error to the one error shape; anything unexpected is a 500 with no internals in the body. */
export function errorHandler(error: FastifyError | AppError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) return sendError(reply, error.code, error.message, error.details);
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => ({
      path: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message,
    }));
    return sendError(reply, 'validation_failed', 'The request is not valid: ' + details.map((d) => `${d.path}: ${d.message}`).join('; '), details);
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error }, 'response did not match its schema');
    return sendError(reply, 'internal', 'Internal error');
  }
  const fe = error as FastifyError;
  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped) return sendError(reply, mapped, fe.message);
  if (fe.statusCode === 429) return sendError(reply, 'rate_limited', 'Too many requests, slow down');
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return sendError(reply, 'bad_request', fe.message);
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'database unavailable');
    return sendError(reply.header('retry-after', '5'), 'unavailable', 'The database is not reachable; try again shortly');
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendError(reply, 'internal', 'Internal error');
}

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ECONNREFUSED' || code === '57P01' || code === '57P03' || code === '08006' || code === '08001';
}
