import { customFilterPattern, type IncidentList, type IncidentListQuery, type IncidentSort } from '@vigil/shared';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, isTimestampKey, isUuid } from './incident.cursor.js';
import { presentIncidentSummary } from './incident.presenter.js';
import { loadLookups, loadTypes } from './incident.queries.js';
import { incidentVisibleTo, seesInternal } from './incident.visibility.js';

type Dir = 'asc' | 'desc';
type SortKey = { expr: RawBuilder<unknown>; cast: 'timestamptz' | 'text' | 'uuid'; dir: Dir };

const flip = (d: Dir): Dir => (d === 'asc' ? 'desc' : 'asc');

/**
 * The keys of each sort, ending in id so the order is total. Priority sorts "desc" as most urgent
 * first (P1 before P5), newest first within a priority: the order of incidents_priority_idx.
 */
function sortKeys(sort: IncidentSort, order: Dir): SortKey[] {
  const id: SortKey = { expr: sql`i.id`, cast: 'uuid', dir: order };
  switch (sort) {
    case 'created':
      return [{ expr: sql`i.created_at`, cast: 'timestamptz', dir: order }, id];
    case 'updated':
      return [{ expr: sql`i.updated_at`, cast: 'timestamptz', dir: order }, id];
    case 'dueAt':
      return [{ expr: sql`coalesce(i.due_at, 'infinity'::timestamptz)`, cast: 'timestamptz', dir: order }, id];
    case 'priority':
      return [
        { expr: sql`i.priority`, cast: 'text', dir: flip(order) },
        { expr: sql`i.created_at`, cast: 'timestamptz', dir: order },
        id,
      ];
  }
}

const priorityPattern = /^P[1-5]$/;

function validKey(key: SortKey, value: unknown): boolean {
  if (key.cast === 'uuid') return isUuid(value);
  if (key.cast === 'text') return typeof value === 'string' && priorityPattern.test(value);
  return value === 'infinity' || isTimestampKey(value);
}

/** Rows after the cursor: consecutive keys with the same direction compare as one row value, so the sort index serves them. */
function afterCursor(keys: SortKey[], values: unknown[]): Expression<SqlBool> {
  const groups: Array<{ dir: Dir; items: Array<{ key: SortKey; value: unknown }> }> = [];
  keys.forEach((key, i) => {
    const last = groups.at(-1);
    if (last && last.dir === key.dir) last.items.push({ key, value: values[i] });
    else groups.push({ dir: key.dir, items: [{ key, value: values[i] }] });
  });
  const lit = (k: SortKey, v: unknown) => sql`cast(${v} as ${sql.raw(k.cast)})`;
  const row = (items: Array<{ key: SortKey; value: unknown }>, part: 'expr' | 'value') =>
    sql`(${sql.join(items.map((it) => (part === 'expr' ? it.key.expr : lit(it.key, it.value))))})`;
  const alternatives = groups.map((g, gi) => {
    const equal = groups.slice(0, gi).flatMap((p) => p.items.map((it) => sql`${it.key.expr} = ${lit(it.key, it.value)}`));
    const beyond = sql`${row(g.items, 'expr')} ${sql.raw(g.dir === 'asc' ? '>' : '<')} ${row(g.items, 'value')}`;
    return sql`(${sql.join([...equal, beyond], sql` and `)})`;
  });
  return sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`;
}

/** A date-only upper bound includes that whole day. */
function bound(value: string, upper: boolean): Date {
  const at = new Date(value);
  if (upper && /^\d{4}-\d{2}-\d{2}$/.test(value)) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** What a `custom.<key>=value` parameter may mean in JSON: the text, a number, a boolean, or membership in a list. */
function customAlternatives(key: string, text: string): string[] {
  const values: unknown[] = [text];
  if (/^-?\d+(\.\d+)?$/.test(text) && Number.isFinite(Number(text))) values.push(Number(text));
  if (text === 'true' || text === 'false') values.push(text === 'true');
  return [...values.map((v) => JSON.stringify({ [key]: v })), JSON.stringify({ [key]: [text] })];
}

function badParam(param: string, message: string): AppError {
  return new AppError('validation_failed', `${param} ${message}`, [{ path: `querystring.${param}`, message }]);
}

/** Every filter of the list as SQL over `incidents i`, visibility first. */
async function buildFilters(db: DbOrTx, actor: Actor, q: IncidentListQuery): Promise<Array<Expression<SqlBool>>> {
  const where: Array<Expression<SqlBool>> = [incidentVisibleTo(actor, 'i')];
  const list = (values: readonly unknown[]) => sql.join(values.map((v) => sql`${v}`));

  if (q.type) {
    const ids = q.type.filter(isUuid).map((t) => t.toLowerCase());
    const keys = q.type.filter((t) => !isUuid(t));
    let lookup = db.selectFrom('incident_types').select(['id', 'key']);
    lookup = lookup.where((eb) => eb.or([...(keys.length > 0 ? [eb('key', 'in', keys)] : []), ...(ids.length > 0 ? [eb('id', 'in', ids)] : [])]));
    const found = await lookup.execute();
    const unknown = q.type.filter((t) => !found.some((f) => f.key === t || f.id === t.toLowerCase()));
    if (unknown.length > 0) throw badParam('type', `names no incident type: ${unknown.join(', ')}`);
    where.push(sql<SqlBool>`i.type_id in (${list(found.map((f) => f.id))})`);
  }
  if (q.state) where.push(sql<SqlBool>`i.state in (${list(q.state)})`);
  if (q.stateCategory) where.push(sql<SqlBool>`i.state_category in (${list(q.stateCategory)})`);
  if (q.priority) where.push(sql<SqlBool>`i.priority in (${list(q.priority)})`);
  if (q.severity) where.push(sql<SqlBool>`i.severity in (${list(q.severity)})`);
  if (q.teamId) where.push(sql<SqlBool>`i.team_id = ${q.teamId}::uuid`);
  if (q.assigneeId === 'none') where.push(sql<SqlBool>`i.assignee_id is null`);
  else if (q.assigneeId) where.push(sql<SqlBool>`i.assignee_id = ${q.assigneeId === 'me' ? actor.userId : q.assigneeId}::uuid`);
  if (q.reporterId) where.push(sql<SqlBool>`i.reporter_id = ${q.reporterId === 'me' ? actor.userId : q.reporterId}::uuid`);
  if (q.businessArea) where.push(sql<SqlBool>`i.business_areas && array[${list(q.businessArea)}]::text[]`);
  if (q.createdFrom) where.push(sql<SqlBool>`i.created_at >= ${bound(q.createdFrom, false)}`);
  if (q.createdTo) where.push(sql<SqlBool>`i.created_at < ${bound(q.createdTo, true)}`);
  if (q.updatedFrom) where.push(sql<SqlBool>`i.updated_at >= ${bound(q.updatedFrom, false)}`);
  if (q.updatedTo) where.push(sql<SqlBool>`i.updated_at < ${bound(q.updatedTo, true)}`);

  for (const [param, value] of Object.entries(q)) {
    const m = customFilterPattern.exec(param);
    if (!m || typeof value !== 'string') continue;
    const alternatives = customAlternatives(m[1]!, value).map((json) => sql`i.custom @> ${json}::jsonb`);
    where.push(sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`);
  }

  if (q.q) {
    const query = sql`websearch_to_tsquery('simple', ${q.q})`;
    const commentVisible = seesInternal(actor) ? sql`` : sql` and c.visibility = 'public'`;
    // `= any(array(...))` runs the comment search once through its GIN index; a correlated `exists` would scan every incident.
    where.push(sql<SqlBool>`(i.search @@ ${query} or i.id = any(array(select c.incident_id from comments c where c.search @@ ${query}${commentVisible})))`);
  }
  return where;
}

