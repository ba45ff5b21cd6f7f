import type { Insertable, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { WebhookEndpointRow, WebhookEndpointsTable } from '../../db/schema.js';

export type EndpointView = WebhookEndpointRow & { team_name: string | null };

const withTeam = (db: DbOrTx) =>
  db.selectFrom('webhook_endpoints as e').leftJoin('teams as t', 't.id', 'e.team_id').selectAll('e').select('t.name as team_name');

export async function insertEndpoint(tx: Tx, row: Insertable<WebhookEndpointsTable>): Promise<WebhookEndpointRow> {
  return tx.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function selectEndpoints(db: DbOrTx): Promise<EndpointView[]> {
  return withTeam(db).orderBy('e.created_at').orderBy('e.id').execute();
}

export async function selectEndpoint(db: DbOrTx, id: string): Promise<EndpointView | undefined> {
  return withTeam(db).where('e.id', '=', id).executeTakeFirst();
}

export async function selectEndpointForUpdate(tx: Tx, id: string): Promise<WebhookEndpointRow | undefined> {
  return tx.selectFrom('webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateEndpointRow(tx: Tx, id: string, set: Updateable<WebhookEndpointsTable>): Promise<WebhookEndpointRow> {
  return tx.updateTable('webhook_endpoints').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function deleteEndpointRow(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
}

/**
 * Enabled endpoints subscribed to `eventType` that may receive this incident: any endpoint for a
 * non-restricted incident; for a restricted one only endpoints of a team that sees it (the
 * incident's team or its type's default team), as a member of that team would.
 */
export async function selectSubscribedEndpoints(db: DbOrTx, eventType: string, incident: { restricted: boolean; teamId: string | null; typeTeamId: string | null }): Promise<WebhookEndpointRow[]> {
  let q = db.selectFrom('webhook_endpoints').selectAll().where('enabled', '=', true).where(sql<boolean>`${eventType} = any(event_types)`);
  if (incident.restricted) {
    const teams = [incident.teamId, incident.typeTeamId].filter((t): t is string => t !== null);
    if (teams.length === 0) return [];
    q = q.where('team_id', 'in', teams);
  }
  return q.orderBy('created_at').orderBy('id').execute();
}
