import type { Comment, Incident, IncidentType, TimelineEvent } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { clocksOf } from '../clocks/index.js';
import { selectTimeline } from '../timeline/index.js';
import { getIncidentType } from '../types/index.js';
import { selectComments, type CommentView } from './comment.repo.js';
import type { CommentRow } from './comment.commands.js';
import { decodeCursor, encodeCursor, isTimestampKey, isUuid } from './incident.cursor.js';
import { presentIncident, type Lookups } from './incident.presenter.js';
import { selectIncidentNumbers, selectTeamNames, selectUserNames, selectVisibleAmong, selectVisibleIncident, selectWatchers } from './incident.repo.js';
import { seesInternal } from './incident.visibility.js';

/** The incident row the actor may see, by id or number, or null: what other modules use before touching anything of an incident. */
export async function getVisibleIncidentRow(db: DbOrTx, actor: Actor, idOrNumber: string): Promise<IncidentRow | null> {
  return selectVisibleIncident(db, actor, idOrNumber);
}

async function requireVisible(db: DbOrTx, actor: Actor, ref: string): Promise<IncidentRow> {
  const row = await selectVisibleIncident(db, actor, ref);
  if (!row) throw notFound('Incident');
  return row;
}

/** The names, numbers and clocks a page of incidents refers to, fetched once per page. */
/** `now` is the app clock's time, for the remaining time of each clock. */
export async function loadLookups(db: DbOrTx, rows: IncidentRow[], now: Date = new Date()): Promise<Lookups> {
  const userIds = rows.flatMap((r) => [r.reporter_id, r.assignee_id]).filter((v): v is string => v !== null);
  const teamIds = rows.map((r) => r.team_id).filter((v): v is string => v !== null);
  const mergedIds = rows.map((r) => r.merged_into_id).filter((v): v is string => v !== null);
  const [users, teams, incidents, clocks] = await Promise.all([selectUserNames(db, userIds), selectTeamNames(db, teamIds), selectIncidentNumbers(db, mergedIds), clocksOf(db, rows.map((r) => r.id), now)]);
  return { users, teams, incidents, clocks };
}

/** The types of a page of incidents, each read once. */
export async function loadTypes(db: DbOrTx, typeIds: readonly string[]): Promise<Map<string, IncidentType>> {
  const types = new Map<string, IncidentType>();
  for (const id of new Set(typeIds)) {
    const type = await getIncidentType(db, id);
    if (!type) throw new Error(`incident type ${id} is missing`);
    types.set(id, type);
  }
  return types;
}

/** Presents a row for this actor: names, watchers, and the transitions they may take next. */
export async function presentIncidentRow(db: DbOrTx, actor: Actor, row: IncidentRow, now?: Date): Promise<Incident> {
  const [types, lookups, watchers] = await Promise.all([loadTypes(db, [row.type_id]), loadLookups(db, [row], now), selectWatchers(db, row.id)]);
  return presentIncident(row, types.get(row.type_id)!, lookups, watchers, actor.role);
}

/** One incident by id or number; not_found when it does not exist or the actor may not see it. */
export async function getIncident(db: DbOrTx, actor: Actor, ref: string, now?: Date): Promise<Incident> {
  return presentIncidentRow(db, actor, await requireVisible(db, actor, ref), now);
}

function presentComment(c: CommentView | (CommentRow & { author_name: string | null })): Comment {
  return {
    id: c.id,
    incidentId: c.incident_id,
    author: c.author_id ? { id: c.author_id, name: c.author_name ?? '' } : null,
    body: c.body,
    visibility: c.visibility,
    createdAt: c.created_at.toISOString(),
  };
}

/** A comment just written, presented with its author's name. */
export async function presentNewComment(db: DbOrTx, comment: CommentRow): Promise<Comment> {
  const names = await selectUserNames(db, comment.author_id ? [comment.author_id] : []);
  return presentComment({ ...comment, author_name: comment.author_id ? (names.get(comment.author_id) ?? null) : null });
}

/** Comments of an incident, oldest first; reporters read the public ones only. */
export async function listComments(db: DbOrTx, actor: Actor, ref: string, page: { cursor?: string | undefined; limit: number }): Promise<{ items: Comment[]; nextCursor: string | null }> {
  const incident = await requireVisible(db, actor, ref);
  const after = page.cursor ? decodeCursor(page.cursor, 'cursor', (v) => v.length === 2 && isTimestampKey(v[0]) && isUuid(v[1])) : undefined;
  const rows = await selectComments(db, actor, incident.id, { ...(after ? { after: { at: after[0] as string, id: after[1] as string } } : {}), limit: page.limit + 1 });
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map(presentComment), nextCursor: rows.length > page.limit && last ? encodeCursor([last.created_key, last.id]) : null };
}

/** Who watches an incident. */
export async function listWatchers(db: DbOrTx, actor: Actor, ref: string): Promise<{ items: Array<{ id: string; name: string }> }> {
  const incident = await requireVisible(db, actor, ref);
  return { items: await selectWatchers(db, incident.id) };
}

/** The watchers of an incident already checked visible (after a watcher change). */
export async function watchersOf(db: DbOrTx, incidentId: string): Promise<{ items: Array<{ id: string; name: string }> }> {
  return { items: await selectWatchers(db, incidentId) };
}

/** The incident's timeline in order; reporters read the public events only. */
export async function getIncidentTimeline(db: DbOrTx, actor: Actor, ref: string, page: { after?: number | undefined; limit: number }): Promise<{ items: TimelineEvent[]; nextAfter: number | null }> {
  const incident = await requireVisible(db, actor, ref);
  const rows = await selectTimeline(db, incident.id, { publicOnly: !seesInternal(actor), ...(page.after !== undefined ? { afterId: page.after } : {}), limit: page.limit + 1 });
  const items = rows.slice(0, page.limit).map(
    (e): TimelineEvent => ({
      id: e.id,
      incidentId: e.incident_id,
      type: e.type as TimelineEvent['type'],
      actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
      visibility: e.visibility,
      data: e.data,
      createdAt: e.created_at.toISOString(),
    }),
  );
  await hideIncidentsOutOfSight(db, actor, items);
  return { items, nextAfter: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Events name other incidents (links, merges). When the caller may not see the other incident, its
 * number is removed, so a timeline never reveals a restricted incident's number.
 */
async function hideIncidentsOutOfSight(db: DbOrTx, actor: Actor, items: TimelineEvent[]): Promise<void> {
  // Each reference: the other incident's id and the object whose `number` names it.
  const refs: Array<{ id: string; holder: Record<string, unknown> }> = [];
  for (const e of items) {
    const d = e.data as Record<string, unknown>;
    if (typeof d.incidentId === 'string') refs.push({ id: d.incidentId, holder: d });
    for (const key of ['into', 'duplicate']) {
      const ref = d[key] as Record<string, unknown> | undefined;
      if (ref && typeof ref === 'object' && typeof ref.id === 'string') refs.push({ id: ref.id, holder: ref });
    }
  }
  const visible = await selectVisibleAmong(db, actor, [...new Set(refs.map((r) => r.id))]);
  for (const r of refs) if (!visible.has(r.id)) r.holder.number = null;
}
