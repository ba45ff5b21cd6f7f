import type { NotificationList, NotificationListQuery } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { requireUser } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { presentNotification } from './notification.presenter.js';
import { countUnread, selectInbox } from './notification.repo.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeCursor(cursor: string): { at: string; id: string } {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    values = null;
  }
  if (Array.isArray(values) && values.length === 2 && typeof values[0] === 'string' && !Number.isNaN(Date.parse(values[0])) && typeof values[1] === 'string' && uuidPattern.test(values[1])) {
    return { at: new Date(values[0]).toISOString(), id: values[1] };
  }
  throw new AppError('validation_failed', 'cursor is not a cursor of this listing', [{ path: 'querystring.cursor', message: 'is not a valid cursor' }]);
}

/** The caller's inbox, newest first, optionally unread only, in keyset pages. */
export async function listNotifications(db: DbOrTx, actor: Actor, q: NotificationListQuery): Promise<NotificationList> {
  requireUser(actor);
  const before = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await selectInbox(db, actor, { unreadOnly: q.unread === true, ...(before ? { before } : {}), limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? Buffer.from(JSON.stringify([last.created_at.toISOString(), last.id])).toString('base64url') : null;
  return { items: page.map(presentNotification), nextCursor };
}

/** How many of the caller's notifications are unread (the badge). */
export async function getUnreadCount(db: DbOrTx, actor: Actor): Promise<{ count: number }> {
  requireUser(actor);
  return { count: await countUnread(db, actor) };
}
