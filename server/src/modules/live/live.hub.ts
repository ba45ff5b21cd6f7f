import { liveEventNames, liveLimits, type LiveIncidentEvent, type LiveResyncEvent } from '@vigil/shared';
import type { FastifyReply } from 'fastify';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { IncidentNotice, UserNotice } from '../../platform/events/index.js';
import { selectEventsForAudiences, selectLatestEventId, selectReadableEventsAfter, type LiveEventRow } from './live.repo.js';
import { openSseStream, type SseStream } from './live.stream.js';

type SignedIn = Actor & { userId: string };

/** Checks the credentials a stream was opened with again: the actor now, or null once they are no longer valid. */
export type Reauthenticate = () => Promise<Actor | null>;

type Client = {
  actor: SignedIn;
  stream: SseStream;
  reauthenticate: Reauthenticate;
  /** Live events that arrived while the replay was running; null once the client is live. */
  held: Array<{ id: number; data: LiveIncidentEvent }> | null;
  replayed: Set<number>;
};

export type LiveHubOptions = {
  heartbeatMs: number;
  /** Credentials are checked again every this many milliseconds (a revoked session or token ends the stream). */
  reauthenticateMs: number;
  /** Notices arriving within this window are checked for visibility together. */
  batchMs: number;
  /** How far behind (in timeline ids) a resume may start before the client is told to resync instead. */
  replayWindow: number;
};

export const defaultHubOptions: LiveHubOptions = { heartbeatMs: liveLimits.heartbeatSeconds * 1000, reauthenticateMs: 60_000, batchMs: 25, replayWindow: 50_000 };

/** Subscribers checked per statement: each adds one boolean column to the visibility query. */
const audiencesPerQuery = 100;
const idsPerQuery = 1000;

export type LiveHub = {
  /** Opens an event stream for a signed-in actor, replaying readable events after `lastEventId`. */
  connect: (reply: FastifyReply, actor: SignedIn, reauthenticate: Reauthenticate, lastEventId: number | undefined) => Promise<void>;
  /** Open streams, per user. */
  openStreams: (userId: string) => number;
  /** Ends every stream and stops listening. */
  stop: () => void;
};

const present = (r: LiveEventRow): LiveIncidentEvent => ({ id: r.incident_id, number: r.number, eventType: r.type, at: r.created_at.toISOString() });

/**
 * Fans the bus out to event streams: incident events go to each subscriber whose visibility (checked
 * in SQL, one statement per batch of notices and subscribers) admits them; per-user notices go to
 * that user's streams only.
 */
