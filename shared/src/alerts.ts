import { z } from 'zod';
import { uuidSchema } from './common.js';
import { safeText } from './incidents.js';
import { limits } from './limits.js';
import { levelSchema, prioritySchema, severitySchema } from './types.js';

/** Inbound monitoring alerts: integrations (where alerts come from), alerts and their events. */

export const integrationKinds = ['pagerduty', 'alertmanager', 'grafana', 'webhook', 'email'] as const;
export const integrationKindSchema = z.enum(integrationKinds);
export type IntegrationKind = z.infer<typeof integrationKindSchema>;

/** An integration key: 32 lowercase letters and digits, the length and alphabet PagerDuty senders check. */
export const integrationKeyPattern = /^[a-z0-9]{32}$/;

/**
 * A field path into a JSON body, JSONPath-like: `$` then `.name`, `[0]` or `["any key"]` segments,
 * e.g. `$.alert.labels.severity` or `$.alerts[0]["summary text"]`.
 */
export const fieldPathPattern = /^\$(?:\.[A-Za-z_][A-Za-z0-9_-]*|\[\d{1,6}\]|\["(?:[^"\\]|\\["\\])*"\]|\['(?:[^'\\]|\\['\\])*'\])*$/;
export const fieldPathSchema = z.string().max(500).regex(fieldPathPattern, 'must be a path like $.alert.labels.severity or $.items[0]["a key"]');

/** What a source severity becomes on the incident; priority, when set, overrides the type's matrix. */
export const severityMappingSchema = z.strictObject({
  severity: severitySchema,
  impact: levelSchema,
  urgency: levelSchema,
  priority: prioritySchema.optional(),
});
export type SeverityMapping = z.infer<typeof severityMappingSchema>;

/** Source severities (lower case) Vigil maps without configuration; an integration's map adds to or overrides these. */
export const defaultSeverityMap: Readonly<Record<string, SeverityMapping>> = Object.freeze({
  critical: { severity: 'critical', impact: 'high', urgency: 'high' },
  error: { severity: 'high', impact: 'high', urgency: 'medium' },
  high: { severity: 'high', impact: 'high', urgency: 'medium' },
  warning: { severity: 'medium', impact: 'medium', urgency: 'medium' },
  medium: { severity: 'medium', impact: 'medium', urgency: 'medium' },
  info: { severity: 'low', impact: 'low', urgency: 'low' },
  low: { severity: 'low', impact: 'low', urgency: 'low' },
});
/** Used when the source names no severity, or one neither map knows. */
export const fallbackSeverityMapping: SeverityMapping = Object.freeze({ severity: 'medium', impact: 'medium', urgency: 'medium' });

/** A label rule: when the alert's label equals the value, its incident gets this type and/or team (first match wins). */
export const labelRouteSchema = z
  .strictObject({
    label: safeText(200).min(1),
    equals: safeText(500),
    type: z.string().min(1).max(100).optional().describe('Incident type id or key'),
    teamId: uuidSchema.nullable().optional(),
  })
  .refine((r) => r.type !== undefined || r.teamId !== undefined, 'a label route sets a type, a team or both');
export type LabelRoute = z.infer<typeof labelRouteSchema>;

/** How a generic JSON webhook body becomes an alert. */
export const webhookMappingSchema = z.strictObject({
  title: fieldPathSchema.describe('Becomes the alert and incident title'),
  dedupKey: fieldPathSchema.optional().describe('Events with the same value update one open alert; absent: every event is a new alert'),
  severity: fieldPathSchema.optional(),
  description: fieldPathSchema.optional(),
  labels: fieldPathSchema.optional().describe('An object of string values, matched by label routes'),
  resolve: z
    .strictObject({ path: fieldPathSchema, equals: z.union([z.string().max(500), z.number(), z.boolean(), z.null()]) })
    .optional()
    .describe('The event resolves its alert when the value at path equals this'),
});
export type WebhookMapping = z.infer<typeof webhookMappingSchema>;

export const groupResolvedActions = ['resolve', 'flag_for_review'] as const;

export const integrationSettingsSchema = z.strictObject({
  onGroupResolved: z.enum(groupResolvedActions).default('resolve').describe('What happens to the incident once every alert of its group is resolved at the source'),
  severityMap: z.record(safeText(50).min(1), severityMappingSchema).default({}).describe('Source severity (lower case) to incident severity, impact, urgency and optionally priority'),
  labelRoutes: z.array(labelRouteSchema).max(50).default([]),
  webhook: webhookMappingSchema.optional().describe('Required for kind webhook'),
});
export type IntegrationSettings = z.infer<typeof integrationSettingsSchema>;

const integrationNameSchema = safeText(limits.nameLength).trim().min(1, 'must not be empty');
/** Per minute, over a sliding 60-second window; PagerDuty's default is about 120. */
const rateLimitSchema = z.number().int().min(1).max(1_000_000);

