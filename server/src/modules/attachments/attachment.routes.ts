import {
  attachmentContentQuerySchema,
  attachmentIncidentParamsSchema,
  attachmentListSchema,
  attachmentParamsSchema,
  attachmentSchema,
  attachmentUploadFormSchema,
} from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { AppError } from '../../platform/errors.js';
import { addAttachment } from './attachment.commands.js';
import { getAttachment, getAttachmentContent, listAttachments } from './attachment.queries.js';

export const attachmentRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/incidents/:id/attachments',
    {
      schema: {
        tags: ['attachments'],
        summary: 'Attach a file to an incident (multipart/form-data)',
        description: 'Anyone who can see the incident except auditors; reporters only on incidents they reported. The stored type comes from the content.',
        consumes: ['multipart/form-data'],
        params: attachmentIncidentParamsSchema,
        body: attachmentUploadFormSchema,
        response: { 201: attachmentSchema },
      },
      preValidation: async (req) => {
        if (!req.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data');
      },
    },
    async (req, reply) => reply.status(201).send(await addAttachment(deps, req.actor, req.params.id, req.parts())),
  );

  app.get(
    '/incidents/:id/attachments',
    { schema: { tags: ['attachments'], summary: "List an incident's attachments", params: attachmentIncidentParamsSchema, response: { 200: attachmentListSchema } } },
    async (req) => listAttachments(deps.db, req.actor, req.params.id),
  );

  app.get(
    '/attachments/:id',
    { schema: { tags: ['attachments'], summary: "An attachment's metadata", params: attachmentParamsSchema, response: { 200: attachmentSchema } } },
    async (req) => getAttachment(deps.db, req.actor, req.params.id),
  );

  app.get(
    '/attachments/:id/content',
    {
      schema: {
        tags: ['attachments'],
        summary: "Download an attachment's content",
        description: 'Sent as a download with nosniff and a sandboxing CSP; only PNG, JPEG, GIF and WebP images can be shown inline (?inline=1).',
        params: attachmentParamsSchema,
        querystring: attachmentContentQuerySchema,
      },
    },
    async (req, reply) => {
      const content = await getAttachmentContent(deps, req.actor, req.params.id, req.query.inline === '1');
      return reply.headers(content.headers).send(content.stream);
    },
  );
};
