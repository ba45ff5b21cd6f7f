import type { Db, Tx } from '../../db/client.js';
import type { Deps } from '../../platform/context.js';

/**
 * Deps whose database is the caller's transaction: commands of other modules that open their own
 * transaction (`deps.db.transaction().execute(fn)`) run `fn` inside this one instead, so that an
 * alert, the incident it opens or resolves, and the event's processed mark commit together or not
 * at all (docs/decisions/0016-alert-ingestion.md). Everything else on the transaction is used as it is.
 */
export function joinTransaction(deps: Deps, tx: Tx): Deps {
  const db = new Proxy(tx, {
    get(target, prop) {
      if (prop === 'transaction') return () => ({ execute: <T>(fn: (t: Tx) => Promise<T>) => fn(target) });
      const value: unknown = Reflect.get(target, prop, target);
      // Kysely keeps its state in private fields, which only the real object can reach.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { ...deps, db: db as unknown as Db };
}
