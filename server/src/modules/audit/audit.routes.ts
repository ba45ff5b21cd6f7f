import { auditListQuerySchema, auditListSchema, auditVerifySchema } from '@vigil/shared';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ApiPlugin } from '../../platform/http/app.js';
import { getAuditVerification, listAudit } from './audit.queries.js';

export const auditRoutes: ApiPlugin = async (fastify, { deps }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/audit', { schema: { tags: ['audit'], summary: 'List audit records (auditors, admins)', querystring: auditListQuerySchema, response: { 200: auditListSchema } } }, async (req) => {
    const q = req.query;
    return listAudit(deps.db, req.actor, {
      entityType: q.entityType,
      entityId: q.entityId,
      actorId: q.actorId,
      action: q.action,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeSeq: q.before,
      limit: q.limit,
    });
  });
  app.get('/audit/verify', { schema: { tags: ['audit'], summary: 'Recompute the hash chain and name the first broken record', response: { 200: auditVerifySchema } } }, async (req) =>
    getAuditVerification(deps.db, req.actor),
  );
};
