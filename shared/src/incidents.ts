import { z } from 'zod';
import { incidentClockSchema } from './clocks.js';
import { isoDateTimeSchema, localizedTextSchema, uuidSchema } from './common.js';
import { limits } from './limits.js';
import { timelineEventSchema } from './timeline.js';
import { levelSchema, prioritySchema, severitySchema, stateCategorySchema } from './types.js';

/** The incidents contract: requests, responses and list filters of /api/v1/incidents. */

/** Text PostgreSQL can store: it refuses NUL characters, so they are a 400 here rather than a 500 there. */
export const safeText = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

export const incidentSources = ['form', 'portal', 'email', 'api', 'alert'] as const;
export const incidentSourceSchema = z.enum(incidentSources);
export type IncidentSource = z.infer<typeof incidentSourceSchema>;

export const confidentialities = ['internal', 'confidential', 'strictly_confidential'] as const;
export const confidentialitySchema = z.enum(confidentialities);
export type Confidentiality = z.infer<typeof confidentialitySchema>;

export const commentVisibilities = ['internal', 'public'] as const;
export const commentVisibilitySchema = z.enum(commentVisibilities);
export type CommentVisibility = z.infer<typeof commentVisibilitySchema>;

/** An incident is addressed by its uuid or its number (INC-2026-000042). */
export const incidentRefSchema = z.string().min(1).max(100);
export const incidentNumberPattern = /^[A-Z]{2,6}-\d{4}-\d{6,}$/;

const titleSchema = safeText(limits.titleLength).trim().min(1, 'must not be empty');
const descriptionSchema = safeText(limits.descriptionLength);
const categoryPathSchema = safeText(300).trim().min(1);
const labelListSchema = z.array(safeText(200).trim().min(1)).max(100);
/** Years the databases store alike (PGlite misreads years before 100, PostgreSQL has no year 0). */
const plausibleYear = (v: string) => {
  const year = new Date(v).getUTCFullYear();
  return year >= 1900 && year <= 9999;
};
export const incidentDateTimeSchema = isoDateTimeSchema.refine(plausibleYear, 'must fall between the years 1900 and 9999');
const dateTimeOrNull = incidentDateTimeSchema.nullable();
const customValuesSchema = z.record(z.string().max(100), z.unknown());

export const reporterContactSchema = z.strictObject({
  name: safeText(limits.nameLength).trim().min(1).optional(),
  email: z.email().max(320).optional(),
  phone: safeText(50).trim().min(1).optional(),
});
export type ReporterContact = z.infer<typeof reporterContactSchema>;

/** POST /incidents. Impact, urgency and severity default to medium; priority follows from the type's matrix. */
export const incidentCreateSchema = z.strictObject({
  type: z.string().min(1).max(100).describe('Incident type id or key, e.g. it-outage'),
  title: titleSchema,
  description: descriptionSchema.default(''),
  category: categoryPathSchema.nullable().optional().describe('Path in the type category tree, keys joined by "/"'),
  severity: severitySchema.default('medium'),
  impact: levelSchema.default('medium'),
  urgency: levelSchema.default('medium'),
  priority: prioritySchema.optional().describe('Managers and admins only: overrides the matrix'),
  businessAreas: labelListSchema.default([]),
  services: labelListSchema.default([]),
  assets: labelListSchema.default([]),
  locations: labelListSchema.default([]),
  assigneeId: uuidSchema.nullable().optional(),
  teamId: uuidSchema.nullable().optional().describe("Defaults to the type's default team"),
  watchers: z.array(uuidSchema).max(100).default([]),
  dueAt: dateTimeOrNull.optional(),
  occurredAt: dateTimeOrNull.optional(),
  detectedAt: dateTimeOrNull.optional(),
  becameAwareAt: dateTimeOrNull.optional(),
  custom: customValuesSchema.default({}),
  source: incidentSourceSchema.default('api'),
  confidentiality: confidentialitySchema.default('internal'),
  reporterContact: reporterContactSchema.nullable().optional().describe('An external reporter (portal, email)'),
});
export type IncidentCreateInput = z.infer<typeof incidentCreateSchema>;

