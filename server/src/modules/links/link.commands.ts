import type { IncidentLink, LinkInput } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { getVisibleIncidentRow } from '../incidents/index.js';
import { appendTimeline } from '../timeline/index.js';
import { requireLinkEditor } from './link.policy.js';
import { auditedLink, linkViewOf, presentLink } from './link.presenter.js';
import { deleteLink, insertLink, lockIncidentPair, selectLinkOfIncidentForUpdate, selectLinksBetween, selectUserName, type LinkRow } from './link.repo.js';

/**
 * Links the incident `incidentRef` to `input.to`. Both must be visible to the actor. A link that
 * exists already, in the same direction or (for `related`, which has none) in the other, is 409
 * already_exists; the reverse of a directed link (B duplicate_of A when A duplicate_of B) is 409 conflict.
 */
export async function addLink(deps: Deps, actor: Actor, incidentRef: string, input: LinkInput): Promise<IncidentLink> {
  requireLinkEditor(actor);
  const from = await getVisibleIncidentRow(deps.db, actor, incidentRef);
  if (!from) throw notFound('Incident');
  const to = await getVisibleIncidentRow(deps.db, actor, input.to);
  if (!to) throw new AppError('unprocessable', `Incident ${input.to} not found`, { path: 'body.to' });
  if (to.id === from.id) throw new AppError('unprocessable', 'An incident cannot be linked to itself', { path: 'body.to' });

  const view = await deps.db.transaction().execute(async (tx) => {
    await lockIncidentPair(tx, from.id, to.id);
    for (const existing of await selectLinksBetween(tx, from.id, to.id)) {
      if (existing.kind !== input.kind) continue;
      if (existing.from_id === from.id || input.kind === 'related') {
        throw new AppError('already_exists', `${from.number} and ${to.number} are already linked as ${input.kind}`, { linkId: existing.id });
      }
      throw new AppError('conflict', `${to.number} is already linked as ${input.kind} of ${from.number}; a link cannot point both ways`, { linkId: existing.id });
    }
    const now = deps.clock.now();
    const row = await insertLink(tx, { from_id: from.id, to_id: to.id, kind: input.kind, created_by: actor.userId, created_at: now });
    if (!row) throw new AppError('already_exists', `${from.number} and ${to.number} are already linked as ${input.kind}`);
    await recordLinkChange(tx, actor, now, 'link.added', row, from, to);
    await appendAudit(tx, actor, now, { entityType: 'incident_link', entityId: row.id, action: 'create', after: auditedLink(row, from, to) });
    return linkViewOf(row, to, actor.userId ? await selectUserName(tx, actor.userId) : null);
  });
  return presentLink(view, from.id);
}

/** Removes a link of the incident; the actor must see both of its ends, as they must to list it. */
export async function removeLink(deps: Deps, actor: Actor, incidentRef: string, linkId: string): Promise<void> {
  requireLinkEditor(actor);
  const incident = await getVisibleIncidentRow(deps.db, actor, incidentRef);
  if (!incident) throw notFound('Incident');
  await deps.db.transaction().execute(async (tx) => {
    const link = await selectLinkOfIncidentForUpdate(tx, linkId, incident.id);
    if (!link) throw notFound('Link');
    const other = await getVisibleIncidentRow(tx, actor, link.from_id === incident.id ? link.to_id : link.from_id);
    if (!other) throw notFound('Link');
    const [from, to] = link.from_id === incident.id ? [incident, other] : [other, incident];
    const now = deps.clock.now();
    await deleteLink(tx, link.id);
    await recordLinkChange(tx, actor, now, 'link.removed', link, from, to);
    await appendAudit(tx, actor, now, { entityType: 'incident_link', entityId: link.id, action: 'delete', before: auditedLink(link, from, to) });
  });
}

/** The same change on both timelines, each naming the incident at the other end. */
async function recordLinkChange(tx: Tx, actor: Actor, at: Date, type: 'link.added' | 'link.removed', link: LinkRow, from: IncidentRow, to: IncidentRow): Promise<void> {
  const base = { linkId: link.id, kind: link.kind };
  await appendTimeline(tx, actor, at, from.id, type, { ...base, direction: 'outgoing', incidentId: to.id, number: to.number });
  await appendTimeline(tx, actor, at, to.id, type, { ...base, direction: 'incoming', incidentId: from.id, number: from.number });
}
