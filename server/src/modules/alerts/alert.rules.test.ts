import { describe, expect, it } from 'vitest';
import { integrationSettingsSchema } from '@vigil/shared';
import type { IntegrationRow } from '../../db/schema.js';
import { severityMapping, routeOf, clip } from './alert.mapping.js';
import { MAX_PAYLOAD_DEPTH, PayloadTooDeepError, REDACTED, storablePayload } from './alert.payload.js';
import { createRateLimiter } from './alert.rate-limit.js';
import { cachedIntegration, forgetIntegrations, INTEGRATION_CACHE_MS, rememberIntegration } from './integration.cache.js';
import { testClock } from '../../../test/harness.js';
import type { Deps } from '../../platform/context.js';
import { hashIntegrationKey, keyHint, newIntegrationKey } from './integration.key.js';

describe('alert ingest rules', () => {
  it('counts events per integration over a sliding minute', () => {
    const limiter = createRateLimiter();
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(limiter.take('a', 2, t0).ok).toBe(true);
    expect(limiter.take('a', 2, t0 + 20_000).ok).toBe(true);
    expect(limiter.take('a', 2, t0 + 30_000)).toEqual({ ok: false, retryAfterS: 30 });
    expect(limiter.take('b', 2, t0 + 30_000).ok).toBe(true);
    expect(limiter.take('a', 2, t0 + 60_000).ok).toBe(true);
    expect(limiter.take('a', 2, t0 + 61_000)).toEqual({ ok: false, retryAfterS: 19 });
    expect(limiter.take('a', 2, t0 + 10 * 60_000).ok).toBe(true);
  });

  it('admits exactly the limit in any 60 seconds of a steady stream', () => {
    const limiter = createRateLimiter();
    const t0 = Date.UTC(2026, 0, 1);
    const admitted: number[] = [];
    for (let ms = 0; ms < 180_000; ms += 250) if (limiter.take('x', 120, t0 + ms).ok) admitted.push(ms);
    for (let start = 0; start + 60_000 <= 180_000; start += 1_000) {
      expect(admitted.filter((ms) => ms >= start && ms < start + 60_000).length).toBeLessThanOrEqual(120);
    }
    expect(admitted.length).toBeGreaterThanOrEqual(360);
  });

  it('redacts the key wherever it appears and under key fields, replaces NUL, and refuses deep nesting', () => {
    const key = 'abcdefghijklmnopqrstuvwxyz012345';
    const stored = storablePayload({ routing_key: key, note: `sent with ${key}`, list: [key, 'a\u0000b'], ['k\u0000']: 1, service_key: 'other', n: 1, b: false, z: null }, [key]);
    expect(stored).toEqual({ routing_key: REDACTED, note: `sent with ${REDACTED}`, list: [REDACTED, 'a\uFFFDb'], 'k\uFFFD': 1, service_key: REDACTED, n: 1, b: false, z: null });
    const deep = JSON.parse('['.repeat(MAX_PAYLOAD_DEPTH + 2) + ']'.repeat(MAX_PAYLOAD_DEPTH + 2));
    expect(() => storablePayload(deep, [])).toThrow(PayloadTooDeepError);
    expect(() => storablePayload(JSON.parse('['.repeat(MAX_PAYLOAD_DEPTH) + ']'.repeat(MAX_PAYLOAD_DEPTH)), [])).not.toThrow();
  });

  it('makes keys of 32 lowercase letters and digits, all different, kept as SHA-256', () => {
    const keys = Array.from({ length: 500 }, newIntegrationKey);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]{32}$/);
    expect(new Set(keys).size).toBe(500);
    const chars = new Set(keys.join(''));
    expect(chars.size).toBe(36);
    expect(hashIntegrationKey(keys[0]!)).toMatch(/^[0-9a-f]{64}$/);
    expect(keyHint(keys[0]!)).toBe(keys[0]!.slice(28));
  });

  it('maps severities through the integration map, then the defaults, then medium', () => {
    const settings = integrationSettingsSchema.parse({ severityMap: { p1: { severity: 'critical', impact: 'high', urgency: 'high', priority: 'P1' }, warning: { severity: 'low', impact: 'low', urgency: 'low' } } });
    expect(severityMapping(settings, 'P1')).toEqual({ severity: 'critical', impact: 'high', urgency: 'high', priority: 'P1' });
    expect(severityMapping(settings, 'warning')).toEqual({ severity: 'low', impact: 'low', urgency: 'low' });
    expect(severityMapping(settings, 'Critical')).toEqual({ severity: 'critical', impact: 'high', urgency: 'high' });
    expect(severityMapping(settings, 'error')).toEqual({ severity: 'high', impact: 'high', urgency: 'medium' });
    expect(severityMapping(settings, 'bogus')).toEqual({ severity: 'medium', impact: 'medium', urgency: 'medium' });
    expect(severityMapping(settings, null)).toEqual({ severity: 'medium', impact: 'medium', urgency: 'medium' });
  });

  it('routes by the first matching label, falling back to the integration type and team', () => {
    const integration = { type_id: 'type-1', team_id: 'team-1' } as IntegrationRow;
    const settings = integrationSettingsSchema.parse({
      labelRoutes: [
        { label: 'env', equals: 'prod', type: 'security' },
        { label: 'env', equals: 'prod', type: 'data-breach' },
        { label: 'team', equals: 'none', teamId: null },
      ],
    });
    expect(routeOf(integration, settings, { env: 'prod' })).toEqual({ type: 'security', teamId: 'team-1' });
    expect(routeOf(integration, settings, { team: 'none' })).toEqual({ type: 'type-1', teamId: null });
    expect(routeOf(integration, settings, { env: 'dev', constructor: 'x' })).toEqual({ type: 'type-1', teamId: 'team-1' });
    expect(routeOf({ ...integration, team_id: null }, settings, {})).toEqual({ type: 'type-1', teamId: undefined });
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('abc', 4)).toBe('abc');
  });

  it('trusts a looked-up integration for two seconds, per database handle, and forgets it when told', () => {
    const clock = testClock();
    clock.set('2026-01-01T00:00:00Z');
    const deps = { db: {}, clock } as unknown as Deps;
    const other = { db: {}, clock } as unknown as Deps;
    const row = { id: 'i1' } as IntegrationRow;
    rememberIntegration(deps, 'h', row);
    expect(cachedIntegration(deps, 'h')).toBe(row);
    expect(cachedIntegration(other, 'h')).toBeUndefined();
    clock.advance(INTEGRATION_CACHE_MS - 1);
    expect(cachedIntegration(deps, 'h')).toBe(row);
    clock.advance(1);
    expect(cachedIntegration(deps, 'h')).toBeUndefined();
    rememberIntegration(deps, 'h', row);
    clock.set('2025-12-31T00:00:00Z');
    expect(cachedIntegration(deps, 'h')).toBeUndefined();
    clock.set('2026-01-01T00:00:02Z');
    rememberIntegration(deps, 'h', row);
    forgetIntegrations(deps);
    expect(cachedIntegration(deps, 'h')).toBeUndefined();
  });
});