export const integrationCreateSchema = z
  .strictObject({
    kind: integrationKindSchema,
    name: integrationNameSchema,
    type: z.string().min(1).max(100).describe('Incident type (id or key) of the incidents this integration opens'),
    teamId: uuidSchema.nullable().optional().describe("Team of its incidents; default: the type's default team"),
    rateLimitPerMinute: rateLimitSchema.default(120),
    settings: integrationSettingsSchema.default({ onGroupResolved: 'resolve', severityMap: {}, labelRoutes: [] }),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'webhook' && !v.settings.webhook) ctx.addIssue({ code: 'custom', path: ['settings', 'webhook'], message: 'a webhook integration needs its field mapping' });
    if (v.kind !== 'webhook' && v.settings.webhook) ctx.addIssue({ code: 'custom', path: ['settings', 'webhook'], message: 'only webhook integrations take a field mapping' });
  });
export type IntegrationCreateInput = z.infer<typeof integrationCreateSchema>;

export const integrationPatchSchema = z
  .strictObject({
    name: integrationNameSchema.optional(),
    type: z.string().min(1).max(100).optional(),
    teamId: uuidSchema.nullable().optional(),
    rateLimitPerMinute: rateLimitSchema.optional(),
    settings: integrationSettingsSchema.optional().describe('Replaces the settings as a whole'),
  })
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export type IntegrationPatchInput = z.infer<typeof integrationPatchSchema>;

const refSchema = z.object({ id: z.uuid(), name: z.string() });

export const integrationSchema = z.object({
  id: z.uuid(),
  kind: integrationKindSchema,
  name: z.string(),
  type: z.object({ id: z.uuid(), key: z.string(), name: z.string() }),
  team: refSchema.nullable(),
  /** The last four characters of the key, to recognise it; the key itself is shown once. */
  keyHint: z.string(),
  /** Where senders post; `{integrationKey}` stands for the key (PagerDuty senders put it in routing_key). Null for email. */
  ingestUrl: z.string().nullable(),
  rateLimitPerMinute: z.number().int(),
  enabled: z.boolean(),
  settings: integrationSettingsSchema,
  createdBy: refSchema.nullable(),
  lastEventAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Integration = z.infer<typeof integrationSchema>;

/** The answer to create and rotate-key: the only time the key is shown. */
export const integrationWithKeySchema = integrationSchema.extend({
  key: z.string().regex(integrationKeyPattern),
  /** The ingest URL with the key filled in (for PagerDuty: the endpoint; the key goes in routing_key). */
  ingestUrlWithKey: z.string().nullable(),
});
export type IntegrationWithKey = z.infer<typeof integrationWithKeySchema>;

export const integrationListSchema = z.object({ items: z.array(integrationSchema) });
export const integrationParamsSchema = z.object({ id: uuidSchema });

export const alertEventStatuses = ['pending', 'processed', 'failed'] as const;
export const alertEventKinds = ['alert', 'change'] as const;

/** One inbound event as stored before it was answered (keys redacted). */
export const alertEventSchema = z.object({
  id: z.number().int(),
  integrationId: z.uuid(),
  kind: z.enum(alertEventKinds),
  receivedAt: z.string(),
  status: z.enum(alertEventStatuses),
  processedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  error: z.string().nullable(),
  payload: z.unknown(),
});
export type AlertEvent = z.infer<typeof alertEventSchema>;

export const alertEventListQuerySchema = z.object({
  kind: z.enum(alertEventKinds).optional(),
  status: z.enum(alertEventStatuses).optional(),
  before: z.coerce.number().int().positive().optional().describe('Events with a smaller id than this (keyset cursor)'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const alertEventListSchema = z.object({ items: z.array(alertEventSchema), nextBefore: z.number().int().nullable() });

export const alertStatuses = ['triggered', 'acknowledged', 'resolved'] as const;
export const alertStatusSchema = z.enum(alertStatuses);
export type AlertStatus = z.infer<typeof alertStatusSchema>;

export const alertSchema = z.object({
  id: z.uuid(),
  integration: z.object({ id: z.uuid(), name: z.string(), kind: integrationKindSchema }),
  dedupKey: z.string(),
  groupKey: z.string(),
  status: alertStatusSchema,
  title: z.string(),
  severity: z.string().nullable(),
  source: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  incident: z.object({ id: z.uuid(), number: z.string(), title: z.string() }).nullable(),
  eventCount: z.number().int(),
  firstEventAt: z.string(),
  lastEventAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

export const alertHistoryEntrySchema = z.object({
  id: z.number().int(),
  eventId: z.number().int().nullable(),
  action: z.enum(['trigger', 'repeat', 'acknowledge', 'resolve']),
  status: alertStatusSchema,
  at: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type AlertHistoryEntry = z.infer<typeof alertHistoryEntrySchema>;

export const alertDetailSchema = alertSchema.extend({ history: z.array(alertHistoryEntrySchema) });
export type AlertDetail = z.infer<typeof alertDetailSchema>;

export const alertListQuerySchema = z.object({
  integrationId: uuidSchema.optional(),
  status: alertStatusSchema.optional(),
  incident: z.string().min(1).max(100).optional().describe('Incident id or number'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(limits.listPageMax).default(50),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;
export const alertListSchema = z.object({ items: z.array(alertSchema), nextCursor: z.string().nullable() });
export const alertParamsSchema = z.object({ id: uuidSchema });
