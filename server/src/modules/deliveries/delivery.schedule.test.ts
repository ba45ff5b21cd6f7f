import { describe, expect, it } from 'vitest';
import { attemptsPerRound, classifyHttpStatus, nextRetryDelay, parseRetryAfter, retryDelays } from './delivery.schedule.js';

describe('delivery retry schedule', () => {
  it('retries webhooks on the Standard Webhooks schedule, about three days in all, then gives up', () => {
    const max = attemptsPerRound('webhook');
    expect(max).toBe(10);
    const delays: number[] = [];
    for (let attempts = 1; attempts < max; attempts++) delays.push(nextRetryDelay('webhook', attempts, max, { random: () => 0.5 })!);
    expect(delays).toEqual([...retryDelays.webhook]);
    const total = delays.reduce((a, b) => a + b, 0);
    expect(total / 86_400_000).toBeGreaterThan(2.9);
    expect(total / 86_400_000).toBeLessThan(3.3);
    expect(nextRetryDelay('webhook', max, max)).toBeNull();
  });

  it('keeps jitter within 10% and honours a longer Retry-After, capped at a day', () => {
    expect(nextRetryDelay('webhook', 2, 10, { random: () => 0 })).toBe(270_000);
    expect(nextRetryDelay('webhook', 2, 10, { random: () => 0.999999 })).toBe(330_000);
    expect(nextRetryDelay('slack', 1, 5, { random: () => 0.5, retryAfterMs: 120_000 })).toBe(120_000);
    expect(nextRetryDelay('slack', 1, 5, { random: () => 0.5, retryAfterMs: 1_000 })).toBe(30_000);
    expect(nextRetryDelay('email', 1, 5, { random: () => 0.5, retryAfterMs: 9e9 })).toBe(86_400_000);
  });

  it('starts a new round after a resend: the schedule restarts from its first delay', () => {
    // a dead webhook delivery (10 attempts) resent: max becomes 20, the 11th attempt's failure waits 5 s
    expect(nextRetryDelay('webhook', 11, 20, { random: () => 0.5 })).toBe(5_000);
    expect(nextRetryDelay('email', 6, 10, { random: () => 0.5 })).toBe(60_000);
  });

  it('classifies answers: 2xx delivered, 410 gone (404 too for chat), 408/429/5xx retry, other 3xx/4xx failed', () => {
    expect(classifyHttpStatus(200, 'webhook')).toBe('delivered');
    expect(classifyHttpStatus(204, 'teams')).toBe('delivered');
    expect(classifyHttpStatus(410, 'webhook')).toBe('gone');
    expect(classifyHttpStatus(404, 'webhook')).toBe('failed');
    expect(classifyHttpStatus(404, 'slack')).toBe('gone');
    for (const s of [408, 429, 500, 502, 503, 504]) expect(classifyHttpStatus(s, 'webhook')).toBe('retry');
    for (const s of [301, 302, 400, 401, 403, 413, 422]) expect(classifyHttpStatus(s, 'webhook')).toBe('failed');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:05:00 GMT', now)).toBe(300_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
