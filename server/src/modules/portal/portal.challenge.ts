import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { leadingZeroBits, proofInput } from '@vigil/shared';
import { AppError } from '../../platform/errors.js';

/** What a challenge token carries, signed: which link, how hard, and when it was issued and expires. */
export type ChallengeClaims = { nonce: string; linkId: string; difficulty: number; issuedAt: number; expiresAt: number };

const keyFor = (secret: string) => createHmac('sha256', secret).update('vigil portal challenge v1').digest();
const sign = (secret: string, payload: string) => createHmac('sha256', keyFor(secret)).update(payload).digest('base64url');

/** Issues a stateless challenge: random nonce, claims and an HMAC over them; nothing is stored until it is spent. */
export function issueChallenge(secret: string, claims: Omit<ChallengeClaims, 'nonce'>): { token: string; claims: ChallengeClaims } {
  const full: ChallengeClaims = { nonce: randomBytes(16).toString('base64url'), ...claims };
  const payload = Buffer.from(JSON.stringify([1, full.nonce, full.linkId, full.difficulty, full.issuedAt, full.expiresAt])).toString('base64url');
  return { token: `${payload}.${sign(secret, payload)}`, claims: full };
}

const invalid = (why: string) => new AppError('proof_invalid', `The proof of work is not valid: ${why}`);

/**
 * Checks a solved challenge: our signature, this link, not expired, and enough leading zero bits of
 * SHA-256("<nonce>:<counter>"). Whether it was used before is the caller's check (it needs the database).
 */
export function verifyChallenge(secret: string, token: string, counter: number, linkId: string, now: number): ChallengeClaims {
  const [payload, mac, ...rest] = token.split('.');
  if (!payload || !mac || rest.length > 0) throw invalid('malformed challenge');
  const expected = Buffer.from(sign(secret, payload));
  const given = Buffer.from(mac);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('the challenge was not issued here');
  let claims: ChallengeClaims;
  try {
    const [version, nonce, link, difficulty, issuedAt, expiresAt] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as [number, string, string, number, number, number];
    if (version !== 1) throw new Error('version');
    claims = { nonce, linkId: link, difficulty, issuedAt, expiresAt };
  } catch {
    throw invalid('malformed challenge');
  }
  if (claims.linkId !== linkId) throw invalid('the challenge belongs to another form');
  if (claims.expiresAt <= now) throw new AppError('proof_expired', 'The challenge has expired; fetch a new one');
  const digest = createHash('sha256').update(proofInput(claims.nonce, counter)).digest();
  if (leadingZeroBits(digest) < claims.difficulty) throw invalid('the counter does not solve the challenge');
  return claims;
}
