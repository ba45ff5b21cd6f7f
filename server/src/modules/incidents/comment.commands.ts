import type { CommentCreateInput, CommentVisibility } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { insertComment } from './comment.repo.js';
import { assertMayComment } from './incident.policy.js';
import { runReactors } from './incident.reactors.js';
import { selectVisibleIncident } from './incident.repo.js';

export type CommentRow = Awaited<ReturnType<typeof insertComment>>;

/** Writes a comment with its timeline event (as visible as the comment) and its audit record, in the caller's transaction. */
export async function recordComment(tx: Tx, actor: Actor, at: Date, incident: IncidentRow, body: string, visibility: CommentVisibility): Promise<CommentRow> {
  const comment = await insertComment(tx, { incidentId: incident.id, authorId: actor.userId, body, visibility, at });
  await appendTimeline(tx, actor, at, incident.id, 'comment.added', { commentId: comment.id, visibility, body }, visibility);
  await appendAudit(tx, actor, at, { entityType: 'comment', entityId: comment.id, action: 'create', after: { incidentId: incident.id, number: incident.number, visibility, body } });
  return comment;
}

/** Adds a comment; reporters write public comments on their own incidents, everyone else internal ones unless they say public. */
export async function addComment(deps: Deps, actor: Actor, ref: string, input: CommentCreateInput): Promise<CommentRow> {
  return deps.db.transaction().execute(async (tx) => {
    const incident = await selectVisibleIncident(tx, actor, ref);
    if (!incident) throw notFound('Incident');
    const visibility = input.visibility ?? (actor.role === 'reporter' ? 'public' : 'internal');
    assertMayComment(actor, incident, visibility);
    const now = deps.clock.now();
    const comment = await recordComment(tx, actor, now, incident, input.body, visibility);
    await runReactors(tx, deps, { kind: 'commented', incident, before: incident, actor, at: now, detail: { commentId: comment.id, visibility } });
    return comment;
  });
}
