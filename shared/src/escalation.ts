import { z } from 'zod';
import { uuidSchema } from './common.js';
import { incidentRefSchema, refSchema, safeText } from './incidents.js';
import { limits } from './limits.js';

/**
 * Escalation policies and running escalations. A policy has levels; each level pages its targets
 * and waits `delayMinutes` for an acknowledgement before the next level is paged (after the last
 * level: before the next pass, `repeatCount` passes after the first, then the escalation is
 * exhausted). A running escalation keeps a snapshot of the policy as it was at its start.
 */
export const escalationLimits = { levels: 10, targetsPerLevel: 10, maxDelayMinutes: 1440, maxRepeat: 9, descriptionLength: 2_000, reasonLength: 500 } as const;

export const escalationTargetKinds = ['user', 'team', 'schedule'] as const;
export const escalationTargetKindSchema = z.enum(escalationTargetKinds);
export type EscalationTargetKind = z.infer<typeof escalationTargetKindSchema>;

export const escalationTargetSchema = z.strictObject({
  kind: escalationTargetKindSchema.describe('user: that person; schedule: whoever is on call; team: its on-call people, or all its members when nobody is on call'),
  id: uuidSchema,
});
export type EscalationTarget = z.infer<typeof escalationTargetSchema>;

export const escalationLevelSchema = z
  .strictObject({
    delayMinutes: z
      .number()
      .int()
      .min(1)
      .max(escalationLimits.maxDelayMinutes)
      .describe('Minutes to wait for an acknowledgement after this level is paged before escalating further'),
    targets: z.array(escalationTargetSchema).min(1).max(escalationLimits.targetsPerLevel),
  })
  .superRefine((level, ctx) => {
    const seen = new Set<string>();
    level.targets.forEach((t, i) => {
      const key = `${t.kind}:${t.id}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['targets', i], message: 'names the same target twice' });
      seen.add(key);
    });
  });
export type EscalationLevel = z.infer<typeof escalationLevelSchema>;

const nameSchema = safeText(limits.nameLength).trim().min(1, 'must not be empty');
const descriptionSchema = safeText(escalationLimits.descriptionLength).trim();
const levelsSchema = z.array(escalationLevelSchema).min(1).max(escalationLimits.levels);
const repeatCountSchema = z.number().int().min(0).max(escalationLimits.maxRepeat).describe('How many more passes through all levels after the first');

export const escalationPolicyCreateSchema = z.strictObject({
  teamId: uuidSchema.describe('The owning team; its managers may edit the policy'),
  name: nameSchema,
  description: descriptionSchema.default(''),
  levels: levelsSchema,
  repeatCount: repeatCountSchema.default(0),
});
export type EscalationPolicyCreate = z.infer<typeof escalationPolicyCreateSchema>;

export const escalationPolicyPatchSchema = z
  .strictObject({
    name: nameSchema.optional(),
    description: descriptionSchema.optional(),
    levels: levelsSchema.optional(),
    repeatCount: repeatCountSchema.optional(),
    version: z.number().int().min(1).optional().describe('The version the change is based on (or If-Match)'),
  })
  .refine((p) => Object.keys(p).some((k) => k !== 'version'), 'name at least one field to change');
export type EscalationPolicyPatch = z.infer<typeof escalationPolicyPatchSchema>;

/** A target as presented: its current name, or null when it no longer exists. */
export const escalationTargetViewSchema = z.object({ kind: escalationTargetKindSchema, id: z.uuid(), name: z.string().nullable() });
export const escalationLevelViewSchema = z.object({ delayMinutes: z.number().int(), targets: z.array(escalationTargetViewSchema) });

export const escalationPolicySchema = z.object({
  id: z.uuid(),
  team: refSchema,
  name: z.string(),
  description: z.string(),
  levels: z.array(escalationLevelViewSchema),
  repeatCount: z.number().int(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;

export const escalationPolicyListSchema = z.object({ items: z.array(escalationPolicySchema) });
export const escalationPolicyListQuerySchema = z.object({ teamId: uuidSchema.optional() });
export const escalationPolicyParamsSchema = z.object({ id: z.uuid() });

export const escalationStates = ['running', 'acknowledged', 'resolved', 'exhausted', 'cancelled'] as const;
export const escalationStateSchema = z.enum(escalationStates);
export type EscalationState = z.infer<typeof escalationStateSchema>;

export const escalationStartSchema = z.strictObject({
  policyId: uuidSchema,
  reason: safeText(escalationLimits.reasonLength).trim().min(1).optional().describe('Why; default "started by hand"'),
});
export type EscalationStart = z.infer<typeof escalationStartSchema>;

export const escalationSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  /** The policy as snapshotted at the start; id is null once the policy was deleted. */
  policy: z.object({ id: z.uuid().nullable(), name: z.string(), version: z.number().int() }),
  state: escalationStateSchema,
  /** The level (1-based) the next step pages; null when nothing more will be paged. */
  nextLevel: z.number().int().nullable(),
  /** The pass through the levels: 0 the first, 1 the first repeat, ... */
  repeat: z.number().int(),
  nextStepAt: z.string().nullable(),
  reason: z.string(),
  startedBy: refSchema.nullable(),
  startedAt: z.string(),
  stoppedAt: z.string().nullable(),
  stopReason: z.string().nullable(),
  levels: z.array(escalationLevelViewSchema),
  repeatCount: z.number().int(),
  pages: z.array(z.object({ level: z.number().int(), repeat: z.number().int(), user: refSchema, pagedAt: z.string() })),
});
export type Escalation = z.infer<typeof escalationSchema>;

export const escalationListSchema = z.object({ items: z.array(escalationSchema) });
export const escalationIncidentParamsSchema = z.object({ idOrNumber: incidentRefSchema });
