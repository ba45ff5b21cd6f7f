import type { DeliveryChannel } from '@vigil/shared';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

/**
 * Delays between attempts, per channel. Webhooks follow the Standard Webhooks example schedule
 * (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: about 3 days); email and chat
 * matter while the incident is live, so they give up within hours.
 */
export const retryDelays: Record<DeliveryChannel, readonly number[]> = {
  webhook: [5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H],
  email: [1 * M, 5 * M, 30 * M, 2 * H],
  slack: [30 * S, 2 * M, 10 * M, 1 * H],
  mattermost: [30 * S, 2 * M, 10 * M, 1 * H],
  teams: [30 * S, 2 * M, 10 * M, 1 * H],
};

/** Attempts of one round: the first and one per delay. A manual resend starts a new round. */
export function attemptsPerRound(channel: DeliveryChannel): number {
  return retryDelays[channel].length + 1;
}

export const JITTER = 0.1;
export const MAX_RETRY_AFTER_MS = 24 * H;

/**
 * The wait before the next attempt after `attempts` attempts, or null when the round is spent:
 * the channel's delay for this step +-10% jitter, at least what the receiver asked for in
 * Retry-After (capped at 24 h).
 */
export function nextRetryDelay(channel: DeliveryChannel, attempts: number, maxAttempts: number, o: { random?: () => number; retryAfterMs?: number | null } = {}): number | null {
  if (attempts >= maxAttempts) return null;
  const delays = retryDelays[channel];
  const step = attempts - (maxAttempts - attemptsPerRound(channel)) - 1;
  const base = delays[Math.min(Math.max(step, 0), delays.length - 1)]!;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * (o.random ?? Math.random)()));
  return o.retryAfterMs ? Math.max(jittered, Math.min(o.retryAfterMs, MAX_RETRY_AFTER_MS)) : jittered;
}

export type HttpVerdict = 'delivered' | 'retry' | 'failed' | 'gone';

/**
 * What an HTTP answer means: 2xx delivered; 410 gone (the destination is disabled), and for chat
 * also 404 (Slack answers it for revoked hooks); 408, 429 and 5xx retry; anything else (3xx,
 * other 4xx) a permanent failure, as a retry cannot change it.
 */
export function classifyHttpStatus(status: number, channel: DeliveryChannel): HttpVerdict {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410 || (status === 404 && channel !== 'webhook')) return 'gone';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'failed';
}

/** Retry-After in milliseconds (delta seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date): number | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return null;
  if (/^\d{1,9}$/.test(v.trim())) return Number(v.trim()) * 1_000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}
