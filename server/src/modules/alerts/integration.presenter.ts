import { integrationSettingsSchema, type Integration, type IntegrationKind, type IntegrationSettings } from '@vigil/shared';
import type { IntegrationRow } from '../../db/schema.js';
import type { IntegrationView } from './integration.repo.js';

const KEY_PLACEHOLDER = '{integrationKey}';

/** Where a sender of this kind posts; with a key, the URL it is given (PagerDuty senders send the key in the body). */
export function ingestUrl(baseUrl: string, kind: IntegrationKind, key: string = KEY_PLACEHOLDER): string | null {
  switch (kind) {
    case 'pagerduty':
      return `${baseUrl}/v2/enqueue`;
    case 'alertmanager':
    case 'grafana':
    case 'webhook':
      return `${baseUrl}/api/v1/ingest/${kind}/${key}`;
    case 'email':
      return null;
  }
}

/** Settings as stored were parsed on the way in; parsing again fills defaults added since. */
export function settingsOf(row: Pick<IntegrationRow, 'settings'>): IntegrationSettings {
  return integrationSettingsSchema.parse(row.settings);
}

export function presentIntegration(view: IntegrationView, baseUrl: string): Integration {
  return {
    id: view.id,
    kind: view.kind,
    name: view.name,
    type: { id: view.type_id, key: view.type_key, name: view.type_name.en ?? view.type_key },
    team: view.team_id ? { id: view.team_id, name: view.team_name ?? '' } : null,
    keyHint: view.key_hint,
    ingestUrl: ingestUrl(baseUrl, view.kind),
    rateLimitPerMinute: view.rate_limit_per_minute,
    enabled: view.enabled,
    settings: settingsOf(view),
    createdBy: view.created_by ? { id: view.created_by, name: view.creator_name ?? '' } : null,
    lastEventAt: view.last_event_at?.toISOString() ?? null,
    createdAt: view.created_at.toISOString(),
    updatedAt: view.updated_at.toISOString(),
  };
}

/** What the audit trail keeps of an integration: everything but the key (its hint stays, to tell rotations apart). */
export function auditIntegration(row: IntegrationRow) {
  return {
    kind: row.kind,
    name: row.name,
    typeId: row.type_id,
    teamId: row.team_id,
    keyHint: row.key_hint,
    rateLimitPerMinute: row.rate_limit_per_minute,
    enabled: row.enabled,
    settings: row.settings,
  };
}
