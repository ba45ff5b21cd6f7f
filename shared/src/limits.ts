/** Limits shared by server validation and web forms. */
export const limits = {
  bodyBytes: 1_048_576,
  attachmentBytes: 25 * 1024 * 1024,
  titleLength: 200,
  descriptionLength: 50_000,
  commentLength: 50_000,
  nameLength: 200,
  customTextLength: 10_000,
  customStringLength: 500,
  listPageMax: 200,
  passwordMin: 8,
  passwordMax: 256,
} as const;

/** Attachment types accepted; checked against the file's magic bytes, not only its declared type. */
export const attachmentTypes = [
  'image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/heic',
  'application/pdf', 'text/plain', 'text/csv', 'application/json',
  'application/zip', 'application/gzip',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'message/rfc822', 'video/mp4', 'audio/mpeg',
] as const;
