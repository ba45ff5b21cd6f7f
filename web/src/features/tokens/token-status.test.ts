import { describe, expect, it } from 'vitest';
import { addDays, tokenStatus } from './token-status';

describe('token status and expiry dates', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('is revoked before expired before active', () => {
    expect(tokenStatus({ revokedAt: '2026-02-01T00:00:00Z', expiresAt: '2026-01-01T00:00:00Z' }, now)).toBe('revoked');
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-03-01T12:00:00Z' }, now)).toBe('expired');
    expect(tokenStatus({ revokedAt: null, expiresAt: '2026-03-02T00:00:00Z' }, now)).toBe('active');
    expect(tokenStatus({ revokedAt: null, expiresAt: null }, now)).toBe('active');
  });
  it('adds days across month and year ends', () => {
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
    expect(addDays('2026-12-15', 30)).toBe('2027-01-14');
  });
});
