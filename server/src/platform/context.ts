import type { Role } from '@vigil/shared';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/client.js';
import type { IncidentRow } from '../db/schema.js';
import type { Clock } from './clock.js';
import type { EventBus } from './events/index.js';
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
  /** Committed database notices (timeline events, per-user notices), for live updates. */
  bus: EventBus;
  /** Called inside every incident command's transaction, in order (routing, clocks, escalation, ...). */
  reactors: readonly IncidentReactor[];
};

/** What an incident command did, as the reactors see it (inside the same transaction). */
export type IncidentChange = {
  kind: 'created' | 'updated' | 'transitioned' | 'merged' | 'acknowledged' | 'commented';
  /** The row after the command's own writes. */
  incident: IncidentRow;
  /** The row before the command; null on create. */
  before: IncidentRow | null;
  /** Column names that differ between before and incident (all set columns on create). */
  changedFields: readonly string[];
  actor: Actor;
  at: Date;
  /** Command-specific facts, e.g. `{ visibility }` of a comment. */
  detail?: Record<string, unknown>;
};

/**
 * A reaction to an incident change inside the command's transaction: routing rules, clocks,
 * escalations, webhooks. It writes its own rows, timeline events and audit records and enqueues jobs;
 * it never calls an incident command (no recursion). Registered in server/src/reactors.ts.
 */
export type IncidentReactor = {
  name: string;
  react: (tx: Tx, deps: Deps, change: IncidentChange) => Promise<void>;
};

export const systemActor: Actor = { kind: 'system', userId: null, role: null, teamIds: [], scope: 'write', ip: null, requestId: null };
