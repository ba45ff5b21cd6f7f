import type { ApiToken } from '@vigil/shared';

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** Whether a token still works at `now`. */
export function tokenStatus(token: Pick<ApiToken, 'revokedAt' | 'expiresAt'>, now: Date = new Date()): TokenStatus {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) return 'expired';
  return 'active';
}

export const expiryChoices = ['30', '90', '365', 'never', 'date'] as const;
export type ExpiryChoice = (typeof expiryChoices)[number];

/** The end of a day (`YYYY-MM-DD`) plus `days`, as the wall time 23:59 in the user's zone (converted by the caller). */
export function addDays(today: string, days: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const date = new Date(Date.UTC(y!, m! - 1, d! + days));
  return date.toISOString().slice(0, 10);
}
