import type { Role } from '@vigil/shared';
import type { Config } from '../config.js';
import type { Db } from '../db/client.js';
import type { Clock } from './clock.js';
import type { Logger } from './log.js';

/** Who is acting, and from where; passed to every command and query. */
export type Actor = {
  kind: 'user' | 'token' | 'system' | 'cli' | 'anonymous';
  userId: string | null;
  role: Role | null;
  /** Teams the user belongs to; visibility of restricted incidents depends on them. */
  teamIds: readonly string[];
  scope: 'read' | 'write';
  ip: string | null;
  requestId: string | null;
  sessionId?: string;
  tokenId?: string;
};

/** What commands and queries need from the outside world; built once in main.ts. */
export type Deps = {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  config: Config;
  log: Logger;
};

export const systemActor: Actor = { kind: 'system', userId: null, role: null, teamIds: [], scope: 'write', ip: null, requestId: null };
