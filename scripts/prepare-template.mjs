// Builds a pre-initialised PGlite data directory once at install time, so that the first start
// of Vigil loads it (about 1 s) instead of running initdb in WebAssembly (6-13 s on a 2-core machine).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = path.join(root, 'server/template/pglite.tar.gz');
if (existsSync(target) && !process.argv.includes('--force')) process.exit(0);

const { PGlite } = await import('@electric-sql/pglite');
const started = Date.now();
const pg = await PGlite.create();
const dump = await pg.dumpDataDir('gzip');
await pg.close();
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, Buffer.from(await dump.arrayBuffer()));
console.log(`vigil: prepared the embedded database template in ${Date.now() - started} ms (${target})`);
