import { describe, expect, it } from 'vitest';
import { checkPagerDutyEvent, isIsoTimestamp, pagerDutyBatch, pagerDutyChange, type PagerDutyEvent } from './pagerduty.events.js';

const key = 'r0utingkeyr0utingkeyr0utingkey12';

describe('PagerDuty events', () => {
  it('reads the timestamps PagerDuty senders send, offsets with or without a colon', () => {
    for (const ok of ['2015-07-17T08:42:58.315+0000', '2015-07-17T08:42:58.315+02:00', '2026-03-01T10:00:00Z', '2026-03-01T10:00Z']) expect(isIsoTimestamp(ok), ok).toBe(true);
    for (const bad of ['yesterday', '2026-03-01', '2026-13-01T10:00:00Z', '0001-01-01T00:00:00Z', '2026-03-01 10:00:00']) expect(isIsoTimestamp(bad), bad).toBe(false);
  });

  it('accepts acknowledge and resolve bodies of three fields, and a trigger with only the required payload', () => {
    expect(checkPagerDutyEvent({ routing_key: key, dedup_key: 'k', event_action: 'acknowledge' }).ok).toBe(true);
    expect(checkPagerDutyEvent({ routing_key: key, dedup_key: 'k', event_action: 'resolve' }).ok).toBe(true);
    expect(checkPagerDutyEvent({ routing_key: key, event_action: 'trigger', payload: { summary: 's', source: 'h', severity: 'info' } }).ok).toBe(true);
  });

  it('checks links, images and optional strings', () => {
    const r = checkPagerDutyEvent({
      routing_key: key,
      event_action: 'trigger',
      payload: { summary: 's', source: 'h', severity: 'info', component: 7 },
      links: [{ text: 'no href' }],
      images: [{ src: 'http://insecure.example.com/x.png' }],
      client: {},
    });
    expect(r).toEqual({
      ok: false,
      errors: ["'payload.component' must be a string", "'links[0].href' is missing or blank", "'images[0].src' must be an HTTPS URL", "'client' must be a string"],
    });
  });

  it('maps a trigger to one signal in a group of its own, with classification fields as labels', () => {
    const event: PagerDutyEvent = {
      routing_key: key,
      event_action: 'trigger',
      payload: { summary: 'Disk full', source: 'db-1', severity: 'error', timestamp: '2026-03-01T10:00:00.000+0100', class: 'disk', custom_details: { mount: '/var', nested: { no: 1 } } },
    };
    const batch = pagerDutyBatch(event, 'disk/db-1');
    expect(batch).toMatchObject({ groupKey: 'disk/db-1', groupTitle: 'Disk full', groupResolved: false });
    expect(batch.signals).toEqual([
      expect.objectContaining({ action: 'trigger', dedupKey: 'disk/db-1', title: 'Disk full', severity: 'error', source: 'db-1', occurredAt: '2026-03-01T09:00:00.000Z', labels: { mount: '/var', source: 'db-1', class: 'disk', severity: 'error' } }),
    ]);
    expect(batch.signals[0]!.description).toContain('"mount": "/var"');
    expect(pagerDutyBatch({ routing_key: key, event_action: 'resolve', dedup_key: 'k' }, 'k')).toMatchObject({ groupResolved: true, signals: [{ action: 'resolve', dedupKey: 'k', severity: null }] });
  });

  it('maps a change event to its summary, source, time and links', () => {
    expect(pagerDutyChange({ routing_key: key, payload: { summary: 'Deployed', timestamp: '2026-03-01T10:00:00Z' }, links: [{ href: 'https://ci' }] })).toEqual({
      summary: 'Deployed',
      source: null,
      timestamp: '2026-03-01T10:00:00.000Z',
      links: [{ href: 'https://ci' }],
    });
  });
});
