import type { IncidentReactor } from '../../platform/context.js';
import { notifyUsers } from '../notifications/index.js';
import { selectActiveWatchers } from './subscription.repo.js';

/**
 * Keeps the people around an incident informed, through their notification preferences: a new
 * assignee is told they have it; watchers hear of status changes, acknowledgement and comments
 * (reporters only of public ones). Never the person who acted; never someone who may not see the
 * incident (notifyUsers checks); once per change (keyed by the incident version or comment).
 */
export const subscriptionReactor: IncidentReactor = {
  name: 'subscriptions',
  react: async (tx, deps, change) => {
    const inc = change.incident;
    const me = change.actor.userId;
    const assigneeChanged = change.changedFields.includes('assignee_id') && inc.assignee_id !== null;
    if ((change.kind === 'created' || change.kind === 'updated' || change.kind === 'transitioned') && assigneeChanged && inc.assignee_id !== me) {
      await notifyUsers(tx, deps, {
        userIds: [inc.assignee_id!],
        incidentId: inc.id,
        kind: 'assigned',
        urgency: inc.priority === 'P1' || inc.priority === 'P2' ? 'high' : 'low',
        title: `${inc.number} is assigned to you`,
        body: `${inc.priority} · ${inc.title}`,
        dedupeKey: `assigned:${inc.id}:${inc.version}`,
      });
    }
    if (change.kind !== 'transitioned' && change.kind !== 'commented' && change.kind !== 'acknowledged') return;
    const visibility = change.kind === 'commented' ? change.detail?.visibility : 'public';
    const watchers = (await selectActiveWatchers(tx, inc.id)).filter((w) => w.id !== me && (visibility === 'public' || w.role !== 'reporter'));
    if (watchers.length === 0) return;
    const finished = inc.state_category === 'resolved' || inc.state_category === 'closed';
    const kind = change.kind === 'acknowledged' ? 'acknowledged' : change.kind === 'transitioned' && finished ? 'resolved' : 'info';
    const title =
      change.kind === 'commented'
        ? `New ${visibility === 'public' ? 'reply' : 'note'} on ${inc.number}`
        : change.kind === 'acknowledged'
          ? `${inc.number} was acknowledged`
          : `${inc.number} is now ${inc.state}`;
    await notifyUsers(tx, deps, {
      userIds: watchers.map((w) => w.id),
      incidentId: inc.id,
      kind,
      urgency: 'low',
      title,
      body: inc.title,
      dedupeKey: change.kind === 'commented' ? `watch:comment:${String(change.detail?.commentId)}` : `watch:${change.kind}:${inc.id}:${inc.version}`,
    });
  },
};
