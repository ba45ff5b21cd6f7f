import type { Insertable, Selectable } from 'kysely';
import type { DbOrTx } from '../../db/client.js';
import type { AttachmentsTable } from '../../db/schema.js';

export type AttachmentRow = Selectable<AttachmentsTable>;
/** An attachment with the uploader's name, as the presenter needs it. */
export type AttachmentWithUploader = AttachmentRow & { uploader_name: string | null };

export async function insertAttachment(db: DbOrTx, row: Insertable<AttachmentsTable>): Promise<AttachmentRow> {
  return db.insertInto('attachments').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The comment a file is attached to, when it is on the given incident. */
export async function selectCommentOnIncident(db: DbOrTx, commentId: string, incidentId: string) {
  return db
    .selectFrom('comments')
    .select(['id', 'author_id', 'visibility'])
    .where('id', '=', commentId)
    .where('incident_id', '=', incidentId)
    .executeTakeFirst();
}

export async function selectUserName(db: DbOrTx, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('name').where('id', '=', userId).executeTakeFirst();
  return row?.name ?? null;
}
