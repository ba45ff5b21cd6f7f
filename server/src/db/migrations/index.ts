import type { Migration } from 'kysely';
import * as m0001 from './0001-core.js';
import * as m0003 from './0003-types.js';
import * as m0004 from './0004-incidents.js';
import * as m0006 from './0006-jobs.js';

/** Append-only, in order. A migration that has landed is never edited: add a new one. */
export const migrations: Record<string, Migration> = {
  '0001-core': m0001,
  '0003-types': m0003,
  '0004-incidents': m0004,
  '0006-jobs': m0006,
};
