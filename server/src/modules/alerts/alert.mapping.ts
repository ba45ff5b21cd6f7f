import { defaultSeverityMap, fallbackSeverityMapping, incidentCreateSchema, limits, type IncidentCreateInput, type IntegrationSettings, type SeverityMapping } from '@vigil/shared';
import type { IntegrationRow } from '../../db/schema.js';
import type { AlertBatch, AlertSignal } from './alert.signal.js';

/** Cuts text to max characters, marking the cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** What the source's severity word becomes: the integration's map first, then Vigil's defaults, then medium. */
export function severityMapping(settings: IntegrationSettings, severity: string | null): SeverityMapping {
  const word = (severity ?? '').trim().toLowerCase();
  return settings.severityMap[word] ?? defaultSeverityMap[word] ?? fallbackSeverityMapping;
}

/** The type and team of the incident: the first label route whose label matches, else the integration's. */
export function routeOf(integration: IntegrationRow, settings: IntegrationSettings, labels: Record<string, string>): { type: string; teamId: string | null | undefined } {
  const route = settings.labelRoutes.find((r) => Object.hasOwn(labels, r.label) && labels[r.label] === r.equals);
  return {
    type: route?.type ?? integration.type_id,
    teamId: route?.teamId !== undefined ? route.teamId : (integration.team_id ?? undefined),
  };
}

export type IncidentInputResult = { ok: true; input: IncidentCreateInput } | { ok: false; error: string };

/**
 * The incident an alert group opens: the group's title, the first alert's description, severity,
 * impact, urgency (and priority, if the map sets one) from the severity map, type and team from
 * the label routes, detected when the source saw it, aware when Vigil received it.
 */
export function incidentInputFor(integration: IntegrationRow, settings: IntegrationSettings, batch: AlertBatch, signal: AlertSignal, receivedAt: Date): IncidentInputResult {
  const mapping = severityMapping(settings, signal.severity);
  const route = routeOf(integration, settings, signal.labels);
  const footer = `\n\nOpened by the ${integration.kind} integration "${integration.name}" from alert ${signal.dedupKey}.`;
  const parsed = incidentCreateSchema.safeParse({
    type: route.type,
    title: clip(batch.groupTitle.trim() || signal.title.trim() || `Alert from ${integration.name}`, limits.titleLength),
    description: clip(signal.description, limits.descriptionLength - footer.length) + footer,
    severity: mapping.severity,
    impact: mapping.impact,
    urgency: mapping.urgency,
    ...(mapping.priority ? { priority: mapping.priority } : {}),
    ...(route.teamId !== undefined ? { teamId: route.teamId } : {}),
    detectedAt: signal.occurredAt ?? receivedAt.toISOString(),
    becameAwareAt: receivedAt.toISOString(),
    source: 'alert',
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  return { ok: true, input: parsed.data };
}
