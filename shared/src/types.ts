import { z } from 'zod';
import { localizedTextSchema, roleSchema, type LocalizedText } from './common.js';

/** Incident types are data: fields, workflow, categories and priority matrix, shipped as type packs. */

export const levels = ['high', 'medium', 'low'] as const;
export const levelSchema = z.enum(levels);
export type Level = z.infer<typeof levelSchema>;

export const severities = ['critical', 'high', 'medium', 'low'] as const;
export const severitySchema = z.enum(severities);
export type Severity = z.infer<typeof severitySchema>;

export const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export const prioritySchema = z.enum(priorities);
export type Priority = z.infer<typeof prioritySchema>;

export const stateCategories = ['new', 'active', 'waiting', 'resolved', 'closed'] as const;
export const stateCategorySchema = z.enum(stateCategories);
export type StateCategory = z.infer<typeof stateCategorySchema>;

export const fieldKinds = ['string', 'text', 'number', 'boolean', 'date', 'datetime', 'enum', 'multi_enum', 'user', 'reference'] as const;
export const fieldKindSchema = z.enum(fieldKinds);
export type FieldKind = z.infer<typeof fieldKindSchema>;

const keySchema = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be lower_snake_case, starting with a letter');

export const fieldOptionSchema = z.object({ value: z.string().min(1).max(100), label: localizedTextSchema });

