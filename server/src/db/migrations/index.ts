import type { Migration } from 'kysely';
import * as m0001 from './0001-core.js';

/** Append-only, in order. A migration that has landed is never edited: add a new one. */
export const migrations: Record<string, Migration> = {
  '0001-core': m0001,
};