/** Fields that PATCH and a transition's `fields` may change; state is changed only by transitions. */
export const incidentFieldsShape = {
  title: titleSchema.optional(),
  description: descriptionSchema.optional(),
  category: categoryPathSchema.nullable().optional(),
  severity: severitySchema.optional(),
  impact: levelSchema.optional(),
  urgency: levelSchema.optional(),
  priority: prioritySchema.nullable().optional().describe('Managers and admins only; null returns to the matrix'),
  businessAreas: labelListSchema.optional(),
  services: labelListSchema.optional(),
  assets: labelListSchema.optional(),
  locations: labelListSchema.optional(),
  assigneeId: uuidSchema.nullable().optional(),
  teamId: uuidSchema.nullable().optional(),
  dueAt: dateTimeOrNull.optional(),
  occurredAt: dateTimeOrNull.optional(),
  detectedAt: dateTimeOrNull.optional(),
  becameAwareAt: dateTimeOrNull.optional(),
  confidentiality: confidentialitySchema.optional(),
  custom: customValuesSchema.optional().describe('Only the keys sent change; null clears a field'),
  resolution: safeText(limits.descriptionLength).nullable().optional(),
};
export const incidentFieldsSchema = z.strictObject(incidentFieldsShape);
export type IncidentFieldsInput = z.infer<typeof incidentFieldsSchema>;

const versionSchema = z.number().int().positive();

/** PATCH /incidents/{idOrNumber}: the change, plus the version it was based on unless sent as If-Match. */
export const incidentPatchSchema = z.strictObject({ ...incidentFieldsShape, version: versionSchema.optional() });
export type IncidentPatchInput = z.infer<typeof incidentPatchSchema>;

/** POST /incidents/{idOrNumber}/transitions: move to state `to`, setting fields in the same step. */
export const incidentTransitionSchema = z.strictObject({
  to: z.string().min(1).max(63).describe('Target state key'),
  comment: safeText(limits.commentLength).trim().min(1).optional(),
  commentVisibility: commentVisibilitySchema.default('internal'),
  resolution: safeText(limits.descriptionLength).nullable().optional(),
  fields: incidentFieldsSchema.optional(),
  version: versionSchema.optional(),
});
export type IncidentTransitionInput = z.infer<typeof incidentTransitionSchema>;

export const commentCreateSchema = z.strictObject({
  body: safeText(limits.commentLength).trim().min(1, 'must not be empty'),
  visibility: commentVisibilitySchema.optional().describe('Default: public for reporters, internal for everyone else'),
});
export type CommentCreateInput = z.infer<typeof commentCreateSchema>;

export const incidentMergeSchema = z.strictObject({
  into: incidentRefSchema.describe('Id or number of the original incident'),
  comment: safeText(limits.commentLength).trim().min(1).optional(),
});
export type IncidentMergeInput = z.infer<typeof incidentMergeSchema>;

export const refSchema = z.object({ id: z.uuid(), name: z.string() });
export type Ref = z.infer<typeof refSchema>;

export const unmetRequirementSchema = z.object({ requirement: z.string(), message: z.string() });

/** A transition the caller may take from the current state, or what still blocks it. */
export const transitionOptionSchema = z.object({
  key: z.string(),
  label: localizedTextSchema,
  to: z.string(),
  toCategory: stateCategorySchema,
  requiresComment: z.boolean(),
  allowed: z.boolean(),
  blockedBy: z.array(unmetRequirementSchema),
});
export type TransitionOption = z.infer<typeof transitionOptionSchema>;

const incidentCoreShape = {
  id: z.uuid(),
  number: z.string(),
  type: z.object({ id: z.uuid(), key: z.string(), name: localizedTextSchema }),
  title: z.string(),
  category: z.string().nullable(),
  severity: severitySchema,
  impact: levelSchema,
  urgency: levelSchema,
  priority: prioritySchema,
  priorityOverridden: z.boolean(),
  businessAreas: z.array(z.string()),
  services: z.array(z.string()),
  assets: z.array(z.string()),
  locations: z.array(z.string()),
  reporter: refSchema.nullable(),
  assignee: refSchema.nullable(),
  team: refSchema.nullable(),
  state: z.object({ key: z.string(), label: localizedTextSchema, category: stateCategorySchema }),
  restricted: z.boolean(),
  confidentiality: confidentialitySchema,
  source: incidentSourceSchema,
  dueAt: z.string().nullable(),
  occurredAt: z.string().nullable(),
  detectedAt: z.string().nullable(),
  becameAwareAt: z.string().nullable(),
  reportedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  mergedInto: z.object({ id: z.uuid(), number: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  clocks: z.array(incidentClockSchema).describe('SLA and legal clocks: state, due time, business time left'),
};

/** One incident as the list shows it. */
export const incidentSummarySchema = z.object(incidentCoreShape);
export type IncidentSummary = z.infer<typeof incidentSummarySchema>;

/** One incident in full, with what the caller may do next. */
export const incidentSchema = z.object({
  ...incidentCoreShape,
  description: z.string(),
  resolution: z.string().nullable(),
  custom: z.record(z.string(), z.unknown()),
  reporterContact: z.object({ name: z.string().optional(), email: z.string().optional(), phone: z.string().optional() }).nullable(),
  watchers: z.array(refSchema),
  transitions: z.array(transitionOptionSchema),
});
export type Incident = z.infer<typeof incidentSchema>;

export const commentSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  author: refSchema.nullable(),
  body: z.string(),
  visibility: commentVisibilitySchema,
  createdAt: z.string(),
});
export type Comment = z.infer<typeof commentSchema>;

