import { emailPayloadSchema } from '@vigil/shared';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { systemActor, type Deps } from '../../platform/context.js';
import { defineJob, enqueueJob, type JobDefinition } from '../../platform/jobs/jobs.js';
import { appendAudit } from '../audit/index.js';
import { enqueueDelivery } from '../deliveries/index.js';
import { recipientActor } from './notification.dispatch.js';
import { selectRecipients, selectUsersSeeingIncident } from './notification.repo.js';
import { markDigestItemsSent, selectDueDigestItems } from './preference.repo.js';

const emailLaterPayload = z.object({ notificationId: z.uuid(), userId: z.uuid(), incidentId: z.uuid().nullable(), email: emailPayloadSchema });
type EmailLaterPayload = z.infer<typeof emailLaterPayload>;

/** The delivery key of a notification's email: one email per notification, however often a job runs. */
export const notificationEmailKey = (notificationId: string) => `notifications.email:${notificationId}`;

/** Whether the person is still active and, for an incident, may still see it. */
async function stillFor(tx: Tx, userId: string, incidentId: string | null): Promise<{ email: string } | null> {
  const person = (await selectRecipients(tx, [userId])).get(userId);
  if (!person?.active) return null;
  if (incidentId && !(await selectUsersSeeingIncident(tx, incidentId, [recipientActor(person)])).has(userId)) return null;
  return { email: person.email };
}

/**
 * A low-urgency email held back by quiet hours: at their end, enqueues the delivery, unless the
 * person left or may no longer see the incident meanwhile (visibility is checked again).
 */
export const notificationEmailLaterJob: JobDefinition<EmailLaterPayload> = defineJob({
  name: 'notifications.email_later',
  schema: emailLaterPayload,
  maxAttempts: 10,
  backoff: { baseMs: 5_000, capMs: 10 * 60_000 },
  handler: async (p, { deps }) => {
    await deps.db.transaction().execute(async (tx) => {
      const to = await stillFor(tx, p.userId, p.incidentId);
      if (!to) return deps.log.info({ job: 'notifications.email_later', notificationId: p.notificationId }, 'recipient gone or may not see the incident; not sent');
      await enqueueDelivery(tx, deps.clock.now(), { channel: 'email', target: to.email, incidentId: p.incidentId, eventKind: 'notification', payload: p.email, idempotencyKey: notificationEmailKey(p.notificationId) });
    });
  },
});

/** Holds a low-urgency email until `runAt` (the end of quiet hours). */
export async function enqueueEmailLater(tx: Tx, now: Date, runAt: Date, p: EmailLaterPayload): Promise<void> {
  await enqueueJob(tx, notificationEmailLaterJob, p, now, { runAt, idempotencyKey: `notifications.email_later:${p.notificationId}` });
}

const digestPayload = z.object({ userId: z.uuid(), dueAt: z.iso.datetime({ offset: true }) });
type DigestPayload = z.infer<typeof digestPayload>;

const digestTexts = {
  en: { title: (n: number) => (n === 1 ? 'Digest: 1 notification' : `Digest: ${n} notifications`) },
  de: { title: (n: number) => (n === 1 ? 'Zusammenfassung: 1 Benachrichtigung' : `Zusammenfassung: ${n} Benachrichtigungen`) },
} as const;

/**
 * Sends one digest email of a user's due digest items (those about incidents they may no longer
 * see are dropped), marks them sent, and records it in the audit log; an empty digest sends nothing.
 * Re-running is harmless: the items are marked in the same transaction and the delivery key is
 * the user and the due time.
 */
export async function sendDigest(tx: Tx, deps: Deps, p: DigestPayload): Promise<string | null> {
  const now = deps.clock.now();
  const items = await selectDueDigestItems(tx, p.userId, now);
  if (items.length === 0) return null;
  const person = (await selectRecipients(tx, [p.userId])).get(p.userId);
  const ids = items.map((i) => i.notification_id);
  if (!person?.active) {
    await markDigestItemsSent(tx, ids, null, now);
    return null;
  }
  const visible = [];
  for (const item of items) {
    if (!item.incident_id || (await selectUsersSeeingIncident(tx, item.incident_id, [recipientActor(person)])).has(person.id)) visible.push(item);
  }
  if (visible.length === 0) {
    await markDigestItemsSent(tx, ids, null, now);
    return null;
  }
  const lines = visible.map((i) => `• ${i.incident_number ? `[${i.incident_number}] ` : ''}${i.title}`);
  const { id } = await enqueueDelivery(tx, now, {
    channel: 'email',
    target: person.email,
    eventKind: 'notification.digest',
    idempotencyKey: `notifications.digest:${p.userId}:${p.dueAt}`,
    payload: { message: { kind: 'notification', title: digestTexts[person.locale].title(visible.length), body: lines.join('\n'), urgency: 'low' }, locale: person.locale, name: person.name },
  });
  await markDigestItemsSent(tx, ids, id, now);
  await appendAudit(tx, systemActor, now, {
    entityType: 'notification_digest',
    entityId: id,
    action: 'send',
    after: { userId: person.id, dueAt: p.dueAt, notificationIds: visible.map((i) => i.notification_id), dropped: items.length - visible.length },
  });
  return id;
}

/** The digest of one user for one due time. */
export const notificationDigestJob: JobDefinition<DigestPayload> = defineJob({
  name: 'notifications.digest',
  schema: digestPayload,
  maxAttempts: 10,
  backoff: { baseMs: 5_000, capMs: 10 * 60_000 },
  handler: async (p, { deps }) => void (await deps.db.transaction().execute((tx) => sendDigest(tx, deps, p))),
});

/** Makes sure the user's digest for `dueAt` is scheduled (once per user and due time). */
export async function scheduleDigest(tx: Tx, now: Date, userId: string, dueAt: Date): Promise<void> {
  const iso = dueAt.toISOString();
  await enqueueJob(tx, notificationDigestJob, { userId, dueAt: iso }, now, { runAt: dueAt, idempotencyKey: `notifications.digest:${userId}:${iso}` });
}

/** A key per notification event for team chat posts: the dispatch key without its recipient, so all recipients share it. */
export function eventKeyOf(key: string, userId: string): string {
  const suffix = `:${userId}`;
  return key.endsWith(suffix) ? key.slice(0, -suffix.length) : key;
}
