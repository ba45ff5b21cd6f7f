import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Deps } from '../../platform/context.js';

/** How long a one-click acknowledge link works. */
export const ACK_LINK_TTL_MS = 24 * 60 * 60 * 1000;

const VERSION = 1;
const BODY_BYTES = 1 + 16 + 16 + 4 + 8;
const MAC_BYTES = 32;
const TOKEN_BYTES = BODY_BYTES + MAC_BYTES;
/** 77 bytes in base64url: short enough for the router's 200-character path parameters. */
export const ACK_TOKEN_LENGTH = Math.ceil((TOKEN_BYTES * 4) / 3);

const uuidToBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const bytesToUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

/** A key of its own for these links, derived from the instance secret (which also signs cookies). */
function linkKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('vigil/ack-link/v1').digest();
}

/**
 * Signs a one-click acknowledge token: version, incident, user, expiry (seconds) and a random nonce,
 * then HMAC-SHA256 over them; base64url. The nonce makes every page's link distinct, so a link used
 * once does not spend the links of later pages.
 */
export function signAckToken(secret: string, claims: { incidentId: string; userId: string; expiresAt: Date }): string {
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(VERSION, 0);
  uuidToBytes(claims.incidentId).copy(body, 1);
  uuidToBytes(claims.userId).copy(body, 17);
  body.writeUInt32BE(Math.floor(claims.expiresAt.getTime() / 1000), 33);
  randomBytes(8).copy(body, 37);
  const mac = createHmac('sha256', linkKey(secret)).update(body).digest();
  return Buffer.concat([body, mac]).toString('base64url');
}

export type AckTokenCheck =
  | { ok: true; incidentId: string; userId: string; expiresAt: Date; hash: string }
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks a token's form, signature (constant time) and expiry. `hash` (SHA-256 of the token bytes)
 * is what the single-use record stores; only canonical encodings are accepted, so one token has
 * exactly one spelling.
 */
export function verifyAckToken(secret: string, token: string, now: Date): AckTokenCheck {
  if (token.length !== ACK_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) return { ok: false, reason: 'invalid' };
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== TOKEN_BYTES || bytes.toString('base64url') !== token || bytes.readUInt8(0) !== VERSION) return { ok: false, reason: 'invalid' };
  const body = bytes.subarray(0, BODY_BYTES);
  const expected = createHmac('sha256', linkKey(secret)).update(body).digest();
  if (!timingSafeEqual(expected, bytes.subarray(BODY_BYTES))) return { ok: false, reason: 'invalid' };
  const expiresAt = new Date(body.readUInt32BE(33) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    incidentId: bytesToUuid(body.subarray(1, 17)),
    userId: bytesToUuid(body.subarray(17, 33)),
    expiresAt,
    hash: createHash('sha256').update(bytes).digest('hex'),
  };
}

/** The signed one-click acknowledge link for this person and incident, valid for 24 hours from now. */
export function ackUrlFor(incidentId: string, userId: string, deps: Pick<Deps, 'config' | 'clock'>): string {
  const token = signAckToken(deps.config.secret, { incidentId, userId, expiresAt: new Date(deps.clock.now().getTime() + ACK_LINK_TTL_MS) });
  return `${deps.config.baseUrl}/ack/${token}`;
}
