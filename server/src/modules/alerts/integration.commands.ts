import type { IncidentType, Integration, IntegrationCreateInput, IntegrationPatchInput, IntegrationSettings, IntegrationWithKey } from '@vigil/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import type { IntegrationRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { getIncidentType } from '../types/index.js';
import { forgetIntegrations } from './integration.cache.js';
import { hashIntegrationKey, keyHint, newIntegrationKey } from './integration.key.js';
import { assertMayManageIntegrations } from './integration.policy.js';
import { auditIntegration, ingestUrl, presentIntegration } from './integration.presenter.js';
import { insertIntegration, selectIntegrationForUpdate, selectIntegrationView, teamExists, updateIntegrationRow } from './integration.repo.js';

type Issue = { path: string; message: string };

function invalid(issues: Issue[]): AppError {
  return new AppError('validation_failed', 'The request is not valid: ' + issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
}

/** Core fields an alert fills in when it opens an incident (detected and aware at the alert's time, a description). */
const fillableCoreFields = new Set(['description', 'detected_at', 'became_aware_at', 'occurred_at']);

/** Why an alert could not open an incident of this type: required fields it cannot fill. */
function unfillable(type: IncidentType, teamId: string | null | undefined): string[] {
  const missing = type.requiredFields.filter((f) => !fillableCoreFields.has(f) && !(f === 'team' && (teamId ?? type.defaultTeamId)));
  const custom = type.fields.filter((f) => f.required).map((f) => `custom.${f.key}`);
  return [...missing, ...custom];
}

/** Checks the type, team and label routes an integration names; every problem at once. */
async function checkTargets(db: DbOrTx, typeRef: string, teamId: string | null | undefined, settings: IntegrationSettings): Promise<IncidentType> {
  const issues: Issue[] = [];
  const type = await getIncidentType(db, typeRef);
  if (!type || !type.active) issues.push({ path: 'body.type', message: 'is not an active incident type' });
  else {
    const missing = unfillable(type, teamId);
    if (missing.length > 0) issues.push({ path: 'body.type', message: `requires fields an alert cannot fill: ${missing.join(', ')}` });
  }
  if (teamId && !(await teamExists(db, teamId))) issues.push({ path: 'body.teamId', message: 'is not a team' });
  for (const [i, route] of settings.labelRoutes.entries()) {
    if (route.type !== undefined) {
      const routed = await getIncidentType(db, route.type);
      if (!routed || !routed.active) issues.push({ path: `body.settings.labelRoutes.${i}.type`, message: 'is not an active incident type' });
      else {
        const missing = unfillable(routed, route.teamId ?? teamId);
        if (missing.length > 0) issues.push({ path: `body.settings.labelRoutes.${i}.type`, message: `requires fields an alert cannot fill: ${missing.join(', ')}` });
      }
    }
    if (route.teamId && !(await teamExists(db, route.teamId))) issues.push({ path: `body.settings.labelRoutes.${i}.teamId`, message: 'is not a team' });
  }
  if (issues.length > 0) throw invalid(issues);
  return type!;
}

async function present(tx: Tx, deps: Deps, id: string): Promise<Integration> {
  const view = await selectIntegrationView(tx, id);
  if (!view) throw notFound('Integration');
  return presentIntegration(view, deps.config.baseUrl);
}

/** Creates an integration and returns its key, the only time the key is shown, with the URL senders post to. */
export async function createIntegration(deps: Deps, actor: Actor, input: IntegrationCreateInput): Promise<IntegrationWithKey> {
  assertMayManageIntegrations(actor);
  const type = await checkTargets(deps.db, input.type, input.teamId, input.settings);
  const key = newIntegrationKey();
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await insertIntegration(tx, {
      kind: input.kind,
      name: input.name,
      type_id: type.id,
      team_id: input.teamId ?? null,
      key_hash: hashIntegrationKey(key),
      key_hint: keyHint(key),
      settings: JSON.stringify(input.settings),
      rate_limit_per_minute: input.rateLimitPerMinute,
      enabled: true,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await appendAudit(tx, actor, now, { entityType: 'integration', entityId: row.id, action: 'create', after: auditIntegration(row) });
    return { ...(await present(tx, deps, row.id)), key, ingestUrlWithKey: ingestUrl(deps.config.baseUrl, row.kind, key) };
  });
}

/** Changes name, type, team, rate limit or settings (settings are replaced as a whole). */
export async function updateIntegration(deps: Deps, actor: Actor, id: string, input: IntegrationPatchInput): Promise<Integration> {
  assertMayManageIntegrations(actor);
  const result = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectIntegrationForUpdate(tx, id);
    if (!row) throw notFound('Integration');
    const settings = input.settings ?? (row.settings as IntegrationSettings);
    if (input.settings) {
      if (row.kind === 'webhook' && !input.settings.webhook) throw invalid([{ path: 'body.settings.webhook', message: 'a webhook integration needs its field mapping' }]);
      if (row.kind !== 'webhook' && input.settings.webhook) throw invalid([{ path: 'body.settings.webhook', message: 'only webhook integrations take a field mapping' }]);
    }
    const teamId = input.teamId === undefined ? row.team_id : input.teamId;
    const type = await checkTargets(tx, input.type ?? row.type_id, teamId, { ...settings, labelRoutes: input.settings?.labelRoutes ?? [] });
    const updated = await updateIntegrationRow(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      type_id: type.id,
      team_id: teamId,
      ...(input.rateLimitPerMinute !== undefined ? { rate_limit_per_minute: input.rateLimitPerMinute } : {}),
      ...(input.settings !== undefined ? { settings: JSON.stringify(input.settings) } : {}),
      updated_at: now,
    });
    await appendAudit(tx, actor, now, { entityType: 'integration', entityId: id, action: 'update', before: auditIntegration(row), after: auditIntegration(updated) });
    return present(tx, deps, id);
  });
  forgetIntegrations(deps);
  return result;
}