/** The columns a list row presents; not the description, custom values or the search vector. */
const summaryColumns = [
  'i.id', 'i.number', 'i.type_id', 'i.title', 'i.category', 'i.severity', 'i.impact', 'i.urgency', 'i.priority', 'i.priority_overridden',
  'i.business_areas', 'i.services', 'i.assets', 'i.locations', 'i.reporter_id', 'i.assignee_id', 'i.team_id', 'i.state', 'i.state_category',
  'i.restricted', 'i.confidentiality', 'i.source', 'i.due_at', 'i.occurred_at', 'i.detected_at', 'i.became_aware_at', 'i.reported_at',
  'i.acknowledged_at', 'i.resolved_at', 'i.closed_at', 'i.merged_into_id', 'i.created_at', 'i.updated_at', 'i.version',
] as const;

/**
 * The incident list: filters, full-text search, a stable keyset-paged sort and the total, all under
 * the caller's visibility, so a hidden incident is in neither the page nor the count.
 */
export async function listIncidents(db: DbOrTx, actor: Actor, q: IncidentListQuery, now?: Date): Promise<IncidentList> {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in first');
  const keys = sortKeys(q.sort, q.order);
  const where = await buildFilters(db, actor, q);
  const cursor = q.cursor ? decodeCursor(q.cursor, 'cursor', (v) => v.length === keys.length + 1 && v[0] === q.sort && keys.every((k, i) => validKey(k, v[i + 1]))) : null;

  let page = db.selectFrom('incidents as i').select(summaryColumns);
  keys.forEach((k, i) => {
    page = page.select(sql<string>`to_json(${k.expr})#>>'{}'`.as(`k${i}`));
  });
  for (const w of where) page = page.where(w);
  if (cursor) page = page.where(afterCursor(keys, cursor.slice(1)));
  for (const k of keys) page = page.orderBy(k.expr, k.dir);
  let count = db.selectFrom('incidents as i').select(sql<number>`count(*)::int`.as('n'));
  for (const w of where) count = count.where(w);

  const [rows, total] = await Promise.all([page.limit(q.limit + 1).execute(), count.executeTakeFirstOrThrow()]);
  const items = rows.slice(0, q.limit) as Array<IncidentRow & Record<string, string>>;
  const [types, lookups] = await Promise.all([loadTypes(db, items.map((r) => r.type_id)), loadLookups(db, items, now)]);
  const last = items.at(-1);
  return {
    items: items.map((r) => presentIncidentSummary(r, types.get(r.type_id)!, lookups)),
    total: total.n,
    nextCursor: rows.length > q.limit && last ? encodeCursor([q.sort, ...keys.map((_, i) => last[`k${i}`])]) : null,
  };
}
