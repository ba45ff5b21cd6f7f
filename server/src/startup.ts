import type { Deps } from './platform/context.js';
import { ensureFirstAdmin } from './modules/directory/index.js';
import { installTypePacks } from './modules/types/index.js';

/**
 * Boot tasks after migrations: type packs, the first admin, the job worker. Each module adds its
 * step here; returns what must be stopped at shutdown.
 */
export async function startup(deps: Deps): Promise<{ stop: () => Promise<void> }> {
  await installTypePacks(deps);
  await ensureFirstAdmin(deps);
  const stops: Array<() => Promise<void>> = [];
  return {
    stop: async () => {
      for (const s of stops.reverse()) await s();
    },
  };
}
