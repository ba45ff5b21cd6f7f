import { randomUUID } from 'node:crypto';
import { notificationKindSchema, notificationLimits, notificationUrgencySchema } from '@vigil/shared';
import { z } from 'zod';
import type { Tx } from '../../db/client.js';
import { systemActor, type Actor, type Deps } from '../../platform/context.js';
import { defineJob, type JobDefinition } from '../../platform/jobs/jobs.js';
import { appendAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { inAppChannel, type NotificationChannel, type OutgoingNotification } from './notification.channels.js';
import { selectIncidentSummary, selectRecipients, selectUsersSeeingIncident, type Recipient } from './notification.repo.js';

/** What `notifications.dispatch` carries: one notification for one person. */
export const dispatchPayloadSchema = z.object({
  /** Unique per (dispatch, recipient); the in-app row keeps it, so a re-run of the job notifies nobody twice. */
  key: z.string().min(1).max(300),
  userId: z.uuid(),
  incidentId: z.uuid().nullable(),
  kind: notificationKindSchema,
  urgency: notificationUrgencySchema,
  title: z.string().max(notificationLimits.titleLength),
  body: z.string().max(notificationLimits.bodyLength),
  ackUrl: z.string().max(notificationLimits.urlLength).nullable(),
});
export type DispatchPayload = z.infer<typeof dispatchPayloadSchema>;

/** A recipient as the incidents module's visibility rule sees them. */
export function recipientActor(r: Pick<Recipient, 'id' | 'role' | 'teamIds'>): Actor {
  return { kind: 'user', userId: r.id, role: r.role, teamIds: r.teamIds, scope: 'read', ip: null, requestId: null };
}

/**
 * Delivers one notification through the channels, in order, in one transaction: nothing when the
 * person is inactive or may no longer see the incident, nothing when the in-app channel says this
 * key was delivered before; otherwise the channels' rows and jobs, a `notification.sent` timeline
 * event on the incident, and an audit record.
 */
export async function dispatchNotification(tx: Tx, deps: Deps, p: DispatchPayload, channels: readonly NotificationChannel[]): Promise<string | null> {
  const log = deps.log.child({ job: 'notifications.dispatch', key: p.key });
  const person = (await selectRecipients(tx, [p.userId])).get(p.userId);
  if (!person?.active) {
    log.info('recipient missing or inactive; not notified');
    return null;
  }
  const incident = p.incidentId ? await selectIncidentSummary(tx, p.incidentId) : null;
  if (p.incidentId) {
    if (!incident || !(await selectUsersSeeingIncident(tx, p.incidentId, [recipientActor(person)])).has(person.id)) {
      log.info('recipient may not see the incident (any more); not notified');
      return null;
    }
  }
  const now = deps.clock.now();
  const notification: OutgoingNotification = {
    id: randomUUID(),
    key: p.key,
    user: { id: person.id, name: person.name, email: person.email, locale: person.locale, timeZone: person.timeZone },
    incident,
    kind: p.kind,
    urgency: p.urgency,
    title: p.title,
    body: p.body,
    ackUrl: p.ackUrl,
    createdAt: now,
  };
  const delivered: string[] = [];
  for (const [i, channel] of channels.entries()) {
    const done = await channel.deliver(tx, deps, notification);
    if (i === 0 && !done) {
      log.info('already delivered; nothing to do');
      return null;
    }
    if (done) delivered.push(channel.name);
  }
  if (incident) {
    await appendTimeline(tx, systemActor, now, incident.id, 'notification.sent', {
      notificationId: notification.id,
      user: { id: person.id, name: person.name },
      kind: p.kind,
      urgency: p.urgency,
      channels: delivered,
    });
  }
  await appendAudit(tx, systemActor, now, {
    entityType: 'notification',
    entityId: notification.id,
    action: 'send',
    after: { userId: person.id, incidentId: incident?.id ?? null, kind: p.kind, urgency: p.urgency, title: p.title, channels: delivered },
  });
  return notification.id;
}

/**
 * The dispatch job over a list of channels. The in-app channel must come first: its row is what
 * makes a re-run a no-op. Issue 5 builds the job with its email and chat channels after it.
 */
export function createDispatchJob(channels: readonly NotificationChannel[]): JobDefinition<DispatchPayload> {
  if (channels[0] !== inAppChannel) throw new Error('notifications.dispatch: the in-app channel must be the first channel');
  const names = channels.map((c) => c.name);
  if (new Set(names).size !== names.length) throw new Error(`notifications.dispatch: channel names must be unique (${names.join(', ')})`);
  return defineJob({
    name: 'notifications.dispatch',
    schema: dispatchPayloadSchema,
    maxAttempts: 10,
    backoff: { baseMs: 2_000, capMs: 10 * 60_000 },
    handler: async (payload, { deps }) => {
      await deps.db.transaction().execute((tx) => dispatchNotification(tx, deps, payload, channels));
    },
  });
}

/** The dispatch job with the in-app channel only (what notifyUsers enqueues; the name is what counts). */
export const notificationDispatchJob = createDispatchJob([inAppChannel]);

/** The job definitions of this module, registered at boot. */
export const notificationJobs: readonly JobDefinition[] = [notificationDispatchJob];
