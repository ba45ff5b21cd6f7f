import type { Insertable, Updateable } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { IntegrationRow, IntegrationsTable } from '../../db/schema.js';

/** An integration with the names its presentation shows. */
export type IntegrationView = IntegrationRow & {
  type_key: string;
  type_name: Record<string, string>;
  team_name: string | null;
  creator_name: string | null;
  last_event_at: Date | null;
};

function selectViews(db: DbOrTx) {
  return db
    .selectFrom('integrations as g')
    .innerJoin('incident_types as t', 't.id', 'g.type_id')
    .leftJoin('teams as tm', 'tm.id', 'g.team_id')
    .leftJoin('users as u', 'u.id', 'g.created_by')
    .selectAll('g')
    .select(['t.key as type_key', 't.name as type_name', 'tm.name as team_name', 'u.name as creator_name'])
    .select((eb) =>
      eb
        .selectFrom('alert_events as e')
        .select('e.received_at')
        .whereRef('e.integration_id', '=', 'g.id')
        .orderBy('e.id', 'desc')
        .limit(1)
        .as('last_event_at'),
    );
}

export async function selectIntegrationViews(db: DbOrTx): Promise<IntegrationView[]> {
  return selectViews(db).orderBy('g.created_at').orderBy('g.id').execute();
}

export async function selectIntegrationView(db: DbOrTx, id: string): Promise<IntegrationView | undefined> {
  return selectViews(db).where('g.id', '=', id).executeTakeFirst();
}

export async function selectIntegrationForUpdate(db: DbOrTx, id: string): Promise<IntegrationRow | undefined> {
  return db.selectFrom('integrations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function selectIntegration(db: DbOrTx, id: string): Promise<IntegrationRow | undefined> {
  return db.selectFrom('integrations').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The integration a key belongs to (by its hash), enabled or not. */
export async function selectIntegrationByKeyHash(db: DbOrTx, keyHash: string): Promise<IntegrationRow | undefined> {
  return db.selectFrom('integrations').selectAll().where('key_hash', '=', keyHash).executeTakeFirst();
}

export async function insertIntegration(db: DbOrTx, row: Insertable<IntegrationsTable>): Promise<IntegrationRow> {
  return db.insertInto('integrations').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function updateIntegrationRow(db: DbOrTx, id: string, set: Updateable<IntegrationsTable>): Promise<IntegrationRow> {
  return db.updateTable('integrations').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export async function teamExists(db: DbOrTx, id: string): Promise<boolean> {
  return (await db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
