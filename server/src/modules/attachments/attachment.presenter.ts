import { inlineAttachmentTypes, type Attachment } from '@vigil/shared';
import { contentDisposition } from './attachment.filename.js';
import type { AttachmentWithUploader } from './attachment.repo.js';

const inlineTypes = new Set<string>(inlineAttachmentTypes);

/** Row to API shape. */
export function presentAttachment(row: AttachmentWithUploader): Attachment {
  return {
    id: row.id,
    incidentId: row.incident_id,
    commentId: row.comment_id,
    filename: row.filename,
    contentType: row.content_type,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploaded_by ? { id: row.uploaded_by, name: row.uploader_name ?? '' } : null,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Response headers for attachment content: always a download, except PNG/JPEG/GIF/WebP images asked
 * for inline; never sniffed, sandboxed if a browser renders it anyway, never cached.
 */
export function attachmentContentHeaders(row: Pick<AttachmentWithUploader, 'content_type' | 'filename' | 'sha256'>, size: number, inlineRequested: boolean): Record<string, string> {
  const inline = inlineRequested && inlineTypes.has(row.content_type);
  return {
    'content-type': row.content_type,
    'content-length': String(size),
    'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', row.filename),
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'",
    'cache-control': 'private, no-store',
    'cross-origin-resource-policy': 'same-origin',
    etag: `"${row.sha256}"`,
  };
}
