import { portalPaths, type FieldDefinition, type IncidentType, type LocalizedText, type PortalForm, type PublicReportLink } from '@vigil/shared';
import { toJsonSchema } from '../types/index.js';
import type { PortalPolicy } from './portal.policy.js';
import type { LinkRow } from './portal.repo.js';

/** Custom field kinds a guest may not fill: they point at users and incidents a guest must not probe. */
const internalKinds = new Set<FieldDefinition['kind']>(['user', 'reference']);

/** The custom fields of a type that a guest may fill. */
export function guestCustomFields(type: IncidentType): FieldDefinition[] {
  return type.fields.filter((f) => !internalKinds.has(f.kind));
}

/** Core fields the portal fills itself: when the organisation detected and became aware of it is when the report arrived. */
const filledByPortal = new Set(['detected_at', 'became_aware_at']);
const guestCore: Record<string, 'description' | 'occurredAt' | 'location'> = { description: 'description', occurred_at: 'occurredAt', locations: 'location' };

/** The guest fields a type requires (the title always). */
export function requiredGuestFields(type: IncidentType): PortalForm['required'] {
  return ['title', ...type.requiredFields.flatMap((f) => (guestCore[f] ? [guestCore[f]] : []))];
}

/** Why a type cannot take guest reports: required fields a guest can neither fill nor the portal supply. */
export function portalBlockers(type: IncidentType): Array<{ path: string; message: string }> {
  const blockers: Array<{ path: string; message: string }> = [];
  if (!type.active) blockers.push({ path: 'type', message: 'the incident type is not active' });
  for (const f of type.requiredFields) {
    if (guestCore[f] || filledByPortal.has(f) || (f === 'team' && type.defaultTeamId)) continue;
    blockers.push({ path: `requiredFields.${f}`, message: `${f} is required, and a guest cannot set it` });
  }
  for (const f of type.fields) if (f.required && internalKinds.has(f.kind)) blockers.push({ path: `fields.${f.key}`, message: `the required ${f.kind} field ${f.key} cannot be filled by a guest` });
  return blockers;
}

export function presentForm(slug: string, type: IncidentType, policy: PortalPolicy): PortalForm {
  const customFields = guestCustomFields(type);
  return {
    slug,
    type: { key: type.key, name: type.name, description: type.description },
    fields: ['title', 'description', 'occurredAt', 'location'],
    required: requiredGuestFields(type),
    customFields,
    schema: toJsonSchema(customFields),
    proof: { difficulty: policy.difficulty, minFillSeconds: Math.ceil(policy.minFillMs / 1000) },
  };
}

export function presentLink(type: Pick<IncidentType, 'id' | 'key' | 'name'>, link: LinkRow | undefined, baseUrl: string): PublicReportLink {
  return {
    type: { id: type.id, key: type.key, name: type.name as LocalizedText },
    enabled: link?.enabled ?? false,
    slug: link?.slug ?? null,
    url: link ? baseUrl + portalPaths.form(link.slug) : null,
    createdBy: link?.created_by ? { id: link.created_by, name: link.created_by_name ?? '' } : null,
    createdAt: link ? link.created_at.toISOString() : null,
    updatedAt: link ? link.updated_at.toISOString() : null,
  };
}

/** What the audit record keeps of a link: never the whole slug, which is the key to the form. */
export function auditLink(typeKey: string, link: { enabled: boolean; slug: string }) {
  return { typeKey, enabled: link.enabled, slugHint: `${link.slug.slice(0, 4)}…` };
}