/** Stops (or resumes) accepting events; a disabled integration's key is refused. Setting the state it has changes nothing. */
export async function setIntegrationEnabled(deps: Deps, actor: Actor, id: string, enabled: boolean): Promise<Integration> {
  assertMayManageIntegrations(actor);
  const result = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectIntegrationForUpdate(tx, id);
    if (!row) throw notFound('Integration');
    if (row.enabled !== enabled) {
      const updated = await updateIntegrationRow(tx, id, { enabled, updated_at: now });
      await appendAudit(tx, actor, now, {
        entityType: 'integration',
        entityId: id,
        action: enabled ? 'enable' : 'disable',
        before: { enabled: row.enabled },
        after: { enabled: updated.enabled },
      });
    }
    return present(tx, deps, id);
  });
  forgetIntegrations(deps);
  return result;
}

/** Replaces the key at once (the old one stops working) and returns the new one, the only time it is shown. */
export async function rotateIntegrationKey(deps: Deps, actor: Actor, id: string): Promise<IntegrationWithKey> {
  assertMayManageIntegrations(actor);
  const key = newIntegrationKey();
  const result = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row: IntegrationRow | undefined = await selectIntegrationForUpdate(tx, id);
    if (!row) throw notFound('Integration');
    const updated = await updateIntegrationRow(tx, id, { key_hash: hashIntegrationKey(key), key_hint: keyHint(key), updated_at: now });
    await appendAudit(tx, actor, now, { entityType: 'integration', entityId: id, action: 'rotate_key', before: { keyHint: row.key_hint }, after: { keyHint: updated.key_hint } });
    return { ...(await present(tx, deps, id)), key, ingestUrlWithKey: ingestUrl(deps.config.baseUrl, row.kind, key) };
  });
  forgetIntegrations(deps);
  return result;
}
