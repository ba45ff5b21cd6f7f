import type { AlertDetail, AlertListQuery, AlertStatus, Alert } from '@vigil/shared';
import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { getVisibleIncidentRow, incidentVisibleTo } from '../incidents/index.js';
import { presentAlert, presentHistoryEntry, type AlertView } from './alert.presenter.js';

/** History entries shown with one alert, the most recent ones. */
const HISTORY_LIMIT = 500;

type From = DB & { a: DB['alerts']; i: DB['incidents']; g: DB['integrations'] };

/**
 * An alert is visible when its incident is (the incidents module's rule, in SQL); an alert that
 * opened no incident (its event was refused) only to those who see every incident.
 */
function alertVisibleTo(actor: Actor) {
  const seesAll = actor.kind === 'system' || actor.kind === 'cli' || actor.role === 'admin' || actor.role === 'auditor';
  return (eb: ExpressionBuilder<From, 'a' | 'i' | 'g'>): Expression<SqlBool> =>
    eb.or([eb.and([eb('a.incident_id', 'is not', null), incidentVisibleTo(actor, 'i')]), ...(seesAll ? [eb('a.incident_id', 'is', null)] : [])]);
}

function selectViews(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('alerts as a')
    .innerJoin('integrations as g', 'g.id', 'a.integration_id')
    .leftJoin('incidents as i', 'i.id', 'a.incident_id')
    .selectAll('a')
    .select(['g.name as integration_name', 'g.kind as integration_kind', 'i.number as incident_number', 'i.title as incident_title'])
    .where(alertVisibleTo(actor));
}

function encodeCursor(v: AlertView): string {
  return Buffer.from(JSON.stringify([v.created_at.toISOString(), v.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/.test(v[1])) {
      return { at: v[0], id: v[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor is not a cursor this list returned', [{ path: 'query.cursor', message: 'is not valid' }]);
}

/** Alerts the actor may see, newest first, filtered by integration, status and incident (id or number). */
export async function listAlerts(db: DbOrTx, actor: Actor, q: AlertListQuery): Promise<{ items: Alert[]; nextCursor: string | null }> {
  requireUser(actor);
  let query = selectViews(db, actor);
  if (q.integrationId) query = query.where('a.integration_id', '=', q.integrationId);
  if (q.status) query = query.where('a.status', '=', q.status as AlertStatus);
  if (q.incident) {
    const incident = await getVisibleIncidentRow(db, actor, q.incident);
    if (!incident) return { items: [], nextCursor: null };
    query = query.where('a.incident_id', '=', incident.id);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    query = query.where(sql<SqlBool>`(a.created_at, a.id) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const rows: AlertView[] = await query
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = rows.slice(0, q.limit);
  return { items: items.map(presentAlert), nextCursor: rows.length > q.limit ? encodeCursor(items.at(-1)!) : null };
}

/** One alert with its history (the most recent entries, oldest first); not found when the actor may not see it. */
export async function getAlert(db: DbOrTx, actor: Actor, id: string): Promise<AlertDetail> {
  requireUser(actor);
  const view: AlertView | undefined = await selectViews(db, actor).where('a.id', '=', id).executeTakeFirst();
  if (!view) throw notFound('Alert');
  const history = await db.selectFrom('alert_history').selectAll().where('alert_id', '=', id).orderBy('id', 'desc').limit(HISTORY_LIMIT).execute();
  return { ...presentAlert(view), history: history.reverse().map(presentHistoryEntry) };
}
