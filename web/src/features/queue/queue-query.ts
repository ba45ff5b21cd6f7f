import type { IncidentSort, IncidentSummary, IncidentType, Role, ViewColumn, ViewFilters, ViewSort } from '@vigil/shared';

/**
 * The queue's state as it lives in the address bar: the active saved view, the filters (exactly the
 * GET /incidents parameters a saved view stores) and the sort. Pure functions, so the page, the live
 * matcher and the tests agree on one meaning.
 */

export type QueueState = {
  /** The saved view the filters came from (may have been changed since); null for an ad-hoc list. */
  viewId: string | null;
  filters: ViewFilters;
  /** Null when the address names a view but no sort yet: the view's filters and sort are to be applied. */
  sort: ViewSort | null;
};

export const defaultSort: ViewSort = { key: 'created', order: 'desc' };

/** Filters the UI edits itself; a saved view may hold others (custom.<key>, updatedFrom, ...), which are kept and shown as chips. */
export const multiFilterKeys = ['type', 'state', 'stateCategory', 'priority', 'severity', 'businessArea'] as const;
export const singleFilterKeys = ['teamId', 'assigneeId', 'reporterId', 'createdFrom', 'createdTo', 'updatedFrom', 'updatedTo', 'q'] as const;
export type MultiFilterKey = (typeof multiFilterKeys)[number];
export type SingleFilterKey = (typeof singleFilterKeys)[number];

const customPattern = /^custom\.[a-z][a-z0-9_]{0,62}$/;
const knownFilter = (key: string) => (multiFilterKeys as readonly string[]).includes(key) || (singleFilterKeys as readonly string[]).includes(key) || customPattern.test(key);
const sortKeys: readonly IncidentSort[] = ['created', 'updated', 'priority', 'dueAt'];
const isSortKey = (v: string | null): v is IncidentSort => v !== null && (sortKeys as readonly string[]).includes(v);

/** Reads the queue state from a query string; unknown parameters are dropped (the API would refuse them). */
export function parseQueueSearch(search: URLSearchParams | string): QueueState {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const filters: ViewFilters = {};
  for (const key of new Set(params.keys())) {
    if (!knownFilter(key)) continue;
    const values = params.getAll(key).map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) continue;
    filters[key] = (multiFilterKeys as readonly string[]).includes(key) ? [...new Set(values)] : values[0]!;
  }
  const sortKey = params.get('sort');
  const order = params.get('order') === 'asc' ? 'asc' : 'desc';
  const sort = isSortKey(sortKey) ? { key: sortKey, order } satisfies ViewSort : null;
  const viewId = params.get('view');
  return { viewId: viewId && /^[0-9a-f-]{36}$/i.test(viewId) ? viewId : null, filters, sort: sort ?? (viewId ? null : defaultSort) };
}

/** The query string of a queue state: view first, filters by name, then sort (stable, so equal states give equal addresses). */
export function queueSearch(state: { viewId: string | null; filters: ViewFilters; sort: ViewSort }): string {
  const params = new URLSearchParams();
  if (state.viewId) params.set('view', state.viewId);
  for (const [key, value] of sortedEntries(normalizeFilters(state.filters))) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  params.set('sort', state.sort.key);
  params.set('order', state.sort.order);
  return params.toString();
}

function sortedEntries(filters: ViewFilters): Array<[string, string | string[]]> {
  return Object.entries(filters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Drops empty values and sorts list values, so two filter sets that mean the same compare equal. */
export function normalizeFilters(filters: ViewFilters): ViewFilters {
  const out: ViewFilters = {};
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) {
      const list = [...new Set(value.filter((v) => v !== ''))].sort();
      if (list.length > 0) out[key] = list;
    } else if (value !== '') out[key] = value;
  }
  return out;
}