export function createLiveHub(deps: Deps, options: LiveHubOptions = defaultHubOptions): LiveHub {
  const byUser = new Map<string, Set<Client>>();
  let pending: IncidentNotice[] = [];
  let batchTimer: NodeJS.Timeout | null = null;
  let delivering: Promise<void> = Promise.resolve();
  let stopped = false;

  const clients = () => [...byUser.values()].flatMap((set) => [...set]);
  const resync = (client: Client, reason: LiveResyncEvent['reason']) => client.stream.send(liveEventNames.resync, { reason } satisfies LiveResyncEvent);
  const push = (client: Client, id: number, data: LiveIncidentEvent) => {
    if (client.held) client.held.push({ id, data });
    else if (!client.replayed.has(id)) client.stream.send(liveEventNames.incident, data, id);
  };
  const remove = (client: Client) => {
    const set = byUser.get(client.actor.userId);
    set?.delete(client);
    if (set?.size === 0) byUser.delete(client.actor.userId);
  };

  /** One visibility query per chunk of distinct audiences (same user, role and teams see the same). */
  const deliver = async (notices: IncidentNotice[]) => {
    const audiences = new Map<string, { actor: SignedIn; clients: Client[] }>();
    for (const client of clients()) {
      const a = client.actor;
      const key = `${a.userId}|${a.role}|${[...a.teamIds].sort().join(',')}`;
      const entry = audiences.get(key) ?? { actor: a, clients: [] };
      entry.clients.push(client);
      audiences.set(key, entry);
    }
    const groups = [...audiences.values()];
    const ids = [...new Set(notices.map((n) => n.eventId))].sort((a, b) => a - b);
    for (let i = 0; i < ids.length; i += idsPerQuery) {
      for (let g = 0; g < groups.length; g += audiencesPerQuery) {
        const chunk = groups.slice(g, g + audiencesPerQuery);
        const rows = await selectEventsForAudiences(deps.db, ids.slice(i, i + idsPerQuery), chunk.map((c) => c.actor));
        for (const row of rows) {
          const data = present(row);
          row.readable.forEach((readable, n) => {
            if (readable) for (const client of chunk[n]!.clients) push(client, row.id, data);
          });
        }
      }
    }
  };

  const flush = () => {
    batchTimer = null;
    const batch = pending;
    pending = [];
    delivering = delivering.then(() =>
      deliver(batch).catch((err: unknown) => {
        deps.log.error({ err }, 'live events could not be delivered');
        for (const client of clients()) resync(client, 'events_lost');
      }),
    );
  };

  const offIncident = deps.bus.subscribe('vigil_incident', (notice) => {
    if (byUser.size === 0) return;
    pending.push(notice);
    batchTimer ??= setTimeout(flush, options.batchMs);
  });
  const offUser = deps.bus.subscribe('vigil_user', (notice: UserNotice) => {
    if (notice.kind === liveEventNames.incident || notice.kind === liveEventNames.resync) return;
    for (const client of byUser.get(notice.userId) ?? []) client.stream.send(notice.kind, { kind: notice.kind, id: notice.id });
  });
  const offGap = deps.bus.onGap(() => {
    for (const client of clients()) resync(client, 'events_lost');
  });

  const checkCredentials = async () => {
    for (const client of clients()) {
      let actor: Actor | null;
      try {
        actor = await client.reauthenticate();
      } catch (err) {
        if (!(err instanceof AppError)) continue; // the database is unreachable: keep the stream, check again later
        actor = null;
      }
      if (!actor || actor.userId !== client.actor.userId) client.stream.end();
      else client.actor = { ...client.actor, role: actor.role, teamIds: actor.teamIds };
    }
  };
  const heartbeat = setInterval(() => {
    for (const client of clients()) client.stream.comment('ping');
  }, options.heartbeatMs);
  heartbeat.unref();
  let checking = false;
  const recheck = setInterval(() => {
    if (checking) return;
    checking = true;
    void checkCredentials().finally(() => (checking = false));
  }, options.reauthenticateMs);
  recheck.unref();

  const replay = async (client: Client, lastEventId: number) => {
    const latest = await selectLatestEventId(deps.db);
    if (lastEventId >= latest) return;
    if (latest - lastEventId > options.replayWindow) return resync(client, 'too_far_behind');
    const rows = await selectReadableEventsAfter(deps.db, client.actor, lastEventId, liveLimits.replayMax + 1);
    if (rows.length > liveLimits.replayMax) return resync(client, 'too_far_behind');
    for (const row of rows) {
      client.stream.send(liveEventNames.incident, present(row), row.id);
      client.replayed.add(row.id);
    }
  };

  return {
    async connect(reply, actor, reauthenticate, lastEventId) {
      if (stopped) throw new AppError('unavailable', 'The server is shutting down');
      const streams = byUser.get(actor.userId) ?? new Set<Client>();
      if (streams.size >= liveLimits.streamsPerUser) {
        throw new AppError('too_many_streams', `At most ${liveLimits.streamsPerUser} live streams per user; close another tab or device`);
      }
      byUser.set(actor.userId, streams);
      const client: Client = {
        actor,
        reauthenticate,
        held: lastEventId === undefined ? null : [],
        replayed: new Set(),
        stream: openSseStream(reply, { retryMs: liveLimits.retryMs, onClose: () => remove(client) }),
      };
      streams.add(client);
      if (lastEventId === undefined) return;
      try {
        await replay(client, lastEventId);
      } catch (err) {
        deps.log.error({ err }, 'live replay failed');
        resync(client, 'events_lost');
      }
      const held = client.held ?? [];
      client.held = null;
      for (const e of held) push(client, e.id, e.data);
    },
    openStreams: (userId) => byUser.get(userId)?.size ?? 0,
    stop() {
      stopped = true;
      offIncident();
      offUser();
      offGap();
      clearInterval(heartbeat);
      clearInterval(recheck);
      if (batchTimer) clearTimeout(batchTimer);
      for (const client of clients()) client.stream.end();
    },
  };
}
