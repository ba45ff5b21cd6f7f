import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { appendTimeline } from '../timeline/index.js';
import { assertVisibleToAll, validationError } from './incident.changes.js';
import { assertMayWatch } from './incident.policy.js';
import { deleteWatcher, insertWatchers, selectPeople, selectVisibleIncident } from './incident.repo.js';

/** Makes a user watch an incident they can see; watching twice changes nothing and records nothing. */
export async function addWatcher(deps: Deps, actor: Actor, ref: string, userId: string): Promise<string> {
  assertMayWatch(actor, userId);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const incident = await selectVisibleIncident(tx, actor, ref);
    if (!incident) throw notFound('Incident');
    const person = (await selectPeople(tx, [userId])).get(userId);
    if (!person || !person.active) throw validationError([{ path: 'userId', message: 'is not an active user' }]);
    const added = await insertWatchers(tx, incident.id, [userId], now);
    if (added.length === 0) return incident.id;
    await assertVisibleToAll(tx, incident.id, [{ person, path: 'userId' }]);
    await appendTimeline(tx, actor, now, incident.id, 'incident.watcher_added', { user: { id: person.id, name: person.name } });
    await appendAudit(tx, actor, now, { entityType: 'incident', entityId: incident.id, action: 'watcher_add', after: { userId } });
    return incident.id;
  });
}

/** Stops a user watching; removing someone who does not watch changes nothing and records nothing. */
export async function removeWatcher(deps: Deps, actor: Actor, ref: string, userId: string): Promise<string> {
  assertMayWatch(actor, userId);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const incident = await selectVisibleIncident(tx, actor, ref);
    if (!incident) throw notFound('Incident');
    if (!(await deleteWatcher(tx, incident.id, userId))) return incident.id;
    const name = (await selectPeople(tx, [userId])).get(userId)?.name ?? '';
    await appendTimeline(tx, actor, now, incident.id, 'incident.watcher_removed', { user: { id: userId, name } });
    await appendAudit(tx, actor, now, { entityType: 'incident', entityId: incident.id, action: 'watcher_remove', before: { userId } });
    return incident.id;
  });
}
