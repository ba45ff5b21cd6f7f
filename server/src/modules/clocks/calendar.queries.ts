import type { Calendar } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { presentCalendar } from './calendar.presenter.js';
import { selectCalendar, selectCalendars } from './calendar.repo.js';

const readers = ['admin', 'manager', 'agent', 'auditor'] as const;

/** Every calendar, shared and per team (working hours are not secret; reporters have no use for them). */
export async function listCalendars(db: DbOrTx, actor: Actor): Promise<{ items: Calendar[] }> {
  requireRole(actor, ...readers);
  return { items: (await selectCalendars(db)).map(presentCalendar) };
}

export async function getCalendar(db: DbOrTx, actor: Actor, id: string): Promise<Calendar> {
  requireRole(actor, ...readers);
  const row = await selectCalendar(db, id);
  if (!row) throw notFound('Calendar');
  return presentCalendar(row);
}
