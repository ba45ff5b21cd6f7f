import type { Role } from '@vigil/shared';
import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { NotificationRow } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { incidentVisibleTo, visibleIncidentIds } from '../incidents/index.js';

export type Recipient = { id: string; name: string; email: string; locale: 'en' | 'de'; timeZone: string; role: Role; active: boolean; teamIds: string[] };

/** Users by id with what a notification needs of them (role and teams decide what they may see). */
export async function selectRecipients(db: DbOrTx, ids: readonly string[]): Promise<Map<string, Recipient>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('users as u')
    .select(['u.id', 'u.name', 'u.email', 'u.locale', 'u.time_zone', 'u.role', 'u.active'])
    .select(sql<string[]>`array(select tm.team_id::text from team_members tm where tm.user_id = u.id order by tm.team_id)`.as('team_ids'))
    .where('u.id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name, email: r.email, locale: r.locale, timeZone: r.time_zone, role: r.role, active: r.active, teamIds: r.team_ids }]));
}

/** Of these users (as actors), the ids of those who may see the incident, applying the incidents module's visibility rule. */
export async function selectUsersSeeingIncident(db: DbOrTx, incidentId: string, actors: readonly Actor[]): Promise<Set<string>> {
  const seeing = new Set<string>();
  for (const actor of actors) {
    const row = await db.selectFrom('incidents as i').select('i.id').where('i.id', '=', incidentId).where(incidentVisibleTo(actor, 'i')).executeTakeFirst();
    if (row && actor.userId) seeing.add(actor.userId);
  }
  return seeing;
}

export async function selectIncidentSummary(db: DbOrTx, incidentId: string): Promise<{ id: string; number: string; title: string } | null> {
  return (await db.selectFrom('incidents').select(['id', 'number', 'title']).where('id', '=', incidentId).executeTakeFirst()) ?? null;
}

export type NewNotification = {
  id: string;
  user_id: string;
  incident_id: string | null;
  kind: string;
  urgency: 'high' | 'low';
  title: string;
  body: string;
  ack_url: string | null;
  dedupe_key: string;
  created_at: Date;
};

/** Inserts an inbox row; null when a row with the same dedupe key exists (this dispatch already ran). */
export async function insertNotification(tx: Tx, row: NewNotification): Promise<NotificationRow | null> {
  const inserted = await tx
    .insertInto('notifications')
    .values({ ...row, read_at: null })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return inserted ?? null;
}

export type InboxRow = NotificationRow & { incident_number: string | null; incident_title: string | null };

/**
 * The user's notifications, newest first, keyset-paged; a notification about an incident the user
 * may no longer see is left out (visibility in SQL, also for counts).
 */
export async function selectInbox(db: DbOrTx, actor: Actor & { userId: string }, opts: { unreadOnly: boolean; before?: { at: string; id: string }; limit: number }): Promise<InboxRow[]> {
  let q = db
    .selectFrom('notifications as n')
    .leftJoin('incidents as i', 'i.id', 'n.incident_id')
    .selectAll('n')
    .select(['i.number as incident_number', 'i.title as incident_title'])
    .where('n.user_id', '=', actor.userId)
    .where((eb) => eb.or([eb('n.incident_id', 'is', null), eb('n.incident_id', 'in', visibleIncidentIds(db, actor))]));
  if (opts.unreadOnly) q = q.where('n.read_at', 'is', null);
  if (opts.before) {
    const { at, id } = opts.before;
    q = q.where(sql<boolean>`(n.created_at, n.id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  return q.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(opts.limit).execute();
}

export async function countUnread(db: DbOrTx, actor: Actor & { userId: string }): Promise<number> {
  const row = await db
    .selectFrom('notifications as n')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('n.user_id', '=', actor.userId)
    .where('n.read_at', 'is', null)
    .where((eb) => eb.or([eb('n.incident_id', 'is', null), eb('n.incident_id', 'in', visibleIncidentIds(db, actor))]))
    .executeTakeFirstOrThrow();
  return row.n;
}

/** One of the user's notifications (visibility as in the inbox), locked for the rest of the transaction. */
export async function selectOwnNotificationForUpdate(tx: Tx, actor: Actor & { userId: string }, id: string): Promise<InboxRow | null> {
  const row = await tx
    .selectFrom('notifications as n')
    .leftJoin('incidents as i', 'i.id', 'n.incident_id')
    .selectAll('n')
    .select(['i.number as incident_number', 'i.title as incident_title'])
    .where('n.id', '=', id)
    .where('n.user_id', '=', actor.userId)
    .where((eb) => eb.or([eb('n.incident_id', 'is', null), eb('n.incident_id', 'in', visibleIncidentIds(tx, actor))]))
    .forUpdate('n')
    .executeTakeFirst();
  return row ?? null;
}

export async function updateNotificationRead(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.updateTable('notifications').set({ read_at: at }).where('id', '=', id).execute();
}

/** Marks every unread notification of the user read; returns how many. */
export async function updateAllRead(tx: Tx, userId: string, at: Date): Promise<number> {
  const r = await tx.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
