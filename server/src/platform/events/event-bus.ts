import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import pg from 'pg';
import { z } from 'zod';
import type { Database, Db, DbOrTx } from '../../db/client.js';
import type { Logger } from '../log.js';

/**
 * What the database announces with NOTIFY, delivered on commit only:
 * - `vigil_incident`: a timeline event was written (a trigger on `timeline_events` sends it);
 * - `vigil_user`: something for one user only (an in-app notification, a change of their saved views).
 */
export const busChannels = ['vigil_incident', 'vigil_user'] as const;
export type BusChannel = (typeof busChannels)[number];

const incidentNoticeSchema = z.object({ incidentId: z.uuid(), eventId: z.number().int().positive(), type: z.string().min(1).max(100) });
const userNoticeSchema = z.object({
  userId: z.uuid(),
  kind: z.string().regex(/^[a-z][a-z0-9_.-]{0,62}$/),
  id: z.union([z.string().min(1).max(200), z.number()]).transform(String),
});
const noticeSchemas = { vigil_incident: incidentNoticeSchema, vigil_user: userNoticeSchema } as const;

export type IncidentNotice = z.infer<typeof incidentNoticeSchema>;
export type UserNotice = z.infer<typeof userNoticeSchema>;
export type BusMessages = { vigil_incident: IncidentNotice; vigil_user: UserNotice };
export type BusHandler<C extends BusChannel> = (message: BusMessages[C]) => void;

export type EventBus = {
  /** Calls the handler for every committed notice on the channel; returns the unsubscribe function. */
  subscribe<C extends BusChannel>(channel: C, handler: BusHandler<C>): () => void;
  /** Calls the handler after the bus lost its database connection and listens again: notices in between were lost. */
  onGap(handler: () => void): () => void;
  /** Stops listening; handlers are called no more. */
  close(): Promise<void>;
};

export type EventBusSource = { kind: 'pglite'; db: Db; pglite: PGlite } | { kind: 'postgres'; url: string };

/** What the bus listens on for an open database: its PGlite instance when embedded, else the server URL. */
export function busSourceOf(database: Database, url: string | undefined): EventBusSource {
  if (database.kind === 'pglite') {
    if (!database.pglite) throw new Error('the embedded database does not expose its PGlite instance');
    return { kind: 'pglite', db: database.db, pglite: database.pglite };
  }
  if (!url) throw new Error('the event bus needs the PostgreSQL URL');
  return { kind: 'postgres', url };
}

type Dispatcher = {
  deliver: (channel: string, payload: string) => void;
  gap: () => void;
  bus: Pick<EventBus, 'subscribe' | 'onGap'>;
  clear: () => void;
};

/** Routes raw notifications to the subscribers of their channel, parsed and checked; a throwing handler harms no other. */
function createDispatcher(log: Logger): Dispatcher {
  const handlers = new Map<BusChannel, Set<(message: never) => void>>(busChannels.map((c) => [c, new Set()]));
  const gapHandlers = new Set<() => void>();
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      log.error({ err }, 'event bus handler failed');
    }
  };
  return {
    deliver(channel, payload) {
      const set = handlers.get(channel as BusChannel);
      if (!set || set.size === 0) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch {
        log.warn({ channel }, 'event bus: notice is not JSON');
        return;
      }
      const checked = noticeSchemas[channel as BusChannel].safeParse(parsed);
      if (!checked.success) {
        log.warn({ channel }, 'event bus: notice has an unexpected shape');
        return;
      }
      for (const handler of [...set]) safely(() => (handler as (m: unknown) => void)(checked.data));
    },
    gap() {
      for (const handler of [...gapHandlers]) safely(handler);
    },
    bus: {
      subscribe(channel, handler) {
        const set = handlers.get(channel)!;
        const h = handler as (message: never) => void;
        set.add(h);
        return () => void set.delete(h);
      },
      onGap(handler) {
        gapHandlers.add(handler);
        return () => void gapHandlers.delete(handler);
      },
    },
    clear() {
      for (const set of handlers.values()) set.clear();
      gapHandlers.clear();
    },
  };
}

/**
 * The bus over LISTEN/NOTIFY. Embedded: the PGlite instance's own notifications, with LISTEN sent
 * through Kysely so it never lands inside another caller's open transaction (PGlite has one session).
 * PostgreSQL server: one dedicated connection that LISTENs and reconnects with backoff.
 */
export async function createEventBus(source: EventBusSource, log: Logger): Promise<EventBus> {
  const dispatcher = createDispatcher(log);
  const close = source.kind === 'pglite' ? await listenEmbedded(source.db, source.pglite, dispatcher) : await listenServer(source.url, dispatcher, log);
  return {
    ...dispatcher.bus,
    close: async () => {
      dispatcher.clear();
      await close();
    },
  };
}

async function listenEmbedded(db: Db, pglite: PGlite, dispatcher: Dispatcher): Promise<() => Promise<void>> {
  const off = pglite.onNotification((channel, payload) => dispatcher.deliver(channel, payload));
  for (const channel of busChannels) await sql`listen ${sql.id(channel)}`.execute(db);
  return async () => {
    off();
    if (pglite.closed) return;
    for (const channel of busChannels) await sql`unlisten ${sql.id(channel)}`.execute(db);
  };
}

const backoff = { firstMs: 500, maxMs: 15_000 };

async function listenServer(url: string, dispatcher: Dispatcher, log: Logger): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closing = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let delay = backoff.firstMs;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url, keepAlive: true, application_name: 'vigil-events' });
    c.on('notification', (msg) => dispatcher.deliver(msg.channel, msg.payload ?? ''));
    c.on('error', (err) => {
      log.warn({ err }, 'event bus connection failed');
      lost(c);
    });
    c.on('end', () => lost(c));
    await c.connect();
    for (const channel of busChannels) await c.query(`listen ${channel}`);
    client = c;
    delay = backoff.firstMs;
  };

  const lost = (c: pg.Client) => {
    if (client !== c || closing) return;
    client = null;
    c.end().catch(() => undefined);
    schedule();
  };

  const schedule = () => {
    if (closing || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect()
        .then(() => {
          log.info('event bus listens again');
          dispatcher.gap();
        })
        .catch((err: unknown) => {
          log.warn({ err, retryInMs: delay }, 'event bus reconnect failed');
          delay = Math.min(delay * 2, backoff.maxMs);
          schedule();
        });
    }, delay);
    retryTimer.unref();
  };

  await connect();
  return async () => {
    closing = true;
    if (retryTimer) clearTimeout(retryTimer);
    const c = client;
    client = null;
    if (c) await c.end().catch(() => undefined);
  };
}

/** Announces a notice inside the caller's transaction; subscribers get it when (and only if) it commits. */
export async function announce<C extends BusChannel>(db: DbOrTx, channel: C, message: BusMessages[C]): Promise<void> {
  await sql`select pg_notify(${channel}, ${JSON.stringify(message)})`.execute(db);
}
