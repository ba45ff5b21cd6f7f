import type { Clock, Deadline, DeadlinesQuery, IncidentClock, LocalizedText, Priority } from '@vigil/shared';
import { isLegalClockKind } from '@vigil/shared';
import { sql } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { ClockRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { getVisibleIncidentRow, incidentVisibleTo } from '../incidents/index.js';
import { presentClock, presentIncidentClock } from './clock.presenter.js';
import { selectClocksOfIncident, selectClocksOfIncidents } from './clock.repo.js';

/**
 * The clocks of several incidents, for presenting them (one query for a whole list page). Business
 * time left is computed as of `now`; callers without the app clock get the wall clock.
 */
export async function clocksOf(db: DbOrTx, incidentIds: readonly string[], now: Date = new Date()): Promise<Map<string, IncidentClock[]>> {
  const byIncident = new Map<string, IncidentClock[]>();
  for (const row of await selectClocksOfIncidents(db, incidentIds)) {
    const list = byIncident.get(row.incident_id) ?? [];
    list.push(presentIncidentClock(row, now));
    byIncident.set(row.incident_id, list);
  }
  return byIncident;
}

/** Every clock of an incident the actor may see, in full (submissions included, so not for reporters). */
export async function listIncidentClocks(db: DbOrTx, actor: Actor, ref: string, now: Date): Promise<{ items: Clock[]; asOf: string }> {
  requireRole(actor, 'admin', 'manager', 'agent', 'auditor');
  const incident = await getVisibleIncidentRow(db, actor, ref);
  if (!incident) throw notFound('Incident');
  const rows = await selectClocksOfIncident(db, incident.id);
  return { items: rows.map((r) => presentClock(r, now)), asOf: now.toISOString() };
}

const DEFAULT_HORIZON_MS = 30 * 24 * 3_600_000;

function decodeCursor(cursor: string): { dueAt: string; id: string } {
  try {
    const [dueAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof dueAt === 'string' && !Number.isNaN(Date.parse(dueAt)) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { dueAt, id };
  } catch {
    // fall through
  }
  throw new AppError('validation_failed', 'cursor is not a cursor of this list', [{ path: 'querystring.cursor', message: 'is not a cursor of this list' }]);
}

/**
 * The upcoming-deadlines view: clocks still owed (running, or breached and not yet met) on incidents
 * the actor may see (visibility in SQL), ordered by due time, overdue first.
 */
export async function listDeadlines(db: DbOrTx, actor: Actor, q: DeadlinesQuery, now: Date): Promise<{ items: Deadline[]; nextCursor: string | null; asOf: string }> {
  requireRole(actor, 'admin', 'manager', 'agent', 'auditor');
  const to = q.to ? new Date(q.to) : new Date(now.getTime() + DEFAULT_HORIZON_MS);
  let query = db
    .selectFrom('clocks as c')
    .innerJoin('incidents as i', 'i.id', 'c.incident_id')
    .innerJoin('incident_types as t', 't.id', 'i.type_id')
    .leftJoin('teams as tm', 'tm.id', 'i.team_id')
    .leftJoin('users as u', 'u.id', 'i.assignee_id')
    .selectAll('c')
    .select(['i.number', 'i.title', 'i.priority', 'i.team_id', 'i.assignee_id', 't.key as type_key', 't.name as type_name', 'tm.name as team_name', 'u.name as assignee_name'])
    .where('c.state', 'in', ['running', 'breached'])
    .where('c.met_at', 'is', null)
    .where('c.due_at', '<', to)
    .where(incidentVisibleTo(actor, 'i'));
  if (q.from) query = query.where('c.due_at', '>=', new Date(q.from));
  if (q.legal === 'true') query = query.where('c.kind', 'not in', ['sla_ack', 'sla_resolve', 'sla_update']);
  if (q.legal === 'false') query = query.where('c.kind', 'in', ['sla_ack', 'sla_resolve', 'sla_update']);
  if (q.cursor) {
    const after = decodeCursor(q.cursor);
    query = query.where(sql<boolean>`(c.due_at, c.id) > (${new Date(after.dueAt)}::timestamptz, ${after.id}::uuid)`);
  }
  const rows = await query.orderBy('c.due_at').orderBy('c.id').limit(q.limit + 1).execute();
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      ...presentIncidentClock(r as ClockRow, now),
      legal: isLegalClockKind(r.kind),
      incident: {
        id: r.incident_id,
        number: r.number,
        title: r.title,
        type: { key: r.type_key, name: r.type_name as LocalizedText },
        priority: r.priority as Priority,
        team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
        assignee: r.assignee_id ? { id: r.assignee_id, name: r.assignee_name ?? '' } : null,
      },
    })),
    nextCursor: rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.due_at!.toISOString(), last.id])).toString('base64url') : null,
    asOf: now.toISOString(),
  };
}
