import type { IncidentReactor } from '../../platform/context.js';
import { notifyUsers } from '../notifications/index.js';
import { mentionedNames } from './mention.parse.js';
import { selectCommentBody, selectUserName, selectUsersNamedIn } from './mention.repo.js';

const EXCERPT = 280;

/**
 * People mentioned as `@Name` in a comment get an in-app notification (and whatever channels their
 * preferences add). Never the author; never a reporter for an internal note; and only people who may
 * see the incident (notifyUsers checks that). Once per comment and person.
 */
export const mentionReactor: IncidentReactor = {
  name: 'mentions',
  react: async (tx, deps, change) => {
    if (change.kind !== 'commented') return;
    const commentId = change.detail?.commentId;
    if (typeof commentId !== 'string') return;
    const comment = await selectCommentBody(tx, commentId);
    if (!comment) return;
    const named = mentionedNames(comment.body, await selectUsersNamedIn(tx, comment.body));
    const userIds = named.filter((u) => u.id !== change.actor.userId && (comment.visibility === 'public' || u.role !== 'reporter')).map((u) => u.id);
    if (userIds.length === 0) return;
    const author = change.actor.userId ? await selectUserName(tx, change.actor.userId) : null;
    const excerpt = comment.body.length > EXCERPT ? `${comment.body.slice(0, EXCERPT - 1)}…` : comment.body;
    await notifyUsers(tx, deps, {
      userIds,
      incidentId: change.incident.id,
      kind: 'mentioned',
      urgency: 'low',
      title: `${author ?? 'Someone'} mentioned you on ${change.incident.number}`,
      body: excerpt,
      dedupeKey: `mention:${commentId}`,
    });
  },
};
