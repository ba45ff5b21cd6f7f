import type { Attachment } from '@vigil/shared';
import type { ReadStream } from 'node:fs';
import type { DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { getVisibleIncidentRow, incidentVisibleTo } from '../incidents/index.js';
import { attachmentVisibleTo } from './attachment.policy.js';
import { attachmentContentHeaders, presentAttachment } from './attachment.presenter.js';
import type { AttachmentWithUploader } from './attachment.repo.js';
import { openBlob } from './attachment.storage.js';

/** Attachments and what they hang off, narrowed to what the actor may see (incident visibility and internal/public). */
function visibleAttachments(db: DbOrTx, actor: Actor) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('incidents as i', 'i.id', 'a.incident_id')
    .leftJoin('comments as c', 'c.id', 'a.comment_id')
    .leftJoin('users as u', 'u.id', 'a.uploaded_by')
    .selectAll('a')
    .select('u.name as uploader_name')
    .where(incidentVisibleTo(actor, 'i'))
    .where(attachmentVisibleTo(actor));
}

/** The attachments of an incident the actor may see, oldest first. */
export async function listAttachments(db: DbOrTx, actor: Actor, incidentRef: string): Promise<{ items: Attachment[] }> {
  requireUser(actor);
  const incident = await getVisibleIncidentRow(db, actor, incidentRef);
  if (!incident) throw notFound('Incident');
  const rows: AttachmentWithUploader[] = await visibleAttachments(db, actor).where('a.incident_id', '=', incident.id).orderBy('a.created_at').orderBy('a.id').execute();
  return { items: rows.map(presentAttachment) };
}

async function getVisibleAttachmentRow(db: DbOrTx, actor: Actor, id: string): Promise<AttachmentWithUploader> {
  requireUser(actor);
  const row = await visibleAttachments(db, actor).where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Attachment');
  return row;
}

/** One attachment's metadata; not found when the actor may not see it or its incident. */
export async function getAttachment(db: DbOrTx, actor: Actor, id: string): Promise<Attachment> {
  return presentAttachment(await getVisibleAttachmentRow(db, actor, id));
}

/** The stored content of an attachment with the headers to send it safely. */
export async function getAttachmentContent(deps: Deps, actor: Actor, id: string, inline: boolean): Promise<{ stream: ReadStream; headers: Record<string, string> }> {
  const row = await getVisibleAttachmentRow(deps.db, actor, id);
  const blob = await openBlob(deps.config.dataDir, row.sha256);
  if (!blob) {
    deps.log.error({ attachmentId: row.id, sha256: row.sha256 }, 'attachment content missing from storage');
    throw new AppError('not_found', 'The content of this attachment is missing from storage');
  }
  return { stream: blob.stream, headers: attachmentContentHeaders(row, blob.size, inline) };
}
