import type { ChatChannel, Delivery, DeliveryListQuery, StakeholderList, WebhookEndpoint } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { selectChatChannel, selectChatChannels } from './chat-channel.repo.js';
import { presentDelivery } from './delivery.presenter.js';
import { selectDeliveries, selectDelivery } from './delivery.repo.js';
import { presentChatChannel, presentEndpoint, presentStakeholderList } from './endpoint.presenter.js';
import { selectEndpoint, selectEndpoints } from './endpoint.repo.js';
import { selectStakeholderList, selectStakeholderLists } from './stakeholder.repo.js';

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { at, id };
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor is not a cursor this list returned', [{ path: 'querystring.cursor', message: 'is not valid' }]);
}

/** The delivery log, newest first, filtered by channel, status, incident or target (admins, auditors). */
export async function listDeliveries(db: DbOrTx, actor: Actor, q: DeliveryListQuery): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  requireRole(actor, 'admin', 'auditor');
  const rows = await selectDeliveries(db, { channel: q.channel, status: q.status, incidentId: q.incidentId, target: q.target, before: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  return { items: page.map(presentDelivery), nextCursor: rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.created_key, last.id])).toString('base64url') : null };
}

/** One delivery with the payload it sends (admins, auditors). */
export async function getDelivery(db: DbOrTx, actor: Actor, id: string): Promise<Delivery & { payload: unknown }> {
  requireRole(actor, 'admin', 'auditor');
  const row = await selectDelivery(db, id);
  if (!row) throw notFound('Delivery');
  return { ...presentDelivery(row), payload: row.payload };
}

export async function listWebhookEndpoints(db: DbOrTx, actor: Actor): Promise<{ items: WebhookEndpoint[] }> {
  requireRole(actor, 'admin');
  return { items: (await selectEndpoints(db)).map(presentEndpoint) };
}

export async function getWebhookEndpoint(db: DbOrTx, actor: Actor, id: string): Promise<WebhookEndpoint> {
  requireRole(actor, 'admin');
  const row = await selectEndpoint(db, id);
  if (!row) throw notFound('Webhook endpoint');
  return presentEndpoint(row);
}

export async function listChatChannels(db: DbOrTx, actor: Actor): Promise<{ items: ChatChannel[] }> {
  requireRole(actor, 'admin');
  return { items: (await selectChatChannels(db)).map(presentChatChannel) };
}

export async function getChatChannel(db: DbOrTx, actor: Actor, id: string): Promise<ChatChannel> {
  requireRole(actor, 'admin');
  const row = await selectChatChannel(db, id);
  if (!row) throw notFound('Chat channel');
  return presentChatChannel(row);
}

/** Enabled chat channels of a team, for modules that notify a team (their ids are delivery targets). */
export async function listTeamChatChannels(db: DbOrTx, teamId: string): Promise<Array<{ id: string; kind: ChatChannel['kind']; name: string }>> {
  return (await selectChatChannels(db, { teamId, enabledOnly: true })).map((c) => ({ id: c.id, kind: c.kind, name: c.name }));
}

/** Stakeholder lists (everyone who may send communications may see them to choose). */
export async function listStakeholderLists(db: DbOrTx, actor: Actor, f: { teamId?: string | undefined }): Promise<{ items: StakeholderList[] }> {
  requireRole(actor, 'admin', 'manager', 'agent');
  return { items: (await selectStakeholderLists(db, { teamId: f.teamId })).map(presentStakeholderList) };
}

export async function getStakeholderList(db: DbOrTx, actor: Actor, id: string): Promise<StakeholderList> {
  requireRole(actor, 'admin', 'manager', 'agent');
  const row = await selectStakeholderList(db, id);
  if (!row) throw notFound('Stakeholder list');
  return presentStakeholderList(row);
}
