import { AppError } from '../../platform/errors.js';

/** An opaque page cursor: the sort values of the last row, base64url-encoded JSON. */
export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

/** The values of a cursor this server issued; anything else is a 400 naming the parameter. */
export function decodeCursor(cursor: string, param: string, check: (values: unknown[]) => boolean): unknown[] {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (!Array.isArray(values) || !check(values)) {
    throw new AppError('validation_failed', `${param} is not a cursor of this listing`, [{ path: `querystring.${param}`, message: 'is not a valid cursor' }]);
  }
  return values;
}

const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2}){0,2}|Z)$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A timestamp as PostgreSQL's to_json prints it, safe to cast back with ::timestamptz. */
export const isTimestampKey = (v: unknown): v is string => typeof v === 'string' && timestampPattern.test(v) && !Number.isNaN(Date.parse(v));
export const isUuid = (v: unknown): v is string => typeof v === 'string' && uuidPattern.test(v);
