import type { Tx } from '../../db/client.js';
import type { Deps } from '../../platform/context.js';
import { insertNotification, type Recipient } from './notification.repo.js';

/** One notification on its way to one person, as every channel receives it. */
export type OutgoingNotification = {
  /** The in-app row's id; other channels refer to it (links, idempotency keys of their deliveries). */
  id: string;
  /** Unique per (dispatch, recipient): the same key never notifies twice. */
  key: string;
  user: Pick<Recipient, 'id' | 'name' | 'email' | 'locale' | 'timeZone'>;
  incident: { id: string; number: string; title: string } | null;
  kind: string;
  urgency: 'high' | 'low';
  title: string;
  body: string;
  ackUrl: string | null;
  createdAt: Date;
};

/**
 * A way of reaching a person. `deliver` runs inside the dispatch job's transaction and must only
 * write rows and enqueue jobs (an email or chat channel enqueues its own delivery job); it returns
 * whether it delivered or queued anything, for the timeline event.
 */
export type NotificationChannel = {
  name: string;
  deliver(tx: Tx, deps: Deps, notification: OutgoingNotification): Promise<boolean>;
};

/**
 * The in-app inbox, always the first channel: its row is the record of the notification, unique per
 * key, so when it reports false the dispatch already ran and the job stops. The insert trigger
 * announces the row on `vigil_user` when the transaction commits.
 */
export const inAppChannel: NotificationChannel = {
  name: 'in_app',
  deliver: async (tx, _deps, n) => {
    const row = await insertNotification(tx, {
      id: n.id,
      user_id: n.user.id,
      incident_id: n.incident?.id ?? null,
      kind: n.kind,
      urgency: n.urgency,
      title: n.title,
      body: n.body,
      ack_url: n.ackUrl,
      dedupe_key: n.key,
      created_at: n.createdAt,
    });
    return row !== null;
  },
};
