import { z } from 'zod';

export const inboundMailStatuses = ['received', 'processed', 'dropped', 'failed'] as const;

export const inboundMailListQuerySchema = z.strictObject({
  status: z.enum(inboundMailStatuses).optional(),
  before: z.coerce.number().int().positive().optional().describe('Cursor: the id of the last mail of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type InboundMailListQuery = z.infer<typeof inboundMailListQuerySchema>;

/** One message the SMTP listener accepted, and what became of it. */
export const inboundMailSchema = z.object({
  id: z.number().int(),
  receivedAt: z.string(),
  envelopeFrom: z.string(),
  envelopeTo: z.array(z.string()),
  size: z.number().int(),
  messageId: z.string().nullable(),
  subject: z.string().nullable(),
  from: z.string().nullable(),
  status: z.enum(inboundMailStatuses),
  /** created, commented, or why it was dropped: auto_submitted, bounce, own_delivery, duplicate, unmatched, ... */
  outcome: z.string().nullable(),
  incident: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  commentId: z.uuid().nullable(),
  detail: z.string().nullable(),
  processedAt: z.string().nullable(),
});
export type InboundMail = z.infer<typeof inboundMailSchema>;

export const inboundMailListSchema = z.object({ items: z.array(inboundMailSchema), nextCursor: z.number().int().nullable() });
