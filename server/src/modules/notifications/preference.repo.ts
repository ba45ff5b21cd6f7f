import type { NotificationPreferencesInput } from '@vigil/shared';
import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { NotificationPreferencesRow, TeamNotificationRuleRow } from '../../db/schema.js';

export async function selectPreferences(db: DbOrTx, userId: string): Promise<NotificationPreferencesRow | null> {
  return (await db.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst()) ?? null;
}

export async function selectUserZone(db: DbOrTx, userId: string): Promise<string | null> {
  return (await db.selectFrom('users').select('time_zone').where('id', '=', userId).executeTakeFirst())?.time_zone ?? null;
}

/** Writes the user's preferences (insert or replace), bumping the version. */
export async function upsertPreferences(tx: Tx, userId: string, p: NotificationPreferencesInput, at: Date): Promise<NotificationPreferencesRow> {
  const values = { high_email: p.high.email, low_email: p.low.email, low_digest: p.low.digest, quiet_hours: JSON.stringify(p.quietHours), updated_at: at };
  return tx
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...values, version: sql<number>`notification_preferences.version + 1` }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Files a notification for the user's digest due at `dueAt` (once per notification). */
export async function insertDigestItem(tx: Tx, row: { notification_id: string; user_id: string; due_at: Date }): Promise<void> {
  await tx.insertInto('notification_digest_items').values({ ...row, delivery_id: null, sent_at: null }).onConflict((oc) => oc.column('notification_id').doNothing()).execute();
}

export type DigestEntry = { notification_id: string; incident_id: string | null; incident_number: string | null; title: string; kind: string; created_at: Date };

/** The user's digest items that are due and not yet sent, oldest first, locked for this transaction. */
export async function selectDueDigestItems(tx: Tx, userId: string, now: Date): Promise<DigestEntry[]> {
  return tx
    .selectFrom('notification_digest_items as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .leftJoin('incidents as i', 'i.id', 'n.incident_id')
    .select(['d.notification_id', 'n.incident_id', 'i.number as incident_number', 'n.title', 'n.kind', 'n.created_at'])
    .where('d.user_id', '=', userId)
    .where('d.sent_at', 'is', null)
    .where('d.due_at', '<=', now)
    .orderBy('n.created_at')
    .orderBy('n.id')
    .forUpdate('d')
    .execute();
}

export async function markDigestItemsSent(tx: Tx, ids: readonly string[], deliveryId: string | null, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('notification_digest_items').set({ delivery_id: deliveryId, sent_at: at }).where('notification_id', 'in', ids).execute();
}

// Team notification rules.

export async function selectTeam(db: DbOrTx, teamId: string): Promise<{ id: string; name: string } | null> {
  return (await db.selectFrom('teams').select(['id', 'name']).where('id', '=', teamId).executeTakeFirst()) ?? null;
}

export async function typeExists(db: DbOrTx, typeId: string): Promise<boolean> {
  return (await db.selectFrom('incident_types').select('id').where('id', '=', typeId).executeTakeFirst()) !== undefined;
}

export async function selectTeamRules(db: DbOrTx, teamId: string): Promise<TeamNotificationRuleRow[]> {
  return db.selectFrom('team_notification_rules').selectAll().where('team_id', '=', teamId).orderBy('created_at').orderBy('id').execute();
}

export async function selectTeamRule(db: DbOrTx, teamId: string, id: string, opts: { lock?: boolean } = {}): Promise<TeamNotificationRuleRow | null> {
  const q = db.selectFrom('team_notification_rules').selectAll().where('id', '=', id).where('team_id', '=', teamId);
  return (await (opts.lock ? q.forUpdate() : q).executeTakeFirst()) ?? null;
}

export type NewTeamRule = { team_id: string; type_id: string | null; kinds: string[]; channel_ids: string[]; enabled: boolean; created_by: string | null; at: Date };

export async function insertTeamRule(tx: Tx, r: NewTeamRule): Promise<TeamNotificationRuleRow> {
  return tx
    .insertInto('team_notification_rules')
    .values({ team_id: r.team_id, type_id: r.type_id, kinds: r.kinds, channel_ids: r.channel_ids, enabled: r.enabled, created_by: r.created_by, created_at: r.at, updated_at: r.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateTeamRule(tx: Tx, id: string, set: { type_id?: string | null; kinds?: string[]; channel_ids?: string[]; enabled?: boolean; updated_at: Date }): Promise<TeamNotificationRuleRow> {
  return tx.updateTable('team_notification_rules').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteTeamRule(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('team_notification_rules').where('id', '=', id).execute();
}

/** What a team rule needs to know of an incident. */
export async function selectIncidentForRules(db: DbOrTx, incidentId: string) {
  return (await db.selectFrom('incidents').select(['id', 'number', 'title', 'team_id', 'type_id', 'restricted']).where('id', '=', incidentId).executeTakeFirst()) ?? null;
}

/** The enabled rules of the team that match this type and kind. */
export async function selectMatchingRules(db: DbOrTx, teamId: string, typeId: string, kind: string): Promise<TeamNotificationRuleRow[]> {
  return db
    .selectFrom('team_notification_rules')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('enabled', '=', true)
    .where((eb) => eb.or([eb('type_id', 'is', null), eb('type_id', '=', typeId)]))
    .where(sql<boolean>`${kind} = any(kinds)`)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
