import { z } from 'zod';
import { uuidSchema } from './common.js';
import { incidentRefSchema, incidentTransitionSchema } from './incidents.js';

/**
 * POST /api/v1/incidents/bulk: one action on up to 200 incidents. Each incident is changed by the
 * same command as a single change would be (own transaction, timeline event, audit record), so one
 * failure does not undo the others; the answer reports every id.
 */
export const bulkLimits = { ids: 200 } as const;

const idsSchema = z
  .array(incidentRefSchema)
  .min(1)
  .max(bulkLimits.ids)
  .refine((ids) => new Set(ids).size === ids.length, 'must not name an incident twice')
  .describe('Incident ids or numbers');

export const bulkAssignSchema = z.strictObject({
  action: z.literal('assign'),
  ids: idsSchema,
  assigneeId: uuidSchema.nullable().optional().describe('null unassigns'),
  teamId: uuidSchema.nullable().optional(),
});

const { version: _version, ...transitionShape } = incidentTransitionSchema.shape;
export const bulkTransitionSchema = z.strictObject({
  action: z.literal('transition'),
  ids: idsSchema,
  ...transitionShape,
});

export const bulkRequestSchema = z.discriminatedUnion('action', [bulkAssignSchema, bulkTransitionSchema]).superRefine((req, ctx) => {
  if (req.action === 'assign' && req.assigneeId === undefined && req.teamId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['assigneeId'], message: 'name an assigneeId or a teamId (null clears)' });
  }
});
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

export const bulkResultSchema = z.object({
  id: z.string().describe('The id or number as sent'),
  ok: z.boolean(),
  incident: z.object({ id: z.uuid(), number: z.string(), version: z.number().int(), state: z.string() }).optional(),
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }).optional(),
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

export const bulkResponseSchema = z.object({
  results: z.array(bulkResultSchema),
  succeeded: z.number().int(),
  failed: z.number().int(),
});
export type BulkResponse = z.infer<typeof bulkResponseSchema>;
