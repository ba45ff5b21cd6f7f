import type { IncidentClock, IncidentSummary, IncidentType } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { nearestClock } from './clock-state';
import { bulkTargets, excludedByFilters, matchParams, nextSort, parseQueueSearch, queueSearch, rangeIds, sameFilters, targetNeedsComment, withFilter } from './queue-query';
import { backoffMs } from './use-live-events';

const viewId = '0b7e2f43-52b6-4c52-9f0e-3c1c2c7f4a10';

describe('queue address', () => {
  it('reads filters, view and sort, and writes them back in a stable order', () => {
    const state = parseQueueSearch(`?priority=P2&priority=P1&view=${viewId}&assigneeId=me&q=printer&sort=priority&order=asc&custom.site=berlin`);
    expect(state).toEqual({ viewId, filters: { priority: ['P2', 'P1'], assigneeId: 'me', q: 'printer', 'custom.site': 'berlin' }, sort: { key: 'priority', order: 'asc' } });
    expect(queueSearch({ viewId, filters: state.filters, sort: state.sort! })).toBe(`view=${viewId}&assigneeId=me&custom.site=berlin&priority=P1&priority=P2&q=printer&sort=priority&order=asc`);
    expect(parseQueueSearch(queueSearch({ viewId, filters: state.filters, sort: state.sort! }))).toEqual({ ...state, filters: { ...state.filters, priority: ['P1', 'P2'] } });
  });

  it('drops parameters the API would refuse and empty values', () => {
    expect(parseQueueSearch('?cursor=abc&limit=5&bogus=1&teamId=&state=open').filters).toEqual({ state: ['open'] });
  });

  it('asks for the view to be applied when the address names a view without a sort, and sorts by newest otherwise', () => {
    expect(parseQueueSearch(`?view=${viewId}`).sort).toBeNull();
    expect(parseQueueSearch('?q=x').sort).toEqual({ key: 'created', order: 'desc' });
    expect(parseQueueSearch('?view=not-a-uuid').viewId).toBeNull();
  });

  it('compares filters by meaning: order of values and single-value lists do not matter', () => {
    expect(sameFilters({ priority: ['P1', 'P2'], stateCategory: 'new' }, { stateCategory: ['new'], priority: ['P2', 'P1'] })).toBe(true);
    expect(sameFilters({ priority: ['P1'] }, { priority: ['P1', 'P2'] })).toBe(false);
    expect(withFilter({ q: 'x', teamId: 't' }, 'teamId', null)).toEqual({ q: 'x' });
    expect(withFilter({}, 'priority', [])).toEqual({});
  });

  it('turns a sorted header around and starts other columns in their useful order', () => {
    expect(nextSort({ key: 'created', order: 'desc' }, 'created')).toEqual({ key: 'created', order: 'asc' });
    expect(nextSort({ key: 'created', order: 'desc' }, 'dueAt')).toEqual({ key: 'dueAt', order: 'asc' });
    expect(nextSort({ key: 'dueAt', order: 'asc' }, 'priority')).toEqual({ key: 'priority', order: 'desc' });
  });

  it('selects ranges either way', () => {
    expect(rangeIds(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['b', 'c', 'd']);
    expect(rangeIds(['a', 'b'], 0, 0)).toEqual(['a']);
  });
});

describe('live matching', () => {
  it('narrows the filters to the incident’s update instant (1 ms wide, as the API bounds are half-open)', () => {
    expect(matchParams({ assigneeId: 'none', q: 'vpn' }, '2026-03-04T10:00:00.123Z')).toEqual({
      assigneeId: 'none',
      q: 'vpn',
      updatedFrom: '2026-03-04T10:00:00.123Z',
      updatedTo: '2026-03-04T10:00:00.124Z',
      sort: 'updated',
      order: 'desc',
      limit: 50,
    });
  });

  it('keeps the filters’ own update range and knows when it excludes the instant', () => {
    expect(matchParams({ updatedTo: '2026-03-03' }, '2026-03-04T10:00:00.000Z')).toBeNull();
    expect(matchParams({ updatedTo: '2026-03-04' }, '2026-03-04T23:59:59.999Z')?.updatedTo).toBe('2026-03-05T00:00:00.000Z');
    expect(matchParams({ updatedFrom: '2026-03-05' }, '2026-03-04T10:00:00.000Z')).toBeNull();
  });
});

const label = (en: string) => ({ en });
const itType = {
  id: '11111111-1111-4111-8111-111111111111',
  key: 'it-outage',
  workflow: {
    initial: 'new',
    states: [
      { key: 'new', label: label('New'), category: 'new' },
      { key: 'in_progress', label: label('In progress'), category: 'active' },
      { key: 'resolved', label: label('Resolved'), category: 'resolved' },
      { key: 'closed', label: label('Closed'), category: 'closed' },
    ],
    transitions: [
      { key: 'start', label: label('Start'), from: ['new'], to: 'in_progress' },
      { key: 'resolve', label: label('Resolve'), from: ['new', 'in_progress'], to: 'resolved', requires: { comment: true } },
      { key: 'close', label: label('Close'), from: ['resolved'], to: 'closed', requires: { roles: ['manager'] } },
    ],
  },
} as unknown as IncidentType;
const types = new Map([[itType.key, itType]]);
const row = (id: string, state: string) => ({ id, type: { id: itType.id, key: itType.key, name: label('IT outage') }, state: { key: state, label: label(state), category: 'new' as const } });

describe('bulk transitions', () => {
  it('offers the states the selected incidents can reach, with the ones each reaches, and respects roles', () => {
    const rows = [row('a', 'new'), row('b', 'in_progress'), row('c', 'resolved')];
    expect(bulkTargets(rows, types, 'agent').map((x) => [x.key, x.ids])).toEqual([
      ['in_progress', ['a']],
      ['resolved', ['a', 'b']],
    ]);
    expect(bulkTargets(rows, types, 'manager').map((x) => x.key)).toEqual(['in_progress', 'resolved', 'closed']);
    expect(targetNeedsComment(rows, types, 'resolved')).toBe(true);
    expect(targetNeedsComment(rows, types, 'in_progress')).toBe(false);
  });
});

describe('clock countdown', () => {
  const clock = (c: Partial<IncidentClock>): IncidentClock => ({ id: 'c', kind: 'sla_resolve', state: 'running', dueAt: null, remainingMs: null, pausedAt: null, ...c });
  const created = '2026-03-04T08:00:00.000Z';
  const now = Date.parse('2026-03-04T10:00:00.000Z');

  it('shows the SLA clock due first, amber in its last quarter, red once overdue or breached', () => {
    const calm = nearestClock([clock({ dueAt: '2026-03-04T16:00:00.000Z' }), clock({ kind: 'sla_ack', dueAt: '2026-03-04T12:00:00.000Z' })], created, now);
    expect(calm).toMatchObject({ clock: { kind: 'sla_ack' }, remainingMs: 2 * 3_600_000, tone: 'neutral' });
    expect(nearestClock([clock({ dueAt: '2026-03-04T10:30:00.000Z' })], created, now)?.tone).toBe('warning');
    expect(nearestClock([clock({ dueAt: '2026-03-04T09:00:00.000Z' })], created, now)).toMatchObject({ remainingMs: -3_600_000, tone: 'danger' });
    expect(nearestClock([clock({ state: 'breached', dueAt: '2026-03-04T12:00:00.000Z' })], created, now)?.tone).toBe('danger');
  });

  it('shows a paused clock’s frozen business time, ignores finished clocks, and falls back to legal clocks', () => {
    expect(nearestClock([clock({ state: 'paused', remainingMs: 600_000, dueAt: null })], created, now)).toMatchObject({ paused: true, remainingMs: 600_000, tone: 'neutral' });
    expect(nearestClock([clock({ state: 'met' }), clock({ state: 'waived' })], created, now)).toBeNull();
    expect(nearestClock([clock({ kind: 'gdpr_art33', dueAt: '2026-03-07T08:00:00.000Z' })], created, now)?.clock.kind).toBe('gdpr_art33');
  });
});

describe('live reconnection', () => {
  it('backs off exponentially up to 30 s with jitter', () => {
    expect(backoffMs(1, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(4000);
    expect(backoffMs(20, () => 0.5)).toBe(30_000);
    expect(backoffMs(2, () => 0)).toBe(1500);
    expect(backoffMs(2, () => 1)).toBe(2500);
  });
});

describe('plain filters decided in the browser', () => {
  const incident = {
    id: 'i',
    type: { id: 'type-id', key: 'it-outage', name: { en: 'IT outage' } },
    state: { key: 'investigating', label: { en: 'Investigating' }, category: 'active' },
    priority: 'P2',
    severity: 'high',
    team: { id: 'team-a', name: 'A' },
    assignee: null,
    reporter: { id: 'me-id', name: 'Me' },
    businessAreas: ['sales'],
    createdAt: '2026-03-04T10:00:00.000Z',
    updatedAt: '2026-03-05T10:00:00.000Z',
  } as unknown as IncidentSummary;

  it('rules out what a plain filter excludes, as the server would', () => {
    const out = (filters: Record<string, string | string[]>) => excludedByFilters(incident, filters, 'me-id');
    expect(out({})).toBe(false);
    expect(out({ type: ['type-id'], stateCategory: ['new', 'active'], priority: ['P1', 'P2'], assigneeId: 'none', reporterId: 'me', teamId: 'team-a', businessArea: ['sales', 'hr'] })).toBe(false);
    expect(out({ type: 'security' })).toBe(true);
    expect(out({ state: ['new'] })).toBe(true);
    expect(out({ priority: ['P1'] })).toBe(true);
    expect(out({ assigneeId: 'me' })).toBe(true);
    expect(out({ teamId: 'team-b' })).toBe(true);
    expect(out({ createdTo: '2026-03-03' })).toBe(true);
    expect(out({ createdTo: '2026-03-04' })).toBe(false);
    expect(out({ createdFrom: '2026-03-05' })).toBe(true);
    expect(out({ updatedFrom: '2026-03-05' })).toBe(false);
    expect(out({ businessArea: 'hr' })).toBe(true);
  });

  it('leaves full text and custom fields to the server', () => {
    expect(excludedByFilters(incident, { q: 'nothing like it', 'custom.site': 'x' }, 'me-id')).toBe(false);
  });
});
