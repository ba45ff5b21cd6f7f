import type { IntegrationRow } from '../../db/schema.js';
import type { Deps } from '../../platform/context.js';

/**
 * Integrations looked up by key on the ingest path, kept briefly per database handle so that a
 * busy sender costs no lookup per event. This process forgets them as soon as an integration
 * command commits; other processes within INTEGRATION_CACHE_MS (a disabled or rotated key keeps
 * working there that long).
 */
export const INTEGRATION_CACHE_MS = 2_000;

type Entry = { row: IntegrationRow; at: number };
const caches = new WeakMap<object, Map<string, Entry>>();

/** The integration of this key hash if it was looked up less than INTEGRATION_CACHE_MS ago. */
export function cachedIntegration(deps: Deps, keyHash: string): IntegrationRow | undefined {
  const entry = caches.get(deps.db)?.get(keyHash);
  if (!entry) return undefined;
  const age = deps.clock.now().getTime() - entry.at;
  return age >= 0 && age < INTEGRATION_CACHE_MS ? entry.row : undefined;
}

export function rememberIntegration(deps: Deps, keyHash: string, row: IntegrationRow): void {
  let cache = caches.get(deps.db);
  if (!cache) caches.set(deps.db, (cache = new Map()));
  cache.set(keyHash, { row, at: deps.clock.now().getTime() });
}

/** Called after an integration command commits: the next event looks its integration up again. */
export function forgetIntegrations(deps: Deps): void {
  caches.get(deps.db)?.clear();
}
