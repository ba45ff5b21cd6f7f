import type { Tx } from '../../db/client.js';
import type { DeliveryRow } from '../../db/schema.js';
import { systemActor, type Deps } from '../../platform/context.js';
import { appendAudit } from '../audit/index.js';
import { selectChatChannelForUpdate, updateChatChannelRow } from './chat-channel.repo.js';
import { scheduleDeliveryAttempt } from './delivery.jobs.js';
import { claimDeliveryAttempt, finishDeliveryAttempt } from './delivery.repo.js';
import { nextRetryDelay } from './delivery.schedule.js';
import { performDelivery, type AttemptOutcome } from './delivery.send.js';
import { presentChatChannel, presentEndpoint } from './endpoint.presenter.js';
import { selectEndpointForUpdate, updateEndpointRow } from './endpoint.repo.js';

const MAX_ERROR = 2_000;

/**
 * Runs attempt `attempt` of a delivery: claims it (a delivery already delivered, failed or resent
 * is left alone, so a repeated job sends nothing twice), sends it outside any transaction, and
 * records the outcome with the next attempt or the final status.
 */
export async function attemptDelivery(deps: Deps, job: { deliveryId: string; attempt: number }, signal?: AbortSignal): Promise<void> {
  const claimed = await claimDeliveryAttempt(deps.db, job.deliveryId, job.attempt, deps.clock.now());
  if (!claimed) return;
  const outcome = await performDelivery(deps, claimed, signal);
  await recordAttemptOutcome(deps, claimed, outcome);
}

/** Writes the outcome of a claimed attempt; a `gone` answer also disables the endpoint or chat channel (audited). */
export async function recordAttemptOutcome(deps: Deps, row: DeliveryRow, outcome: AttemptOutcome, random: () => number = Math.random): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const error = outcome.error && outcome.error.length > MAX_ERROR ? `${outcome.error.slice(0, MAX_ERROR - 1)}…` : outcome.error;
    const base = { response_code: outcome.code, last_error: error, updated_at: now };
    if (outcome.kind === 'delivered') {
      await finishDeliveryAttempt(tx, row.id, row.attempts, { ...base, status: 'delivered', delivered_at: now, next_attempt_at: null });
      return;
    }
    if (outcome.kind === 'retry') {
      const delay = nextRetryDelay(row.channel, row.attempts, row.max_attempts, { random, retryAfterMs: outcome.retryAfterMs ?? null });
      if (delay === null) {
        await finishDeliveryAttempt(tx, row.id, row.attempts, { ...base, status: 'dead', next_attempt_at: null });
        deps.log.warn({ deliveryId: row.id, channel: row.channel, attempts: row.attempts }, 'delivery is dead after its last attempt');
        return;
      }
      const runAt = new Date(now.getTime() + delay);
      const held = await finishDeliveryAttempt(tx, row.id, row.attempts, { ...base, status: 'pending', next_attempt_at: runAt });
      if (held) await scheduleDeliveryAttempt(tx, row.id, row.attempts + 1, runAt, now);
      return;
    }
    const status = outcome.kind === 'disabled' ? 'disabled' : 'failed';
    const held = await finishDeliveryAttempt(tx, row.id, row.attempts, { ...base, status, next_attempt_at: null });
    if (held && outcome.kind === 'gone') await disableDestination(tx, deps, row, `HTTP ${outcome.code} from the receiver (delivery ${row.id})`, now);
  });
}

/** The receiver said the destination is gone: disable the endpoint or channel, so nothing more is sent until an admin enables it. */
async function disableDestination(tx: Tx, deps: Deps, row: DeliveryRow, reason: string, now: Date): Promise<void> {
  if (row.channel === 'webhook') {
    const endpoint = await selectEndpointForUpdate(tx, row.target);
    if (!endpoint || !endpoint.enabled) return;
    const updated = await updateEndpointRow(tx, endpoint.id, { enabled: false, disabled_reason: reason, disabled_at: now, updated_at: now });
    await appendAudit(tx, systemActor, now, { entityType: 'webhook_endpoint', entityId: endpoint.id, action: 'disable', before: presentEndpoint(endpoint), after: presentEndpoint(updated) });
  } else if (row.channel !== 'email') {
    const channel = await selectChatChannelForUpdate(tx, row.target);
    if (!channel || !channel.enabled) return;
    const updated = await updateChatChannelRow(tx, channel.id, { enabled: false, disabled_reason: reason, disabled_at: now, updated_at: now });
    await appendAudit(tx, systemActor, now, { entityType: 'chat_channel', entityId: channel.id, action: 'disable', before: presentChatChannel(channel), after: presentChatChannel(updated) });
  }
  deps.log.warn({ deliveryId: row.id, channel: row.channel, target: row.target, reason }, 'destination disabled: the receiver says it is gone');
}
