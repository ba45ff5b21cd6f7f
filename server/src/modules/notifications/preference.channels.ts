import type { EmailPayload } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { Deps } from '../../platform/context.js';
import type { JobDefinition } from '../../platform/jobs/jobs.js';
import { enqueueDelivery, listTeamChatChannels } from '../deliveries/index.js';
import { inAppChannel, type NotificationChannel, type OutgoingNotification } from './notification.channels.js';
import { createDispatchJob, notificationJobs } from './notification.dispatch.js';
import { eventKeyOf, enqueueEmailLater, notificationDigestJob, notificationEmailKey, notificationEmailLaterJob, scheduleDigest } from './preference.jobs.js';
import { effectivePreferences } from './preference.presenter.js';
import { insertDigestItem, selectIncidentForRules, selectMatchingRules, selectPreferences } from './preference.repo.js';
import { digestDueAt, quietHoursEnd } from './preference.time.js';

const asUrl = (s: string | null) => (s && URL.canParse(s) ? s : undefined);
const incidentUrl = (deps: Deps, number: string) => `${deps.config.baseUrl}/incidents/${encodeURIComponent(number)}`;

function emailPayload(deps: Deps, n: OutgoingNotification): EmailPayload {
  return {
    message: {
      kind: 'notification',
      title: n.title,
      body: n.body,
      urgency: n.urgency,
      ...(n.incident ? { incident: { ...n.incident, url: incidentUrl(deps, n.incident.number) } } : {}),
      ...(asUrl(n.ackUrl) ? { ackUrl: asUrl(n.ackUrl) } : {}),
    },
    locale: n.user.locale,
    name: n.user.name,
  };
}

/**
 * Email, by the person's preferences: high urgency at once when email is on for it (quiet hours
 * never hold a page back); low urgency at once, at the end of quiet hours, or into the hourly or
 * daily digest. The delivery key is the notification id, so one notification is one email.
 */
export const emailChannel: NotificationChannel = {
  name: 'email',
  deliver: async (tx: Tx, deps: Deps, n: OutgoingNotification) => {
    const prefs = effectivePreferences(await selectPreferences(tx, n.user.id));
    const now = deps.clock.now();
    const payload = emailPayload(deps, n);
    const incidentId = n.incident?.id ?? null;
    if (n.urgency === 'high') {
      if (!prefs.high.email) return false;
    } else {
      if (!prefs.low.email) return false;
      if (prefs.low.digest !== 'none') {
        const due = digestDueAt(prefs.low.digest, prefs.quietHours, n.user.timeZone, now);
        await insertDigestItem(tx, { notification_id: n.id, user_id: n.user.id, due_at: due });
        await scheduleDigest(tx, now, n.user.id, due);
        return true;
      }
      const quietUntil = quietHoursEnd(prefs.quietHours, n.user.timeZone, now);
      if (quietUntil) {
        await enqueueEmailLater(tx, now, quietUntil, { notificationId: n.id, userId: n.user.id, incidentId, email: payload });
        return true;
      }
    }
    await enqueueDelivery(tx, now, { channel: 'email', target: n.user.email, incidentId, eventKind: 'notification', payload, idempotencyKey: notificationEmailKey(n.id) });
    return true;
  },
};

/**
 * The team's chat channels, by the team's notification rules: once per notification event and
 * channel however many people it notifies (the key leaves out the recipient). Never for a
 * restricted incident (a chat channel has no visibility rule), never with the personal ack link.
 */
export const teamChatChannel: NotificationChannel = {
  name: 'team_chat',
  deliver: async (tx: Tx, deps: Deps, n: OutgoingNotification) => {
    if (!n.incident) return false;
    const incident = await selectIncidentForRules(tx, n.incident.id);
    if (!incident?.team_id || incident.restricted) return false;
    const rules = await selectMatchingRules(tx, incident.team_id, incident.type_id, n.kind);
    if (rules.length === 0) return false;
    const enabled = new Map((await listTeamChatChannels(tx, incident.team_id)).map((c) => [c.id, c]));
    const channelIds = [...new Set(rules.flatMap((r) => r.channel_ids))].filter((id) => enabled.has(id));
    const event = eventKeyOf(n.key, n.user.id);
    const now = deps.clock.now();
    let created = false;
    for (const id of channelIds) {
      const r = await enqueueDelivery(tx, now, {
        channel: enabled.get(id)!.kind,
        target: id,
        incidentId: incident.id,
        eventKind: 'notification',
        idempotencyKey: `notifications.team_chat:${event}:${id}`,
        payload: { message: { kind: 'notification', title: n.title, body: n.body, urgency: n.urgency, incident: { id: incident.id, number: incident.number, title: incident.title, url: incidentUrl(deps, incident.number) } } },
      });
      created ||= r.created;
    }
    return created;
  },
};

/** The dispatch job with every channel: in-app first, then email and the team chat channels. */
export const deliveringDispatchJob = createDispatchJob([inAppChannel, emailChannel, teamChatChannel]);

/** The notification jobs the app registers at boot: the module's own with the delivering dispatch, the held email and the digest. */
export const deliveringNotificationJobs: readonly JobDefinition[] = [
  ...notificationJobs.filter((j) => j.name !== deliveringDispatchJob.name),
  deliveringDispatchJob,
  notificationEmailLaterJob,
  notificationDigestJob,
];