const pageLimit = (max: number, dflt: number) => z.coerce.number().int().min(1).max(max).default(dflt);

export const commentListQuerySchema = z.object({
  cursor: z.string().max(500).optional(),
  limit: pageLimit(limits.listPageMax, 100),
});
export const commentListSchema = z.object({ items: z.array(commentSchema), nextCursor: z.string().nullable() });

export const watcherListSchema = z.object({ items: z.array(refSchema) });

export const timelineQuerySchema = z.object({
  after: z.coerce.number().int().min(0).optional().describe('Events with a larger id than this'),
  limit: pageLimit(500, 100),
});
export const timelineListSchema = z.object({ items: z.array(timelineEventSchema), nextAfter: z.number().int().nullable() });

export const incidentSortKeys = ['created', 'updated', 'priority', 'dueAt'] as const;
export const incidentSortSchema = z.enum(incidentSortKeys);
export type IncidentSort = z.infer<typeof incidentSortSchema>;

/** A query parameter that may be given once or repeated (`type=a&type=b`). */
const repeatable = <T extends z.ZodType<string>>(item: T) =>
  z.union([item, z.array(item).min(1).max(50)]).transform((v): Array<z.output<T>> => (Array.isArray(v) ? v : [v]) as Array<z.output<T>>);

const dateBoundSchema = z.union([isoDateTimeSchema, z.iso.date()]).refine(plausibleYear, 'must fall between the years 1900 and 9999');

/** `custom.<key>=value` filters on custom field values (a list field matches when it contains the value). */
export const customFilterPattern = /^custom\.([a-z][a-z0-9_]{0,62})$/;

const listQueryShape = {
  type: repeatable(safeText(100).min(1)).optional().describe('Type key or id; repeatable'),
  state: repeatable(z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a state key')).optional(),
  stateCategory: repeatable(stateCategorySchema).optional(),
  priority: repeatable(prioritySchema).optional(),
  severity: repeatable(severitySchema).optional(),
  teamId: uuidSchema.optional(),
  assigneeId: z.union([z.literal('me'), z.literal('none'), uuidSchema]).optional().describe('A user id, me, or none'),
  reporterId: z.union([z.literal('me'), uuidSchema]).optional(),
  businessArea: repeatable(safeText(200).min(1)).optional(),
  createdFrom: dateBoundSchema.optional(),
  createdTo: dateBoundSchema.optional(),
  updatedFrom: dateBoundSchema.optional(),
  updatedTo: dateBoundSchema.optional(),
  q: safeText(500).trim().min(1).optional().describe('Full-text search over number, title, description and comments'),
  sort: incidentSortSchema.default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
  limit: pageLimit(limits.listPageMax, 50),
};

/** GET /incidents. Besides these, `custom.<key>=value` filters on a custom field. */
export const incidentListQuerySchema = z
  .object(listQueryShape)
  .catchall(safeText(500))
  .superRefine((q, ctx) => {
    for (const key of Object.keys(q)) {
      if (!(key in listQueryShape) && !customFilterPattern.test(key)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is not a known parameter (custom fields are filtered as custom.<key>=value)' });
      }
    }
  });
export type IncidentListQuery = z.infer<typeof incidentListQuerySchema>;

export const incidentListSchema = z.object({
  items: z.array(incidentSummarySchema),
  total: z.number().int(),
  nextCursor: z.string().nullable(),
});
export type IncidentList = z.infer<typeof incidentListSchema>;

export const incidentParamsSchema = z.object({ idOrNumber: incidentRefSchema });
export const watcherParamsSchema = z.object({ idOrNumber: incidentRefSchema, userId: uuidSchema });
