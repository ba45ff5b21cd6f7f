import { categorySchema, fieldDefinitionSchema, priorityMatrixSchema, workflowSchema, type IncidentType, type LocalizedText } from '@vigil/shared';
import { z } from 'zod';
import type { IncidentTypeRow } from '../../db/schema.js';
import { toJsonSchema } from './custom-fields.schema.js';

const storedSchema = z.object({
  fields: z.array(fieldDefinitionSchema),
  workflow: workflowSchema,
  categories: z.array(categorySchema),
  priorityMatrix: priorityMatrixSchema,
});

/** Row to DTO. The JSON columns were validated on write; parsing again applies defaults and types them. */
export function presentIncidentType(row: IncidentTypeRow): IncidentType {
  const stored = storedSchema.parse({ fields: row.fields, workflow: row.workflow, categories: row.categories, priorityMatrix: row.priority_matrix });
  return {
    id: row.id,
    key: row.key,
    name: row.name as LocalizedText,
    description: row.description as Partial<LocalizedText>,
    prefix: row.prefix,
    restricted: row.restricted,
    defaultTeamId: row.default_team_id,
    fields: stored.fields,
    requiredFields: row.required_fields as IncidentType['requiredFields'],
    workflow: stored.workflow,
    categories: stored.categories,
    priorityMatrix: stored.priorityMatrix,
    active: row.active,
    pack: row.pack,
    packVersion: row.pack_version,
    customizedAt: row.customized_at ? row.customized_at.toISOString() : null,
    version: row.version,
    schema: toJsonSchema(stored.fields),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit record keeps of a type: the definition, without the derived JSON Schema. */
export function auditView(type: IncidentType): Omit<IncidentType, 'schema'> {
  const { schema: _schema, ...rest } = type;
  return rest;
}