/** One custom field; the set of a type's fields is published as a JSON Schema subset (see toJsonSchema). */
export const fieldDefinitionSchema = z
  .object({
    key: keySchema,
    label: localizedTextSchema,
    help: localizedTextSchema.optional(),
    kind: fieldKindSchema,
    required: z.boolean().default(false),
    options: z.array(fieldOptionSchema).max(200).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
    maxLength: z.number().int().positive().max(10_000).optional(),
    section: z.string().max(100).optional(),
  })
  .superRefine((f, ctx) => {
    const needsOptions = f.kind === 'enum' || f.kind === 'multi_enum';
    if (needsOptions && (!f.options || f.options.length === 0)) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${f.kind} field needs options` });
    if (!needsOptions && f.options) ctx.addIssue({ code: 'custom', path: ['options'], message: `only enum and multi_enum fields take options` });
    if (f.options && new Set(f.options.map((o) => o.value)).size !== f.options.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'option values must be unique' });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max) ctx.addIssue({ code: 'custom', path: ['min'], message: 'min must not exceed max' });
  });
export type FieldDefinition = z.infer<typeof fieldDefinitionSchema>;

/** Core incident fields a type may require at creation or a transition may require (besides custom.<key>). */
export const coreFieldKeys = ['assignee', 'team', 'category', 'description', 'resolution', 'occurred_at', 'detected_at', 'became_aware_at', 'due_at', 'business_areas', 'services', 'assets', 'locations'] as const;
export const coreFieldKeySchema = z.enum(coreFieldKeys);

/** A guard names what must hold before a transition: core fields (`resolution`) or custom fields (`custom.root_cause`) set, and roles allowed. */
export const fieldRefSchema = z.string().regex(/^(custom\.[a-z][a-z0-9_]{0,62}|assignee|team|category|description|resolution|occurred_at|detected_at|became_aware_at|due_at|business_areas|services|assets|locations)$/, 'must be a core field or custom.<key>');

export const workflowStateSchema = z.object({ key: keySchema, label: localizedTextSchema, category: stateCategorySchema });
export const workflowTransitionSchema = z.object({
  key: keySchema,
  label: localizedTextSchema,
  from: z.array(keySchema).min(1),
  to: keySchema,
  requires: z
    .object({
      fields: z.array(fieldRefSchema).max(50).optional(),
      roles: z.array(roleSchema).optional(),
      comment: z.boolean().optional(),
    })
    .optional(),
});

export const workflowSchema = z
  .object({
    initial: keySchema,
    states: z.array(workflowStateSchema).min(1).max(50),
    transitions: z.array(workflowTransitionSchema).max(200),
  })
  .superRefine((w, ctx) => {
    const keys = new Set(w.states.map((s) => s.key));
    if (keys.size !== w.states.length) ctx.addIssue({ code: 'custom', path: ['states'], message: 'state keys must be unique' });
    if (!keys.has(w.initial)) ctx.addIssue({ code: 'custom', path: ['initial'], message: `initial state "${w.initial}" is not a state` });
    const tkeys = new Set<string>();
    w.transitions.forEach((t, i) => {
      if (tkeys.has(t.key)) ctx.addIssue({ code: 'custom', path: ['transitions', i, 'key'], message: `transition key "${t.key}" is used twice` });
      tkeys.add(t.key);
      if (!keys.has(t.to)) ctx.addIssue({ code: 'custom', path: ['transitions', i, 'to'], message: `"${t.to}" is not a state` });
      t.from.forEach((f, j) => {
        if (!keys.has(f)) ctx.addIssue({ code: 'custom', path: ['transitions', i, 'from', j], message: `"${f}" is not a state` });
      });
    });
  });
export type Workflow = z.infer<typeof workflowSchema>;
export type WorkflowTransition = z.infer<typeof workflowTransitionSchema>;

export type Category = { key: string; label: z.infer<typeof localizedTextSchema>; children?: Category[] };
export const categorySchema: z.ZodType<Category> = z.lazy(() =>
  z.object({ key: keySchema, label: localizedTextSchema, children: z.array(categorySchema).max(100).optional() }),
);

/** impact -> urgency -> priority. */
export const priorityMatrixSchema = z.object({
  high: z.object({ high: prioritySchema, medium: prioritySchema, low: prioritySchema }),
  medium: z.object({ high: prioritySchema, medium: prioritySchema, low: prioritySchema }),
  low: z.object({ high: prioritySchema, medium: prioritySchema, low: prioritySchema }),
});
export type PriorityMatrix = z.infer<typeof priorityMatrixSchema>;

export const defaultPriorityMatrix: PriorityMatrix = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P5' },
};

export const incidentTypeInputSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/, 'must be lower-kebab-case'),
  name: localizedTextSchema,
  description: localizedTextSchema.partial().default({}),
  prefix: z.string().regex(/^[A-Z]{2,6}$/, 'must be 2-6 capital letters'),
  restricted: z.boolean().default(false),
  defaultTeamId: z.uuid().nullable().default(null),
  fields: z.array(fieldDefinitionSchema).max(100).default([]),
  requiredFields: z.array(coreFieldKeySchema).default([]),
  workflow: workflowSchema,
  categories: z.array(categorySchema).max(200).default([]),
  priorityMatrix: priorityMatrixSchema.default(defaultPriorityMatrix),
  active: z.boolean().default(true),
});
export type IncidentTypeInput = z.infer<typeof incidentTypeInputSchema>;

const inputShape = incidentTypeInputSchema.shape;
/** A change to a type: only the keys sent are changed (no defaults filled in); the key itself is fixed. */
export const incidentTypePatchSchema = z.strictObject({
  name: inputShape.name.optional(),
  description: inputShape.description.unwrap().optional(),
  prefix: inputShape.prefix.optional(),
  restricted: inputShape.restricted.unwrap().optional(),
  defaultTeamId: inputShape.defaultTeamId.unwrap().optional(),
  fields: inputShape.fields.unwrap().optional(),
  requiredFields: inputShape.requiredFields.unwrap().optional(),
  workflow: inputShape.workflow.optional(),
  categories: inputShape.categories.unwrap().optional(),
  priorityMatrix: inputShape.priorityMatrix.unwrap().optional(),
  active: inputShape.active.unwrap().optional(),
});

/** PATCH body: the change, plus the version it was based on unless sent as If-Match. */
export const incidentTypePatchBodySchema = incidentTypePatchSchema.extend({ version: z.number().int().positive().optional() });

export const incidentTypeSchema = incidentTypeInputSchema.extend({
  id: z.uuid(),
  pack: z.string().nullable(),
  /** Version of the pack this type was installed or last upgraded from. */
  packVersion: z.number().int().nullable(),
  /** When an admin first edited the type; pack upgrades never overwrite a customized type. */
  customizedAt: z.string().nullable(),
  version: z.number().int(),
  /** The custom fields as a JSON Schema (draft 2020-12 subset), for forms and API clients. */
  schema: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type IncidentType = z.infer<typeof incidentTypeSchema>;

export type CoreFieldKey = z.infer<typeof coreFieldKeySchema>;
export type WorkflowState = z.infer<typeof workflowStateSchema>;
export type FieldOption = z.infer<typeof fieldOptionSchema>;
export type IncidentTypePatch = z.infer<typeof incidentTypePatchSchema>;

/** English labels of the core fields, for guard messages and forms. */
export const coreFieldLabels: Record<CoreFieldKey, LocalizedText> = {
  assignee: { en: 'Assignee', de: 'Bearbeiter' },
  team: { en: 'Team', de: 'Team' },
  category: { en: 'Category', de: 'Kategorie' },
  description: { en: 'Description', de: 'Beschreibung' },
  resolution: { en: 'Resolution', de: 'Lösung' },
  occurred_at: { en: 'Occurred at', de: 'Eingetreten am' },
  detected_at: { en: 'Detected at', de: 'Entdeckt am' },
  became_aware_at: { en: 'Became aware at', de: 'Kenntnis erlangt am' },
  due_at: { en: 'Due at', de: 'Fällig am' },
  business_areas: { en: 'Business areas', de: 'Geschäftsbereiche' },
  services: { en: 'Services', de: 'Services' },
  assets: { en: 'Assets', de: 'Anlagen' },
  locations: { en: 'Locations', de: 'Standorte' },
};

/**
 * Checks across the parts of a type that the field schemas cannot see alone: unique field keys,
 * guards naming existing custom fields, unique category keys per level. Empty means consistent.
 */
export function incidentTypeIssues(input: Pick<IncidentTypeInput, 'fields' | 'workflow' | 'categories'>): Array<{ path: Array<string | number>; message: string }> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  const fieldKeys = new Set<string>();
  input.fields.forEach((f, i) => {
    if (fieldKeys.has(f.key)) issues.push({ path: ['fields', i, 'key'], message: `field key "${f.key}" is used twice` });
    fieldKeys.add(f.key);
  });
  input.workflow.transitions.forEach((t, i) => {
    (t.requires?.fields ?? []).forEach((ref, j) => {
      if (ref.startsWith('custom.') && !fieldKeys.has(ref.slice('custom.'.length))) {
        issues.push({ path: ['workflow', 'transitions', i, 'requires', 'fields', j], message: `"${ref}" is not a field of this type` });
      }
    });
  });
  const walk = (nodes: Category[], path: Array<string | number>) => {
    const seen = new Set<string>();
    nodes.forEach((c, i) => {
      if (seen.has(c.key)) issues.push({ path: [...path, i, 'key'], message: `category key "${c.key}" is used twice at this level` });
      seen.add(c.key);
      if (c.children) walk(c.children, [...path, i, 'children']);
    });
  };
  walk(input.categories, ['categories']);
  return issues;
}
