import { z } from 'zod';
import { uuidSchema } from './common.js';
import { incidentSourceSchema, safeText } from './incidents.js';
import { levelSchema, prioritySchema, severitySchema } from './types.js';

/**
 * The routing rules contract (/api/v1/routing-rules). A rule is global or for one incident type, has
 * a position in one ordered list, conditions that must all hold, and effects applied in order.
 */

const label = safeText(200).trim().min(1);
const labels = z.array(label).min(1).max(50);
const customKey = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be the key of a custom field');
const customScalar = z.union([safeText(500), z.number(), z.boolean()]);

/** Glob for `title matches`: `*` any run of characters, `?` one character, case-insensitive, whole title. No regular expressions. */
export const titlePatternSchema = safeText(200).min(1);

/** One condition on an incident: a field, an operator and a value. A rule matches when all its conditions hold. */
export const routingConditionSchema = z.discriminatedUnion('field', [
  z.strictObject({ field: z.literal('type'), op: z.literal('in'), value: z.array(z.string().min(1).max(100)).min(1).max(50).describe('Incident type keys') }),
  z.strictObject({
    field: z.literal('category'),
    op: z.enum(['equals', 'within']).describe('within: the category or any category below it'),
    value: safeText(300).trim().min(1).describe('Category path, keys joined by "/"'),
  }),
  z.discriminatedUnion('op', [
    z.strictObject({ field: z.literal('priority'), op: z.literal('in'), value: z.array(prioritySchema).min(1) }),
    z.strictObject({ field: z.literal('priority'), op: z.literal('at_least'), value: prioritySchema.describe('P1 is the highest') }),
  ]),
  z.discriminatedUnion('op', [
    z.strictObject({ field: z.literal('severity'), op: z.literal('in'), value: z.array(severitySchema).min(1) }),
    z.strictObject({ field: z.literal('severity'), op: z.literal('at_least'), value: severitySchema }),
  ]),
  z.discriminatedUnion('op', [
    z.strictObject({ field: z.literal('impact'), op: z.literal('in'), value: z.array(levelSchema).min(1) }),
    z.strictObject({ field: z.literal('impact'), op: z.literal('at_least'), value: levelSchema }),
  ]),
  z.discriminatedUnion('op', [
    z.strictObject({ field: z.literal('urgency'), op: z.literal('in'), value: z.array(levelSchema).min(1) }),
    z.strictObject({ field: z.literal('urgency'), op: z.literal('at_least'), value: levelSchema }),
  ]),
  z.strictObject({ field: z.literal('businessAreas'), op: z.literal('any_of'), value: labels }),
  z.strictObject({ field: z.literal('locations'), op: z.literal('any_of'), value: labels }),
  z.strictObject({ field: z.literal('assets'), op: z.literal('any_of'), value: labels }),
  z.strictObject({ field: z.literal('services'), op: z.literal('any_of'), value: labels }),
  z.discriminatedUnion('op', [
    z.strictObject({ field: z.literal('custom'), key: customKey, op: z.literal('equals'), value: customScalar }),
    z.strictObject({ field: z.literal('custom'), key: customKey, op: z.literal('in'), value: z.array(customScalar).min(1).max(50) }),
    z.strictObject({ field: z.literal('custom'), key: customKey, op: z.literal('exists') }),
    z.strictObject({ field: z.literal('custom'), key: customKey, op: z.literal('contains'), value: safeText(500).min(1).describe('Text fields: a substring (case-insensitive); multi-choice fields: an option') }),
  ]),
  z.strictObject({ field: z.literal('source'), op: z.literal('in'), value: z.array(incidentSourceSchema).min(1) }),
  z.strictObject({
    field: z.literal('title'),
    op: z.enum(['contains', 'matches']).describe('contains: a substring, case-insensitive; matches: a glob (* and ?) over the whole title, case-insensitive'),
    value: titlePatternSchema,
  }),
]);
export type RoutingCondition = z.infer<typeof routingConditionSchema>;
export type RoutingConditionField = RoutingCondition['field'];

