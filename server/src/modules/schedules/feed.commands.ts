import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { feedSecretHash, randomFeedSecret, scheduleFeedSecret, scheduleFeedUrl, userFeedUrl } from './feed.secret.js';
import { assertMayManageSchedule } from './schedule.policy.js';
import { deleteFeedToken, insertFeedToken, lockUser, selectScheduleForUpdate } from './schedule.repo.js';

/** Gives a schedule a new feed URL; the old one stops working at once. */
export async function rotateScheduleFeedToken(deps: Deps, actor: Actor, scheduleId: string): Promise<{ url: string }> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const schedule = await selectScheduleForUpdate(tx, scheduleId);
    if (!schedule) throw notFound('Schedule');
    assertMayManageSchedule(actor, schedule.team_id);
    const replaced = await deleteFeedToken(tx, { scheduleId });
    const nonce = randomFeedSecret();
    const secret = scheduleFeedSecret(deps.config.secret, nonce);
    await insertFeedToken(tx, { schedule_id: scheduleId, user_id: null, token_hash: feedSecretHash(secret), nonce, created_by: actor.userId, created_at: now });
    await appendAudit(tx, actor, now, { entityType: 'schedule', entityId: scheduleId, action: 'feed_token_rotate', before: { feed: replaced > 0 }, after: { feed: true } });
    return { url: scheduleFeedUrl(deps.config.baseUrl, secret) };
  });
}

/** Switches a schedule's feed off: its URL answers 404 until a new one is made. */
export async function revokeScheduleFeedToken(deps: Deps, actor: Actor, scheduleId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const schedule = await selectScheduleForUpdate(tx, scheduleId);
    if (!schedule) throw notFound('Schedule');
    assertMayManageSchedule(actor, schedule.team_id);
    if ((await deleteFeedToken(tx, { scheduleId })) === 0) throw notFound('Schedule feed');
    await appendAudit(tx, actor, now, { entityType: 'schedule', entityId: scheduleId, action: 'feed_token_revoke', before: { feed: true }, after: { feed: false } });
  });
}

function signedInUser(actor: Actor): string {
  if (!actor.userId) throw new AppError('unauthenticated', 'Sign in first');
  return actor.userId;
}

/** Makes (or replaces) the caller's personal on-call feed; its URL is shown this once. */
export async function createUserFeedToken(deps: Deps, actor: Actor): Promise<{ url: string }> {
  const userId = signedInUser(actor);
  const now = deps.clock.now();
  const secret = randomFeedSecret();
  await deps.db.transaction().execute(async (tx) => {
    await lockUser(tx, userId);
    const replaced = await deleteFeedToken(tx, { userId });
    await insertFeedToken(tx, { schedule_id: null, user_id: userId, token_hash: feedSecretHash(secret), nonce: null, created_by: userId, created_at: now });
    await appendAudit(tx, actor, now, { entityType: 'user', entityId: userId, action: 'calendar_feed_create', before: { feed: replaced > 0 }, after: { feed: true } });
  });
  return { url: userFeedUrl(deps.config.baseUrl, secret) };
}

/** Ends the caller's personal on-call feed. */
export async function revokeUserFeedToken(deps: Deps, actor: Actor): Promise<void> {
  const userId = signedInUser(actor);
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    if ((await deleteFeedToken(tx, { userId })) === 0) throw notFound('Calendar feed');
    await appendAudit(tx, actor, now, { entityType: 'user', entityId: userId, action: 'calendar_feed_revoke', before: { feed: true }, after: { feed: false } });
  });
}
