import { viewLimits, type SavedView, type SavedViewCreate, type SavedViewPatch } from '@vigil/shared';
import type { Updateable } from 'kysely';
import type { Tx } from '../../db/client.js';
import type { SavedViewsTable } from '../../db/schema.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { defaultViewsFor } from './view.defaults.js';
import { auditView, presentView } from './view.presenter.js';
import {
  deleteViewRow,
  hasDefaultViews,
  insertView,
  lockUserViews,
  markDefaultViews,
  nameTaken,
  renumberViews,
  selectUserLocale,
  selectViewForUpdate,
  selectViews,
  updateViewRow,
  type SavedViewRow,
} from './view.repo.js';

const nameInUse = () => new AppError('already_exists', 'You already have a view with this name', [{ path: 'body.name', message: 'already in use' }]);
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** Moves `id` to `position` in the user's order and renumbers the list densely. */
async function place(tx: Tx, views: readonly SavedViewRow[], id: string, position: number): Promise<void> {
  const ids = views.map((v) => v.id).filter((v) => v !== id);
  ids.splice(Math.min(position, ids.length), 0, id);
  await renumberViews(tx, ids);
}

async function reload(tx: Tx, userId: string, id: string): Promise<SavedView> {
  const row = await selectViewForUpdate(tx, userId, id);
  if (!row) throw notFound('View');
  return presentView(row);
}

async function insertNewView(tx: Tx, actor: Actor & { userId: string }, now: Date, input: Omit<SavedViewCreate, 'position'> & { position?: number | undefined }, origin: 'user' | 'default'): Promise<SavedView> {
  const views = await lockUserViews(tx, actor.userId);
  if (views.length >= viewLimits.perUser) throw new AppError('unprocessable', `At most ${viewLimits.perUser} saved views per user; delete one first`);
  if (await nameTaken(tx, actor.userId, input.name)) throw nameInUse();
  const row = await insertView(tx, {
    user_id: actor.userId,
    name: input.name,
    filters: JSON.stringify(input.filters),
    sort: input.sort.key,
    sort_order: input.sort.order,
    columns: [...input.columns],
    position: views.length,
    created_at: now,
    updated_at: now,
  });
  if (input.position !== undefined && input.position < views.length) await place(tx, [...views, row], row.id, input.position);
  const view = await reload(tx, actor.userId, row.id);
  await appendAudit(tx, actor, now, { entityType: 'saved_view', entityId: row.id, action: 'create', after: { ...auditView(view), origin } });
  return view;
}

/** Saves a new view of the incident list for the caller. */
export async function createView(deps: Deps, actor: Actor, input: SavedViewCreate): Promise<SavedView> {
  requireUser(actor);
  try {
    return await deps.db.transaction().execute((tx) => insertNewView(tx, actor, deps.clock.now(), input, 'user'));
  } catch (err) {
    if (isUniqueViolation(err)) throw nameInUse();
    throw err;
  }
}

/** Changes one of the caller's views; another user's view is not found. */
export async function updateView(deps: Deps, actor: Actor, id: string, patch: SavedViewPatch): Promise<SavedView> {
  requireUser(actor);
  const now = deps.clock.now();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const views = await lockUserViews(tx, actor.userId);
      const row = views.find((v) => v.id === id);
      if (!row) throw notFound('View');
      if (patch.name !== undefined && (await nameTaken(tx, actor.userId, patch.name, id))) throw nameInUse();
      const set: Updateable<SavedViewsTable> = { updated_at: now };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.filters !== undefined) set.filters = JSON.stringify(patch.filters);
      if (patch.sort !== undefined) {
        set.sort = patch.sort.key;
        set.sort_order = patch.sort.order;
      }
      if (patch.columns !== undefined) set.columns = [...patch.columns];
      await updateViewRow(tx, id, set);
      if (patch.position !== undefined) await place(tx, views, id, patch.position);
      const after = await reload(tx, actor.userId, id);
      await appendAudit(tx, actor, now, { entityType: 'saved_view', entityId: id, action: 'update', before: auditView(presentView(row)), after: auditView(after) });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameInUse();
    throw err;
  }
}

/** Deletes one of the caller's views; the others close the gap. */
export async function deleteView(deps: Deps, actor: Actor, id: string): Promise<void> {
  requireUser(actor);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const views = await lockUserViews(tx, actor.userId);
    const row = views.find((v) => v.id === id);
    if (!row) throw notFound('View');
    await deleteViewRow(tx, id);
    await renumberViews(tx, views.filter((v) => v.id !== id).map((v) => v.id));
    await appendAudit(tx, actor, now, { entityType: 'saved_view', entityId: id, action: 'delete', before: auditView(presentView(row)) });
  });
}

/**
 * The caller's views, creating their two default views the first time (in their language, audited like
 * any other create). Lazily, so users created by any path get them, and once: a user who deletes them
 * does not get them back.
 */
export async function openViews(deps: Deps, actor: Actor): Promise<SavedView[]> {
  requireUser(actor);
  if (!(await hasDefaultViews(deps.db, actor.userId))) {
    await deps.db.transaction().execute(async (tx) => {
      const now = deps.clock.now();
      if (!(await markDefaultViews(tx, actor.userId, now))) return;
      const locale = await selectUserLocale(tx, actor.userId);
      for (const view of defaultViewsFor(actor.role, locale)) {
        if (await nameTaken(tx, actor.userId, view.name)) continue;
        await insertNewView(tx, actor, now, view, 'default');
      }
    });
  }
  return (await selectViews(deps.db, actor.userId)).map(presentView);
}
