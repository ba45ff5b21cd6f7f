import { describe, expect, it } from 'vitest';
import { alertmanagerBatch, alertmanagerMessageSchema, groupTitle, labelFingerprint } from './alertmanager.webhook.js';

const alert = (status: 'firing' | 'resolved', instance: string, extra: Record<string, unknown> = {}) => ({
  status,
  labels: { alertname: 'HighLatency', instance, severity: 'Warning' },
  annotations: { summary: `Latency high on ${instance}` },
  startsAt: '2026-03-01T10:00:00Z',
  endsAt: '2026-03-01T09:00:00Z',
  ...extra,
});

describe('Alertmanager messages', () => {
  it('fingerprints a label set independently of key order', () => {
    expect(labelFingerprint({ a: '1', b: '2' })).toBe(labelFingerprint({ b: '2', a: '1' }));
    expect(labelFingerprint({ a: '1', b: '2' })).not.toBe(labelFingerprint({ a: '1', b: '3' }));
    expect(labelFingerprint({ ab: 'c' })).not.toBe(labelFingerprint({ a: 'bc' }));
    expect(labelFingerprint({})).toMatch(/^[0-9a-f]{16}$/);
  });

  it('takes each alert status as it is: a past endsAt does not resolve a firing alert', () => {
    const msg = alertmanagerMessageSchema.parse({ version: '4', groupKey: 'g', status: 'firing', alerts: [alert('firing', 'a', { fingerprint: 'fa' }), alert('resolved', 'b', { fingerprint: 'fb' })], extra: 'ignored' });
    const batch = alertmanagerBatch(msg);
    expect(batch.groupResolved).toBe(false);
    expect(batch.signals.map((s) => [s.dedupKey, s.action, s.severity])).toEqual([
      ['fa', 'trigger', 'warning'],
      ['fb', 'resolve', 'warning'],
    ]);
    expect(alertmanagerBatch({ ...msg, status: 'resolved' }).groupResolved).toBe(true);
  });

  it('titles a group by its summary, else by alert name and group labels', () => {
    const base = { version: '4' as const, groupKey: 'g', status: 'firing' as const, alerts: [alert('firing', 'a')] };
    expect(groupTitle({ ...base, commonAnnotations: { summary: 'Shop is slow' } })).toBe('Shop is slow');
    expect(groupTitle({ ...base, commonLabels: { alertname: 'HighLatency' }, groupLabels: { alertname: 'HighLatency', cluster: 'eu-1' } })).toBe('HighLatency (cluster=eu-1)');
    expect(groupTitle(base)).toBe('HighLatency');
  });

  it('requires version 4, a group key, a status and alerts with labels, status and startsAt; label values are strings', () => {
    const r = alertmanagerMessageSchema.safeParse({ version: 4, status: 'firing', alerts: [{ labels: { a: 1 } }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['version', 'groupKey', 'alerts.0.status', 'alerts.0.labels.a', 'alerts.0.startsAt']);
  });
});