/** What a matching rule does, in the order listed. */
export const routingEffectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('set_team'), teamId: uuidSchema }),
  z.strictObject({ kind: z.literal('set_assignee'), userId: uuidSchema.describe('Skipped (with a timeline note) when the user may not see the incident') }),
  z.strictObject({ kind: z.literal('set_priority'), priority: prioritySchema.describe('Sets it exactly on creation (may lower); on later changes it only raises') }),
  z.strictObject({ kind: z.literal('raise_priority'), priority: prioritySchema.describe('Raises to this priority; never lowers') }),
  z.strictObject({ kind: z.literal('add_watchers'), userIds: z.array(uuidSchema).min(1).max(50) }),
  z.strictObject({ kind: z.literal('start_escalation'), policyId: uuidSchema }),
  z
    .strictObject({
      kind: z.literal('notify'),
      userIds: z.array(uuidSchema).max(50).default([]),
      teamIds: z.array(uuidSchema).max(20).default([]).describe('Every member of these teams'),
      urgency: z.enum(['high', 'low']).default('high'),
    })
    .refine((e) => e.userIds.length + e.teamIds.length > 0, { message: 'name at least one user or team', path: ['userIds'] }),
]);
export type RoutingEffect = z.infer<typeof routingEffectSchema>;
export type RoutingEffectKind = RoutingEffect['kind'];

const ruleName = safeText(200).trim().min(1, 'must not be empty');
const ruleType = z.string().min(1).max(100).nullable().describe('Incident type id or key; null for a rule over every type');

/** POST /routing-rules. New rules go to the end of the order. */
export const routingRuleCreateSchema = z.strictObject({
  name: ruleName,
  type: ruleType.default(null),
  enabled: z.boolean().default(true),
  conditions: z.array(routingConditionSchema).max(50).default([]).describe('All must hold; none matches every incident (of the type)'),
  effects: z.array(routingEffectSchema).min(1).max(20),
  stopProcessing: z.boolean().default(false).describe('When this rule matches, later rules are not evaluated'),
});
export type RoutingRuleCreate = z.infer<typeof routingRuleCreateSchema>;

/** PATCH /routing-rules/{id}: only the keys sent change; the version unless sent as If-Match. */
export const routingRulePatchSchema = z.strictObject({
  name: ruleName.optional(),
  type: ruleType.optional(),
  enabled: z.boolean().optional(),
  conditions: z.array(routingConditionSchema).max(50).optional(),
  effects: z.array(routingEffectSchema).min(1).max(20).optional(),
  stopProcessing: z.boolean().optional(),
  version: z.number().int().positive().optional(),
});
export type RoutingRulePatch = z.infer<typeof routingRulePatchSchema>;

export const routingRuleParamsSchema = z.object({ id: uuidSchema });

export const routingRuleSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  type: z.object({ id: z.uuid(), key: z.string() }).nullable(),
  position: z.number().int(),
  enabled: z.boolean(),
  conditions: z.array(routingConditionSchema),
  effects: z.array(routingEffectSchema),
  stopProcessing: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RoutingRule = z.infer<typeof routingRuleSchema>;

export const routingRuleListSchema = z.object({ items: z.array(routingRuleSchema) });

/** POST /routing-rules/reorder: every rule id, once, in the new order. */
export const routingRuleReorderSchema = z.strictObject({ ids: z.array(uuidSchema).max(1000) });

/** How routing treats the incident: as just created (sets team and priority) or as changed (fills empty fields, only raises priority). */
export const routingModeSchema = z.enum(['created', 'updated']);
export type RoutingMode = z.infer<typeof routingModeSchema>;

/** POST /routing-rules/preview: a saved rule (its id) or an unsaved one, against one incident; changes nothing. */
export const routingPreviewRequestSchema = z.strictObject({
  rule: z.union([uuidSchema, routingRuleCreateSchema]).describe('A rule id, or a rule as it would be created'),
  incidentId: z.string().min(1).max(100).describe('Incident id or number'),
  mode: routingModeSchema.default('created'),
});
export type RoutingPreviewRequest = z.infer<typeof routingPreviewRequestSchema>;

export const routingEffectOutcomes = ['apply', 'no_change', 'skipped'] as const;
export type RoutingEffectOutcome = (typeof routingEffectOutcomes)[number];

export const routingPreviewSchema = z.object({
  matched: z.boolean(),
  conditions: z.array(z.object({ index: z.number().int(), condition: routingConditionSchema, matched: z.boolean(), actual: z.unknown() })),
  effects: z.array(
    z.object({
      index: z.number().int(),
      effect: routingEffectSchema,
      outcome: z.enum(routingEffectOutcomes),
      reason: z.string().nullable(),
      from: z.unknown().optional(),
      to: z.unknown().optional(),
    }),
  ),
  stopProcessing: z.boolean(),
});
export type RoutingPreview = z.infer<typeof routingPreviewSchema>;
