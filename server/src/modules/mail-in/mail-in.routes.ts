import { inboundMailListQuerySchema, inboundMailListSchema, type InboundMail } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireRole } from '../../platform/authz.js';
import type { ApiPlugin } from '../../platform/http/app.js';
import { listInboundMails } from './mail-in.repo.js';

type ListedMail = Awaited<ReturnType<typeof listInboundMails>>[number];

function presentInboundMail(m: ListedMail): InboundMail {
  return {
    id: m.id,
    receivedAt: m.received_at.toISOString(),
    envelopeFrom: m.envelope_from,
    envelopeTo: m.envelope_to,
    size: m.size,
    messageId: m.message_id,
    subject: m.subject,
    from: m.from_address,
    status: m.status,
    outcome: m.outcome,
    incident: m.incident_id && m.incident_number ? { id: m.incident_id, number: m.incident_number } : null,
    commentId: m.comment_id,
    detail: m.detail,
    processedAt: m.processed_at?.toISOString() ?? null,
  };
}

export const mailInRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/inbound-mails',
    { schema: { tags: ['email in'], summary: 'Mail received by the SMTP listener and what became of it, newest first (admins)', querystring: inboundMailListQuerySchema, response: { 200: inboundMailListSchema } } },
    async (req) => {
      requireRole(req.actor, 'admin');
      const rows = await listInboundMails(deps.db, { limit: req.query.limit + 1, before: req.query.before, status: req.query.status });
      const page = rows.slice(0, req.query.limit);
      return { items: page.map(presentInboundMail), nextCursor: rows.length > req.query.limit ? page.at(-1)!.id : null };
    },
  );
};
