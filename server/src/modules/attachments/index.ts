export { attachmentRoutes } from './attachment.routes.js';
export { addAttachment, type UploadPart } from './attachment.commands.js';
export { getAttachment, getAttachmentContent, listAttachments } from './attachment.queries.js';
export { attachmentsRoot, blobPath } from './attachment.storage.js';
