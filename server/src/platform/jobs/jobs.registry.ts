import type { DbOrTx } from '../../db/client.js';
import type { JobDefinition } from './jobs.js';
import { selectUnhandledJobNames } from './jobs.repo.js';

/** The job definitions a worker runs, by name. */
export type JobRegistry = {
  get: (name: string) => JobDefinition | undefined;
  names: () => readonly string[];
};

/** Builds the registry; two definitions with one name are a programming error and throw. */
export function createJobRegistry(definitions: readonly JobDefinition[]): JobRegistry {
  const byName = new Map<string, JobDefinition>();
  for (const def of definitions) {
    if (!def.name.trim()) throw new Error('A job definition needs a name');
    if (byName.has(def.name)) throw new Error(`Job "${def.name}" is defined twice; job names must be unique`);
    byName.set(def.name, def);
  }
  const names = Object.freeze([...byName.keys()]);
  return { get: (name) => byName.get(name), names: () => names };
}

export class UnhandledJobsError extends Error {
  constructor(readonly unhandled: Array<{ name: string; count: number }>) {
    super(
      `The jobs table holds queued or running jobs that no registered definition handles: ` +
        unhandled.map((u) => `${u.name} (${u.count})`).join(', ') +
        '. Register their job definitions (is this an older version of Vigil than the one that enqueued them?), ' +
        "or set those rows to status 'dead' to drop them.",
    );
    this.name = 'UnhandledJobsError';
  }
}

/** Boot check: fails when queued or running jobs have a name with no handler, so they cannot sit unnoticed. */
export async function assertJobsHandled(db: DbOrTx, registry: JobRegistry): Promise<void> {
  const unhandled = await selectUnhandledJobNames(db, registry.names());
  if (unhandled.length > 0) throw new UnhandledJobsError(unhandled);
}
