/** Making an inbound body storable: PostgreSQL's jsonb holds no NUL character, and keys must not be stored. */

export const REDACTED = '[redacted]';
/** Deeper bodies are refused: no sender nests this far, and jsonb and the parsers would pay for it. */
export const MAX_PAYLOAD_DEPTH = 64;

export class PayloadTooDeepError extends Error {
  constructor() {
    super(`The body nests deeper than ${MAX_PAYLOAD_DEPTH} levels`);
  }
}

const keyFields = new Set(['routing_key', 'service_key', 'integration_key']);

/**
 * A copy of a parsed JSON body fit to store: every occurrence of a secret (the integration key) in
 * a string is replaced by "[redacted]", as is any value under routing_key/service_key/integration_key;
 * NUL characters become U+FFFD. Throws PayloadTooDeepError past MAX_PAYLOAD_DEPTH.
 */
export function storablePayload(value: unknown, secrets: readonly string[]): unknown {
  const clean = (s: string): string => {
    let out = s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s;
    for (const secret of secrets) if (secret && out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    return out;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_PAYLOAD_DEPTH) throw new PayloadTooDeepError();
    if (typeof v === 'string') return clean(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        const key = clean(k);
        out[key] = keyFields.has(k) && x !== null && x !== undefined ? REDACTED : walk(x, depth + 1);
      }
      return out;
    }
    return v;
  };
  return walk(value, 0);
}
