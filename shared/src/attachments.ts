import { z } from 'zod';
import { attachmentTypes } from './limits.js';

export type AttachmentType = (typeof attachmentTypes)[number];

/** File name extensions accepted for each attachment type (lower case, without the dot); the first is the usual one. */
export const attachmentExtensions: Readonly<Record<AttachmentType, readonly string[]>> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic', 'heif'],
  'application/pdf': ['pdf'],
  'text/plain': ['txt', 'text', 'log'],
  'text/csv': ['csv'],
  'application/json': ['json'],
  'application/zip': ['zip'],
  'application/gzip': ['gz', 'tgz', 'gzip'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'message/rfc822': ['eml'],
  'video/mp4': ['mp4', 'm4v'],
  'audio/mpeg': ['mp3'],
};

/** Image types that may be shown inline (`?inline=1`); everything else is always a download. */
export const inlineAttachmentTypes = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;

export const attachmentFilenameMax = 200;

export const attachmentSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  commentId: z.uuid().nullable(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  /** SHA-256 of the content, hex; lets a client verify what it downloaded. */
  sha256: z.string(),
  uploadedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const attachmentListSchema = z.object({ items: z.array(attachmentSchema) });

/**
 * The multipart form of an upload: one file in the part `file`, optionally `commentId`. Documents the
 * request in OpenAPI; the server reads the parts as a stream (the parsed body is null), so nothing is validated here.
 */
export const attachmentUploadFormSchema = z.preprocess(
  (body) => body ?? undefined,
  z
    .object({
      file: z.file().describe(`The file, at most 25 MiB. Accepted: ${attachmentTypes.join(', ')}. The type is detected from the content; a declared type or extension that disagrees is refused (415).`),
      commentId: z.uuid().optional().describe('Attach the file to one of your comments on the same incident'),
    })
    .optional(),
);

export const attachmentUploadFieldsSchema = z.object({ commentId: z.uuid().optional() });

export const attachmentIncidentParamsSchema = z.object({ id: z.string().min(1).max(100).describe('Incident id or number (INC-2026-000042)') });
export const attachmentParamsSchema = z.object({ id: z.uuid() });
export const attachmentContentQuerySchema = z.object({
  inline: z.enum(['0', '1']).optional().describe('1: show a PNG, JPEG, GIF or WebP image inline; other types are always downloaded'),
});
