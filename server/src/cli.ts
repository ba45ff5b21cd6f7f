import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.js';
import { migrate, openDatabase } from './db/client.js';
import { verifyAuditChain } from './modules/audit/index.js';
import type { Deps } from './platform/context.js';
import { busSourceOf, createEventBus } from './platform/events/index.js';
import { systemClock } from './platform/clock.js';
import { createLogger } from './platform/log.js';
import { incidentReactors } from './reactors.js';

export type CliIo = { out: (line: string) => void; err: (line: string) => void };
const consoleIo: CliIo = { out: (l) => process.stdout.write(l + '\n'), err: (l) => process.stderr.write(l + '\n') };

/** A CLI command gets the migrated database of the configured instance and its parsed arguments. */
export type CliCommand = {
  usage: string;
  options: NonNullable<Parameters<typeof parseArgs>[0]>['options'];
  run: (deps: Deps, values: Record<string, string | boolean | undefined>, io: CliIo) => Promise<number>;
};

const commands: Record<string, CliCommand> = {
  migrate: {
    usage: 'vigil migrate',
    options: {},
    run: async () => 0,
  },
  'audit verify': {
    usage: 'vigil audit verify',
    options: {},
    run: async (deps, _values, io) => {
      const result = await verifyAuditChain(deps.db);
      if (result.ok) {
        io.out(`audit chain intact: ${result.checked} records verified`);
        return 0;
      }
      io.err(`audit chain BROKEN at record ${result.firstBroken?.seq}: ${result.firstBroken?.reason} (${result.checked} records verified before it)`);
      return 1;
    },
  },
};

/** Registers a command (modules add theirs in cli-commands.ts). */
export function registerCliCommand(name: string, command: CliCommand) {
  commands[name] = command;
}

function usage(io: CliIo) {
  io.err('Usage:');
  io.err('  vigil start                 run the server (HTTP API, web app and job worker)');
  for (const c of Object.values(commands)) io.err(`  ${c.usage}`);
}

/** Runs one CLI command against the configured database (embedded or PostgreSQL); returns the exit code. */
export async function runCli(argv: string[], io: CliIo = consoleIo, configOverride?: Config): Promise<number> {
  await import('./cli-commands.js');
  const name = [argv.slice(0, 2).join(' '), argv[0] ?? ''].find((n) => n in commands);
  if (!name) {
    usage(io);
    return 2;
  }
  const command = commands[name]!;
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: argv.slice(name.split(' ').length), options: command.options, strict: true, allowPositionals: false }).values as typeof values;
  } catch (err) {
    io.err(`${(err as Error).message}\nUsage: ${command.usage}`);
    return 2;
  }
  let config: Config;
  try {
    config = configOverride ?? loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(err.message);
      return 2;
    }
    throw err;
  }
  let database;
  try {
    database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2 });
  } catch (err) {
    io.err(`Cannot open the database: ${(err as Error).message}`);
    return 1;
  }
  try {
    const applied = await migrate(database.db);
    if (name === 'migrate') io.out(applied.length ? `applied: ${applied.join(', ')}` : 'the database is up to date');
    const log = createLogger('silent');
    const bus = await createEventBus(busSourceOf(database, config.databaseUrl), log);
    const deps: Deps = { db: database.db, dbKind: database.kind, clock: systemClock, config, log, reactors: incidentReactors, bus };
    try {
      return await command.run(deps, values, io);
    } finally {
      await bus.close();
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'AppError') {
      io.err(err.message);
      return 1;
    }
    throw err;
  } finally {
    await database.close();
  }
}
