import { solveChallenge } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { issueChallenge, verifyChallenge } from './portal.challenge.js';
import { addressBucket } from './portal.policy.js';

const secret = 'test-secret-test-secret-test-secret-0123';
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return err instanceof AppError ? err.code : String(err);
  }
};

describe('proof-of-work challenge', () => {
  const now = Date.UTC(2026, 0, 15, 9);
  const issue = (over: Partial<{ linkId: string; difficulty: number; expiresAt: number }> = {}) =>
    issueChallenge(secret, { linkId: 'link-a', difficulty: 10, issuedAt: now, expiresAt: now + 60_000, ...over });

  it('accepts the counter solveChallenge finds, and names the claims it was issued with', async () => {
    const { token, claims } = issue();
    const counter = await solveChallenge(claims.nonce, claims.difficulty);
    expect(verifyChallenge(secret, token, counter, 'link-a', now + 1000)).toEqual(claims);
  });

  it('refuses a wrong counter, another link, a forged or altered token, and an expired one, each with its code', async () => {
    const { token, claims } = issue();
    const counter = await solveChallenge(claims.nonce, claims.difficulty);
    let wrong = counter + 1;
    while (codeOf(() => verifyChallenge(secret, token, wrong, 'link-a', now)) === 'ok') wrong++;
    expect(codeOf(() => verifyChallenge(secret, token, wrong, 'link-a', now))).toBe('proof_invalid');
    expect(codeOf(() => verifyChallenge(secret, token, counter, 'link-b', now))).toBe('proof_invalid');
    expect(codeOf(() => verifyChallenge('another-secret-another-secret-another', token, counter, 'link-a', now))).toBe('proof_invalid');
    const [payload, mac] = token.split('.');
    const easier = Buffer.from(Buffer.from(payload!, 'base64url').toString().replace(',10,', ',0,')).toString('base64url');
    expect(codeOf(() => verifyChallenge(secret, `${easier}.${mac}`, 0, 'link-a', now))).toBe('proof_invalid');
    for (const garbage of ['', '.', 'abc', `${payload}.`, `${payload}.${mac}.x`, `!!.${mac}`]) {
      expect(codeOf(() => verifyChallenge(secret, garbage, counter, 'link-a', now)), garbage).toBe('proof_invalid');
    }
    expect(codeOf(() => verifyChallenge(secret, token, counter, 'link-a', now + 60_000))).toBe('proof_expired');
  });

  it('makes harder challenges take more work: 0 bits is solved by the first counter', async () => {
    const { claims } = issue({ difficulty: 0 });
    expect(await solveChallenge(claims.nonce, 0)).toBe(0);
  });
});

describe('throttle buckets of addresses', () => {
  it('keeps IPv4 addresses and counts an IPv6 /64 as one network', () => {
    expect(addressBucket('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressBucket('2001:db8:abcd:12:1::5')).toBe('2001:db8:abcd:12::/64');
    expect(addressBucket('2001:0db8:abcd:0012:ffff:ffff:ffff:ffff')).toBe('2001:db8:abcd:12::/64');
    expect(addressBucket('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressBucket('::1')).toBe('0:0:0:0::/64');
  });
});
