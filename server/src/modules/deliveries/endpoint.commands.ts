import { webhookTestEventType, type WebhookEndpoint, type WebhookEndpointCreate, type WebhookEndpointPatch } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { WebhookEndpointRow } from '../../db/schema.js';
import { OutboundError, resolveOutboundTarget } from '../../integrations/ssrf/index.js';
import { newWebhookSecret, webhookSecretHint } from '../../integrations/webhooks/webhook.sign.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { enqueueDelivery } from './delivery.commands.js';
import { sealSecret } from './delivery.crypto.js';
import { presentEndpoint } from './endpoint.presenter.js';
import { deleteEndpointRow, insertEndpoint, selectEndpoint, selectEndpointForUpdate, updateEndpointRow } from './endpoint.repo.js';
import { teamExists } from './stakeholder.repo.js';

/** How long a rotated-out secret still signs alongside the new one, so receivers can switch without losing messages. */
export const PREVIOUS_SECRET_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Refuses a destination URL the outbound guard would refuse (loopback, private, link-local,
 * metadata, … unless allow-listed) as a 400 url_not_allowed, so a bad endpoint is caught when it is
 * saved; the guard checks again before every request.
 */
export async function assertOutboundUrl(deps: Deps, url: string, path = 'body.url'): Promise<void> {
  try {
    await resolveOutboundTarget(url, { allowList: deps.config.outboundAllowList });
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    throw new AppError('url_not_allowed', `This URL cannot be used: ${err.message}`, [{ path, message: err.message, reason: err.kind }]);
  }
}

export async function assertTeam(tx: Tx, teamId: string | null | undefined, path = 'body.teamId'): Promise<void> {
  if (teamId && !(await teamExists(tx, teamId))) throw new AppError('validation_failed', 'teamId is not a team', [{ path, message: 'is not a team' }]);
}

async function present(tx: Tx, row: WebhookEndpointRow): Promise<WebhookEndpoint> {
  return presentEndpoint((await selectEndpoint(tx, row.id)) ?? row);
}

/** Creates an endpoint with a new `whsec_` secret, returned here only. */
export async function createWebhookEndpoint(deps: Deps, actor: Actor, input: WebhookEndpointCreate): Promise<WebhookEndpoint & { secret: string }> {
  requireRole(actor, 'admin');
  await assertOutboundUrl(deps, input.url);
  const secret = newWebhookSecret();
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await assertTeam(tx, input.teamId);
    const row = await insertEndpoint(tx, {
      url: input.url,
      description: input.description,
      secret_sealed: sealSecret(deps.config.secret, secret),
      secret_hint: webhookSecretHint(secret),
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      event_types: [...new Set(input.eventTypes)],
      team_id: input.teamId,
      enabled: input.enabled,
      disabled_reason: input.enabled ? null : 'created disabled',
      disabled_at: input.enabled ? null : now,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const endpoint = await present(tx, row);
    await appendAudit(tx, actor, now, { entityType: 'webhook_endpoint', entityId: row.id, action: 'create', after: endpoint });
    return { ...endpoint, secret };
  });
}

/** Changes an endpoint; enabling it clears why it was disabled (e.g. after a 410). */
export async function updateWebhookEndpoint(deps: Deps, actor: Actor, id: string, patch: WebhookEndpointPatch): Promise<WebhookEndpoint> {
  requireRole(actor, 'admin');
  if (patch.url !== undefined) await assertOutboundUrl(deps, patch.url);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectEndpointForUpdate(tx, id);
    if (!row) throw notFound('Webhook endpoint');
    await assertTeam(tx, patch.teamId);
    const before = await present(tx, row);
    const enabling = patch.enabled === true && !row.enabled;
    const disabling = patch.enabled === false && row.enabled;
    const updated = await updateEndpointRow(tx, id, {
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(patch.eventTypes !== undefined ? { event_types: [...new Set(patch.eventTypes)] } : {}),
      ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
      ...(enabling ? { enabled: true, disabled_reason: null, disabled_at: null } : {}),
      ...(disabling ? { enabled: false, disabled_reason: 'disabled by an administrator', disabled_at: now } : {}),
      updated_at: now,
    });
    const after = await present(tx, updated);
    await appendAudit(tx, actor, now, { entityType: 'webhook_endpoint', entityId: id, action: 'update', before, after });
    return after;
  });
}

/** A new secret, returned here only; the old one keeps signing alongside it for 24 hours. */
export async function rotateWebhookSecret(deps: Deps, actor: Actor, id: string): Promise<WebhookEndpoint & { secret: string }> {
  requireRole(actor, 'admin');
  const secret = newWebhookSecret();
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectEndpointForUpdate(tx, id);
    if (!row) throw notFound('Webhook endpoint');
    const before = await present(tx, row);
    const updated = await updateEndpointRow(tx, id, {
      secret_sealed: sealSecret(deps.config.secret, secret),
      secret_hint: webhookSecretHint(secret),
      previous_secret_sealed: row.secret_sealed,
      previous_secret_expires_at: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS),
      updated_at: now,
    });
    const after = await present(tx, updated);
    await appendAudit(tx, actor, now, { entityType: 'webhook_endpoint', entityId: id, action: 'rotate_secret', before, after });
    return { ...after, secret };
  });
}

/** Deletes an endpoint; its delivery log stays, and pending deliveries to it fail. */
export async function deleteWebhookEndpoint(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'admin');
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectEndpointForUpdate(tx, id);
    if (!row) throw notFound('Webhook endpoint');
    const before = await present(tx, row);
    await deleteEndpointRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'webhook_endpoint', entityId: id, action: 'delete', before });
  });
}

/** Sends a signed `webhook.test` message to the endpoint (also a disabled one, to check a fix before enabling it). */
export async function sendTestWebhook(deps: Deps, actor: Actor, id: string): Promise<string> {
  requireRole(actor, 'admin');
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectEndpointForUpdate(tx, id);
    if (!row) throw notFound('Webhook endpoint');
    const { id: deliveryId } = await enqueueDelivery(tx, now, {
      channel: 'webhook',
      target: id,
      eventKind: webhookTestEventType,
      payload: { type: webhookTestEventType, timestamp: now.toISOString(), data: { endpointId: id, message: 'A test message from Vigil: this endpoint receives signed webhooks.' } },
      createdBy: actor.userId,
    });
    await appendAudit(tx, actor, now, { entityType: 'webhook_endpoint', entityId: id, action: 'test', after: { deliveryId } });
    return deliveryId;
  });
}
