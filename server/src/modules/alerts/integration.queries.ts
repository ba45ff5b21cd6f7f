import type { AlertEvent, Integration } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { AlertEventRow } from '../../db/schema.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { selectAlertEvents } from './alert.repo.js';
import { assertMayReadIntegrations } from './integration.policy.js';
import { presentIntegration } from './integration.presenter.js';
import { selectIntegration, selectIntegrationView, selectIntegrationViews } from './integration.repo.js';

export async function listIntegrations(db: DbOrTx, actor: Actor, baseUrl: string): Promise<{ items: Integration[] }> {
  assertMayReadIntegrations(actor);
  return { items: (await selectIntegrationViews(db)).map((v) => presentIntegration(v, baseUrl)) };
}

export async function getIntegration(db: DbOrTx, actor: Actor, id: string, baseUrl: string): Promise<Integration> {
  assertMayReadIntegrations(actor);
  const view = await selectIntegrationView(db, id);
  if (!view) throw notFound('Integration');
  return presentIntegration(view, baseUrl);
}

export function presentAlertEvent(row: AlertEventRow): AlertEvent {
  return {
    id: row.id,
    integrationId: row.integration_id,
    kind: row.kind,
    receivedAt: row.received_at.toISOString(),
    status: row.status,
    processedAt: row.processed_at?.toISOString() ?? null,
    outcome: row.outcome,
    error: row.error,
    payload: row.payload,
  };
}

/** The inbound log of one integration, newest first: every event as stored (keys redacted), with how processing went. */
export async function listIntegrationEvents(
  db: DbOrTx,
  actor: Actor,
  id: string,
  q: { kind?: 'alert' | 'change' | undefined; status?: 'pending' | 'processed' | 'failed' | undefined; before?: number | undefined; limit: number },
): Promise<{ items: AlertEvent[]; nextBefore: number | null }> {
  assertMayReadIntegrations(actor);
  if (!(await selectIntegration(db, id))) throw notFound('Integration');
  const rows = await selectAlertEvents(db, id, { ...q, limit: q.limit + 1 });
  const items = rows.slice(0, q.limit);
  return { items: items.map(presentAlertEvent), nextBefore: rows.length > q.limit ? items.at(-1)!.id : null };
}
