import type { Migration } from 'kysely';
import * as m0001 from './0001-core.js';
import * as m0002 from './0002-types.js';
import * as m0003 from './0003-incidents.js';
import * as m0004 from './0004-jobs.js';
import * as m0005 from './0005-live.js';
import * as m0006 from './0006-schedules.js';
import * as m0007 from './0007-clocks.js';
import * as m0008 from './0008-escalation.js';
import * as m0009 from './0009-alerts.js';
import * as m0010 from './0010-deliveries.js';
import * as m0011 from './0011-routing.js';
import * as m0012 from './0012-mail-in.js';
import * as m0013 from './0013-notification-preferences.js';

/** Append-only, in order (Kysely also runs them sorted by name). A migration that has landed is never edited: add a new one. */
export const migrations: Record<string, Migration> = {
  '0001-core': m0001,
  '0002-types': m0002,
  '0003-incidents': m0003,
  '0004-jobs': m0004,
  '0005-live': m0005,
  '0006-schedules': m0006,
  '0007-clocks': m0007,
  '0008-escalation': m0008,
  '0009-alerts': m0009,
  '0010-deliveries': m0010,
  '0011-routing': m0011,
  '0012-mail-in': m0012,
  '0013-notification-preferences': m0013,
};
