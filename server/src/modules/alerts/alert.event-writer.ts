import type { DbOrTx } from '../../db/client.js';
import { insertAlertEventsWithJobs, type NewAlertEvent } from './alert.repo.js';

/**
 * Group commit for inbound events: events arriving while earlier writes are in flight are stored
 * together, in one statement (one transaction, one WAL flush) with their jobs, and each request
 * is answered once the statement holding its event has committed. A lone event is written at once;
 * under load a statement carries up to `maxBatch` events, and at most `maxInFlight` statements run
 * at a time, which leaves the rest of the connection pool to the other work of the process.
 */
export type EventWriter = {
  /** Stores the event and its job; resolves with the event id once committed, rejects if that statement failed. */
  write: (event: NewAlertEvent) => Promise<number>;
  /** Waits for the writes queued so far. */
  drain: () => Promise<void>;
};

export type EventWriterOptions = { maxBatch?: number; maxInFlight?: number; job: { name: string; maxAttempts: number } };

type Pending = { event: NewAlertEvent; resolve: (id: number) => void; reject: (err: unknown) => void };

export function createEventWriter(db: DbOrTx, opts: EventWriterOptions): EventWriter {
  const maxBatch = opts.maxBatch ?? 200;
  const maxInFlight = opts.maxInFlight ?? 4;
  const queue: Pending[] = [];
  const running = new Set<Promise<void>>();

  function pump(): void {
    while (queue.length > 0 && running.size < maxInFlight) {
      const batch = queue.splice(0, maxBatch);
      const run = flush(batch).finally(() => {
        running.delete(run);
        pump();
      });
      running.add(run);
    }
  }

  async function flush(batch: Pending[]): Promise<void> {
    try {
      const ids = await insertAlertEventsWithJobs(
        db,
        batch.map((p) => p.event),
        opts.job,
      );
      batch.forEach((p, i) => p.resolve(ids[i]!));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  return {
    write: (event) =>
      new Promise<number>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        pump();
      }),
    drain: async () => {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
  };
}
