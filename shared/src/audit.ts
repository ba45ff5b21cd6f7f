import { z } from 'zod';

export const auditRecordSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  sourceIp: z.string().nullable(),
  requestId: z.string().nullable(),
  entityType: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditListQuerySchema = z.object({
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(200).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Keyset cursor: records with a smaller seq than this. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditListSchema = z.object({ items: z.array(auditRecordSchema), nextBefore: z.number().int().nullable() });

export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  headSeq: z.number().int(),
  firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
});