/** True when both describe the same list (a one-element list equals its single value). */
export function sameFilters(a: ViewFilters, b: ViewFilters): boolean {
  const flat = (f: ViewFilters) => JSON.stringify(sortedEntries(normalizeFilters(f)).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
  return flat(a) === flat(b);
}

export function sameSort(a: ViewSort, b: ViewSort): boolean {
  return a.key === b.key && a.order === b.order;
}

/** The values of a filter as a list. */
export function filterValues(filters: ViewFilters, key: string): string[] {
  const v = filters[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A copy with one filter set (an empty value or list removes it). */
export function withFilter(filters: ViewFilters, key: string, value: string | string[] | null | undefined): ViewFilters {
  const next = { ...filters };
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) delete next[key];
  else next[key] = value;
  return next;
}

/** The GET /incidents parameters for one page of the list. */
export function listParams(filters: ViewFilters, sort: ViewSort, page: { cursor?: string | undefined; limit: number }): Record<string, string | string[] | number> {
  return { ...normalizeFilters(filters), sort: sort.key, order: sort.order, limit: page.limit, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** The instant a date bound means to the API: a date-only upper bound includes that whole day (UTC). */
export function boundMs(value: string, upper: boolean): number {
  const at = Date.parse(value);
  return upper && /^\d{4}-\d{2}-\d{2}$/.test(value) ? at + 86_400_000 : at;
}

/**
 * The list parameters that ask the server whether one incident (last updated at `updatedAt`) matches the
 * filters: the same filters narrowed to that very update instant. The server then applies every filter
 * (full text and visibility included) as it does for the list; null when the filters' own update range
 * already excludes that instant.
 */
export function matchParams(filters: ViewFilters, updatedAt: string): Record<string, string | string[] | number> | null {
  const at = Date.parse(updatedAt);
  let from = at;
  let to = at + 1;
  const ownFrom = filters.updatedFrom;
  const ownTo = filters.updatedTo;
  if (typeof ownFrom === 'string') from = Math.max(from, boundMs(ownFrom, false));
  if (typeof ownTo === 'string') to = Math.min(to, boundMs(ownTo, true));
  if (!(from < to)) return null;
  return { ...normalizeFilters(filters), updatedFrom: new Date(from).toISOString(), updatedTo: new Date(to).toISOString(), sort: 'updated', order: 'desc', limit: 50 };
}

/**
 * True when one of the plain filters (type, state, priority, team, assignee, dates, ...) rules the
 * incident out, as the server would; saves asking the server about incidents that cannot match.
 * False means "maybe": full text, custom fields and visibility are for the server to decide.
 */
export function excludedByFilters(incident: IncidentSummary, filters: ViewFilters, userId: string): boolean {
  const list = (key: string) => filterValues(filters, key);
  const outside = (key: string, value: string | null, also: string | null = null) => {
    const wanted = list(key);
    return wanted.length > 0 && !wanted.some((w) => w === value || (also !== null && w === also));
  };
  const person = (key: string, id: string | null) => {
    const wanted = filters[key];
    if (typeof wanted !== 'string') return false;
    if (wanted === 'none') return id !== null;
    return (wanted === 'me' ? userId : wanted) !== id;
  };
  const created = Date.parse(incident.createdAt);
  const updated = Date.parse(incident.updatedAt);
  const before = (key: string, at: number) => typeof filters[key] === 'string' && at < boundMs(filters[key], false);
  const after = (key: string, at: number) => typeof filters[key] === 'string' && at >= boundMs(filters[key], true);
  const areas = list('businessArea');
  return (
    outside('type', incident.type.key, incident.type.id) ||
    outside('state', incident.state.key) ||
    outside('stateCategory', incident.state.category) ||
    outside('priority', incident.priority) ||
    outside('severity', incident.severity) ||
    (typeof filters.teamId === 'string' && filters.teamId !== (incident.team?.id ?? null)) ||
    person('assigneeId', incident.assignee?.id ?? null) ||
    person('reporterId', incident.reporter?.id ?? null) ||
    before('createdFrom', created) ||
    after('createdTo', created) ||
    before('updatedFrom', updated) ||
    after('updatedTo', updated) ||
    (areas.length > 0 && !incident.businessAreas.some((a) => areas.includes(a)))
  );
}

/** Columns the API can sort by, and the sort each one means. */
export const sortOfColumn: Partial<Record<ViewColumn, IncidentSort>> = { createdAt: 'created', updatedAt: 'updated', priority: 'priority', dueAt: 'dueAt' };

/** Clicking a sorted column's header turns its order around; another column starts with its most useful order. */
export function nextSort(current: ViewSort, key: IncidentSort): ViewSort {
  if (current.key === key) return { key, order: current.order === 'desc' ? 'asc' : 'desc' };
  return { key, order: key === 'dueAt' ? 'asc' : 'desc' };
}

/** An incident reduced to what the list holds (the full representation adds description, custom values, transitions, ...). */
export function toSummary(incident: IncidentSummary & Record<string, unknown>): IncidentSummary {
  const { description: _d, resolution: _r, custom: _c, reporterContact: _rc, watchers: _w, transitions: _t, ...summary } = incident;
  return summary as IncidentSummary;
}

export type TargetState = { key: string; label: IncidentType['workflow']['states'][number]['label']; category: string; ids: string[] };

/**
 * The states the selected incidents may be moved to: per target state, which of them have a transition
 * there from their current state in their type's workflow that the caller's role may take.
 * Guards on fields are checked by the server per incident (and reported per row).
 */
export function bulkTargets(rows: readonly Pick<IncidentSummary, 'id' | 'type' | 'state'>[], types: ReadonlyMap<string, IncidentType>, role: Role): TargetState[] {
  const targets = new Map<string, TargetState>();
  for (const row of rows) {
    const type = types.get(row.type.key) ?? types.get(row.type.id);
    if (!type) continue;
    const reachable = new Set<string>();
    for (const t of type.workflow.transitions) {
      if (!t.from.includes(row.state.key)) continue;
      if (t.requires?.roles && !t.requires.roles.includes(role)) continue;
      reachable.add(t.to);
    }
    for (const to of reachable) {
      const state = type.workflow.states.find((s) => s.key === to);
      if (!state) continue;
      const entry = targets.get(to) ?? { key: to, label: state.label, category: state.category, ids: [] };
      entry.ids.push(row.id);
      targets.set(to, entry);
    }
  }
  const order = ['new', 'active', 'waiting', 'resolved', 'closed'];
  return [...targets.values()].sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category) || a.key.localeCompare(b.key));
}

/** Whether any selected incident's transition to `to` asks for a comment. */
export function targetNeedsComment(rows: readonly Pick<IncidentSummary, 'type' | 'state'>[], types: ReadonlyMap<string, IncidentType>, to: string): boolean {
  return rows.some((row) => {
    const type = types.get(row.type.key) ?? types.get(row.type.id);
    return type?.workflow.transitions.some((t) => t.to === to && t.from.includes(row.state.key) && t.requires?.comment === true) ?? false;
  });
}

/** The ids between two positions of the list, both included (shift-click selects a range). */
export function rangeIds(ids: readonly string[], from: number, to: number): string[] {
  const [a, b] = from <= to ? [from, to] : [to, from];
  return ids.slice(Math.max(0, a), b + 1);
}
