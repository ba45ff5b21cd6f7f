import { randomUUID } from 'node:crypto';
import { chatPayloadSchema, emailPayloadSchema, webhookBodySchema, type ChatKind, type ChatPayload, type EmailPayload, type WebhookBody } from '@vigil/shared';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import type { DeliveryRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { scheduleDeliveryAttempt } from './delivery.jobs.js';
import { presentDelivery } from './delivery.presenter.js';
import { insertDelivery, selectDelivery, selectDeliveryByKey, updateDelivery } from './delivery.repo.js';
import { attemptsPerRound } from './delivery.schedule.js';

type Common = {
  /** The incident the message is about (threads its mail, files it in the incident's delivery log). */
  incidentId?: string | null;
  /** What happened, e.g. `incident.paged`, `incident.created`, `communication.public_update`. */
  eventKind: string;
  /** The same key twice is one delivery (the second enqueue is a no-op); default a random key. */
  idempotencyKey?: string;
  /** The user whose action caused the message, if any. */
  createdBy?: string | null;
};

/** What to deliver: an email to an address, a chat message to a chat channel (id), a signed webhook to an endpoint (id). */
export type DeliveryInput = Common &
  (
    | { channel: 'email'; target: string; payload: z.input<typeof emailPayloadSchema> | EmailPayload }
    | { channel: ChatKind; target: string; payload: ChatPayload }
    | { channel: 'webhook'; target: string; payload: WebhookBody }
  );

const emailTarget = z.email().max(320);

function checkedPayload(input: DeliveryInput): unknown {
  switch (input.channel) {
    case 'email':
      if (!emailTarget.safeParse(input.target).success) throw new Error(`enqueueDelivery: "${input.target}" is not an email address`);
      return emailPayloadSchema.parse(input.payload);
    case 'webhook':
      if (!z.uuid().safeParse(input.target).success) throw new Error('enqueueDelivery: a webhook target is an endpoint id');
      return webhookBodySchema.parse(input.payload);
    default:
      if (!z.uuid().safeParse(input.target).success) throw new Error('enqueueDelivery: a chat target is a chat channel id');
      return chatPayloadSchema.parse(input.payload);
  }
}

/**
 * Records a delivery and enqueues its first attempt, inside the caller's transaction (it is sent
 * only if that transaction commits). With a key already used, nothing new is enqueued and the
 * existing delivery is returned with created = false.
 */
export async function enqueueDelivery(tx: Tx, at: Date, input: DeliveryInput): Promise<{ id: string; created: boolean }> {
  const payload = checkedPayload(input);
  const key = input.idempotencyKey ?? randomUUID();
  const row = await insertDelivery(tx, {
    channel: input.channel,
    target: input.target,
    incident_id: input.incidentId ?? null,
    event_kind: input.eventKind,
    payload,
    max_attempts: attemptsPerRound(input.channel),
    idempotency_key: key,
    created_by: input.createdBy ?? null,
    at,
  });
  if (!row) {
    const existing = await selectDeliveryByKey(tx, key);
    if (!existing) throw new Error(`delivery with key ${key} vanished`);
    return { id: existing.id, created: false };
  }
  await scheduleDeliveryAttempt(tx, row.id, 1, at, at);
  return { id: row.id, created: true };
}

const finished: ReadonlySet<DeliveryRow['status']> = new Set(['delivered', 'failed', 'dead', 'disabled']);

/** An attempt still `sending` after this long was cut short for good (its job died): it may be resent. */
export const STUCK_SENDING_MS = 15 * 60_000;

function resendable(row: DeliveryRow, now: Date): boolean {
  if (finished.has(row.status)) return true;
  return row.status === 'sending' && row.last_attempt_at !== null && now.getTime() - row.last_attempt_at.getTime() > STUCK_SENDING_MS;
}

/**
 * Sends a finished delivery again (admins), or one stuck in `sending` for 15 minutes: a new round of
 * attempts on the channel's schedule, with the same payload, webhook-id and Message-ID, so receivers
 * can tell it is the same message.
 */
export async function resendDelivery(deps: Deps, actor: Actor, id: string): Promise<DeliveryRow> {
  requireRole(actor, 'admin');
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const row = await selectDelivery(tx, id, { lock: true });
    if (!row) throw notFound('Delivery');
    if (!resendable(row, now)) throw new AppError('conflict', `The delivery is ${row.status}; only finished deliveries can be sent again`, { status: row.status });
    const updated = await updateDelivery(tx, id, { status: 'pending', max_attempts: row.attempts + attemptsPerRound(row.channel), next_attempt_at: now, updated_at: now });
    await scheduleDeliveryAttempt(tx, id, row.attempts + 1, now, now);
    await appendAudit(tx, actor, now, { entityType: 'delivery', entityId: id, action: 'resend', before: presentDelivery(row), after: presentDelivery(updated) });
    return updated;
  });
}
