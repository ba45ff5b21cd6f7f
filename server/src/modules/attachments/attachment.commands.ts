import type { Readable } from 'node:stream';
import { attachmentUploadFieldsSchema, limits, type Attachment } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { getVisibleIncidentRow } from '../incidents/index.js';
import { appendTimeline } from '../timeline/index.js';
import { detectAttachmentType } from './attachment.content-type.js';
import { sanitizeFilename } from './attachment.filename.js';
import { isPublicAttachment, requireMayUploadTo, requireUploader } from './attachment.policy.js';
import { presentAttachment } from './attachment.presenter.js';
import { insertAttachment, selectCommentOnIncident, selectUserName } from './attachment.repo.js';
import { commitBlob, discardBlob, stageBlob, type StagedBlob } from './attachment.storage.js';

/** One part of a multipart upload, as @fastify/multipart yields them. */
export type UploadPart =
  | { type: 'file'; fieldname: string; filename: string; mimetype: string; file: Readable & { truncated?: boolean } }
  | { type: 'field'; fieldname: string; value: unknown };

type ReceivedUpload = { staged: StagedBlob; filename: string; declaredType: string; fields: Record<string, unknown> };

/**
 * Attaches an uploaded file to an incident. The caller's rights are checked before the body is read;
 * the content is then staged while hashed, typed from its bytes, and moved to its content address;
 * the row, the timeline event and the audit record follow in one transaction. A failed transaction
 * leaves at most an unreferenced blob, never a row without content.
 */
export async function addAttachment(deps: Deps, actor: Actor, incidentRef: string, parts: AsyncIterable<UploadPart>): Promise<Attachment> {
  requireUploader(actor);
  const incident = await getVisibleIncidentRow(deps.db, actor, incidentRef);
  if (!incident) throw notFound('Incident');
  requireMayUploadTo(actor, incident);

  const upload = await receiveUpload(deps.config.dataDir, parts);
  let commentId: string | null;
  let filename: string;
  let contentType: string;
  try {
    const fields = attachmentUploadFieldsSchema.safeParse(upload.fields);
    if (!fields.success) throw new AppError('validation_failed', 'commentId must be a comment id (UUID)', { path: 'body.commentId' });
    commentId = fields.data.commentId ?? null;
    if (upload.staged.size === 0) throw new AppError('validation_failed', 'The file is empty');
    filename = sanitizeFilename(upload.filename);
    contentType = await detectAttachmentType(upload.staged.tmpPath, upload.staged.size, { filename, declaredType: upload.declaredType });
    if (commentId) await requireOwnComment(deps.db, actor, incident.id, commentId);
    await commitBlob(deps.config.dataDir, upload.staged);
  } catch (err) {
    await discardBlob(upload.staged);
    throw err;
  }

  const uploaderId = actor.userId;
  const row = await deps.db.transaction().execute(async (tx) => {
    const comment = commentId ? await requireOwnComment(tx, actor, incident.id, commentId) : null;
    const now = deps.clock.now();
    const inserted = await insertAttachment(tx, {
      incident_id: incident.id,
      comment_id: commentId,
      sha256: upload.staged.sha256,
      filename,
      content_type: contentType,
      size: upload.staged.size,
      uploaded_by: uploaderId,
      created_at: now,
    });
    const withUploader = { ...inserted, uploader_name: uploaderId ? await selectUserName(tx, uploaderId) : null };
    const visibility = isPublicAttachment(incident, uploaderId, comment?.visibility ?? null) ? 'public' : 'internal';
    await appendTimeline(tx, actor, now, incident.id, 'attachment.added', { attachmentId: inserted.id, filename, contentType, size: inserted.size, commentId }, visibility);
    await appendAudit(tx, actor, now, {
      entityType: 'attachment',
      entityId: inserted.id,
      action: 'create',
      after: { ...presentAttachment({ ...inserted, uploader_name: null }), uploadedBy: uploaderId, incidentNumber: incident.number },
    });
    return withUploader;
  });
  return presentAttachment(row);
}

/** Reads the parts: exactly one file, in the part `file`, streamed to a staged blob; fields kept as text. */
async function receiveUpload(dataDir: string, parts: AsyncIterable<UploadPart>): Promise<ReceivedUpload> {
  let received: ReceivedUpload | null = null;
  const fields: Record<string, unknown> = {};
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'file' || received) {
        part.file.resume();
        throw new AppError('validation_failed', 'Send exactly one file, in the form field "file"', { path: 'body.file' });
      }
      const staged = await stageBlob(dataDir, part.file, limits.attachmentBytes);
      received = { staged, filename: part.filename, declaredType: part.mimetype, fields };
    }
  } catch (err) {
    if (received) await discardBlob(received.staged);
    throw err;
  }
  if (!received) throw new AppError('validation_failed', 'Send one file in the multipart form field "file"', { path: 'body.file' });
  return received;
}

/** A file may be attached only to a comment the actor wrote on the same incident (and may read). */
async function requireOwnComment(db: DbOrTx, actor: Actor, incidentId: string, commentId: string) {
  const comment = await selectCommentOnIncident(db, commentId, incidentId);
  const readable = comment && (actor.role !== 'reporter' || comment.visibility === 'public');
  if (!comment || !readable || comment.author_id !== actor.userId) {
    throw new AppError('unprocessable', 'commentId must name one of your comments on this incident', { path: 'body.commentId' });
  }
  return comment;
}
