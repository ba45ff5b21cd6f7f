import { randomUUID } from 'node:crypto';
import { notificationLimits, type Notification, type NotificationKind } from '@vigil/shared';
import type { DbOrTx, Tx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { appendAudit } from '../audit/index.js';
import { notificationDispatchJob, recipientActor } from './notification.dispatch.js';
import { presentNotification } from './notification.presenter.js';
import { selectOwnNotificationForUpdate, selectRecipients, selectUsersSeeingIncident, updateAllRead, updateNotificationRead } from './notification.repo.js';

export type NotifyInput = {
  userIds: readonly string[];
  incidentId?: string | null;
  kind: NotificationKind;
  urgency: 'high' | 'low';
  title: string;
  body: string;
  /** A signed acknowledge link is personal: pass it with one recipient (escalation steps notify each person on their own). */
  ackUrl?: string | null;
  /**
   * Makes the call idempotent: the same key (per recipient) never notifies twice, however often it
   * is repeated. Without it, every call notifies.
   */
  dedupeKey?: string;
};

/** PostgreSQL refuses NUL in text, and the payload has limits: clean and cut instead of failing the caller's transaction. */
function clip(text: string, max: number): string {
  const clean = text.replaceAll('\u0000', '');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** Of these users, in their order, the active ones who may see the incident (when there is one): whom notifyUsers would notify. */
export async function notifiableUsers(db: DbOrTx, userIds: readonly string[], incidentId: string | null): Promise<string[]> {
  const people = await selectRecipients(db, userIds);
  const ids = [...new Set(userIds)].filter((id) => people.get(id)?.active === true);
  if (!incidentId || ids.length === 0) return ids;
  const seeing = await selectUsersSeeingIncident(db, incidentId, ids.map((id) => recipientActor(people.get(id)!)));
  return ids.filter((id) => seeing.has(id));
}

/**
 * Notifies people, inside the caller's transaction: enqueues one `notifications.dispatch` job per
 * recipient (keyed, so a repeated key notifies nobody twice), leaving out inactive users and anyone
 * who may not see the incident. The job writes the in-app row and fans out to the other channels.
 * Returns the ids of the users it enqueued notifications for.
 */
export async function notifyUsers(tx: Tx, deps: Deps, input: NotifyInput): Promise<string[]> {
  const incidentId = input.incidentId ?? null;
  const ids = await notifiableUsers(tx, input.userIds, incidentId);
  const now = deps.clock.now();
  const base = input.dedupeKey ?? randomUUID();
  for (const userId of ids) {
    const key = `${base}:${userId}`;
    await enqueueJob(
      tx,
      notificationDispatchJob,
      {
        key,
        userId,
        incidentId,
        kind: input.kind,
        urgency: input.urgency,
        title: clip(input.title, notificationLimits.titleLength),
        body: clip(input.body, notificationLimits.bodyLength),
        ackUrl: input.ackUrl ?? null,
      },
      now,
      { idempotencyKey: `notifications.dispatch:${key}` },
    );
  }
  return ids;
}

/** Marks one of the caller's notifications read; reading it again changes nothing. */
export async function markNotificationRead(deps: Deps, actor: Actor, id: string): Promise<Notification> {
  requireUser(actor);
  return deps.db.transaction().execute(async (tx) => {
    const row = await selectOwnNotificationForUpdate(tx, actor, id);
    if (!row) throw notFound('Notification');
    if (row.read_at) return presentNotification(row);
    const now = deps.clock.now();
    await updateNotificationRead(tx, id, now);
    await appendAudit(tx, actor, now, { entityType: 'notification', entityId: id, action: 'read', before: { readAt: null }, after: { readAt: now.toISOString() } });
    return presentNotification({ ...row, read_at: now });
  });
}

/** Marks all of the caller's notifications read; returns how many were unread. */
export async function markAllNotificationsRead(deps: Deps, actor: Actor): Promise<{ updated: number }> {
  requireUser(actor);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const updated = await updateAllRead(tx, actor.userId, now);
    if (updated > 0) {
      await appendAudit(tx, actor, now, { entityType: 'user', entityId: actor.userId, action: 'notifications.read_all', after: { updated, readAt: now.toISOString() } });
    }
    return { updated };
  });
}
