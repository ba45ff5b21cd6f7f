import type { ChatChannel, ChatChannelCreate, ChatChannelPatch } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { ChatChannelRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { deleteChatChannelRow, insertChatChannel, selectChatChannel, selectChatChannelForUpdate, updateChatChannelRow } from './chat-channel.repo.js';
import { enqueueDelivery } from './delivery.commands.js';
import { sealSecret, urlHint } from './delivery.crypto.js';
import { presentChatChannel } from './endpoint.presenter.js';
import { assertOutboundUrl, assertTeam } from './endpoint.commands.js';

async function present(tx: Tx, row: ChatChannelRow): Promise<ChatChannel> {
  return presentChatChannel((await selectChatChannel(tx, row.id)) ?? row);
}

/** Adds a Slack, Mattermost or Teams incoming webhook; its URL is sealed and never shown again in full. */
export async function createChatChannel(deps: Deps, actor: Actor, input: ChatChannelCreate): Promise<ChatChannel> {
  requireRole(actor, 'admin');
  await assertOutboundUrl(deps, input.url);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    await assertTeam(tx, input.teamId);
    const row = await insertChatChannel(tx, {
      kind: input.kind,
      name: input.name,
      url_sealed: sealSecret(deps.config.secret, input.url),
      url_hint: urlHint(input.url),
      team_id: input.teamId,
      locale: input.locale,
      enabled: input.enabled,
      disabled_reason: input.enabled ? null : 'created disabled',
      disabled_at: input.enabled ? null : now,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    const channel = await present(tx, row);
    await appendAudit(tx, actor, now, { entityType: 'chat_channel', entityId: row.id, action: 'create', after: channel });
    return channel;
  });
}

/** Changes a chat channel; a new URL replaces the sealed one; enabling clears why it was disabled. */
export async function updateChatChannel(deps: Deps, actor: Actor, id: string, patch: ChatChannelPatch): Promise<ChatChannel> {
  requireRole(actor, 'admin');
  if (patch.url !== undefined) await assertOutboundUrl(deps, patch.url);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectChatChannelForUpdate(tx, id);
    if (!row) throw notFound('Chat channel');
    await assertTeam(tx, patch.teamId);
    const before = await present(tx, row);
    const enabling = patch.enabled === true && !row.enabled;
    const disabling = patch.enabled === false && row.enabled;
    const updated = await updateChatChannelRow(tx, id, {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.url !== undefined ? { url_sealed: sealSecret(deps.config.secret, patch.url), url_hint: urlHint(patch.url) } : {}),
      ...(patch.teamId !== undefined ? { team_id: patch.teamId } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
      ...(enabling ? { enabled: true, disabled_reason: null, disabled_at: null } : {}),
      ...(disabling ? { enabled: false, disabled_reason: 'disabled by an administrator', disabled_at: now } : {}),
      updated_at: now,
    });
    const after = await present(tx, updated);
    await appendAudit(tx, actor, now, { entityType: 'chat_channel', entityId: id, action: 'update', before, after: { ...after, ...(patch.url !== undefined ? { urlChanged: true } : {}) } });
    return after;
  });
}

export async function deleteChatChannel(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireRole(actor, 'admin');
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectChatChannelForUpdate(tx, id);
    if (!row) throw notFound('Chat channel');
    const before = await present(tx, row);
    await deleteChatChannelRow(tx, id);
    await appendAudit(tx, actor, now, { entityType: 'chat_channel', entityId: id, action: 'delete', before });
  });
}

/** Posts a test message to the channel (also a disabled one, to check a fix before enabling it). */
export async function sendTestChatMessage(deps: Deps, actor: Actor, id: string): Promise<string> {
  requireRole(actor, 'admin');
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectChatChannelForUpdate(tx, id);
    if (!row) throw notFound('Chat channel');
    const { id: deliveryId } = await enqueueDelivery(tx, now, { channel: row.kind, target: id, eventKind: 'channel.test', payload: { message: { kind: 'channel.test' } }, createdBy: actor.userId });
    await appendAudit(tx, actor, now, { entityType: 'chat_channel', entityId: id, action: 'test', after: { deliveryId } });
    return deliveryId;
  });
}
