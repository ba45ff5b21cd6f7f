// Builds the web app (web/) into web/dist with Vite.
//   node scripts/build-web.mjs             build now
//   node scripts/build-web.mjs --if-stale  build only when web/dist is missing or older than its sources
//   --quiet                                print warnings and one summary line only
// VIGIL_WEB_BUILD=skip makes --if-stale do nothing (`npm run dev`, where Vite serves the app itself).
// Several processes may call it at once (servers starting in tests, e2e setup): a lock file makes one
// build while the others wait, and the new build replaces web/dist in one rename.
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const dist = path.join(web, 'dist');
const stamp = path.join(dist, '.vite', 'manifest.json');
const lockFile = path.join(web, '.build.lock');
/** Everything the build output depends on. */
const sources = ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/package.json', 'shared/src', 'package-lock.json'].map((p) => path.join(root, p));

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** True when web/dist is missing or any source file is newer than the last build. */
export function webBuildIsStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  return sources.some((s) => newestMtime(s) > built);
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function withLock(fn) {
  const until = Date.now() + 300_000;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(lockFile, 'utf8').trim(), 10);
      if (!Number.isFinite(holder) || !pidAlive(holder)) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (Date.now() > until) throw new Error(`web build: ${lockFile} is held by process ${holder} for too long`, { cause: err });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

/** Builds into a fresh directory, then swaps it in for web/dist. Returns the build time in ms. */
export async function buildWeb({ quiet = false } = {}) {
  const started = Date.now();
  // A caller's NODE_ENV=test or development (vitest, a dev shell) would give React's development build.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  const out = path.join(web, `.build-${process.pid}`);
  const old = path.join(web, `.build-old-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  try {
    await build({ configFile: path.join(web, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info', build: { outDir: out, emptyOutDir: true } });
    mkdirSync(dist, { recursive: true });
    renameSync(dist, old);
    renameSync(out, dist);
  } finally {
    rmSync(out, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  return Date.now() - started;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const ifStale = process.argv.includes('--if-stale');
  const quiet = process.argv.includes('--quiet');
  if (ifStale && (process.env.VIGIL_WEB_BUILD === 'skip' || !webBuildIsStale())) process.exit(0);
  try {
    await withLock(async () => {
      // Another process may have built while this one waited for the lock.
      if (ifStale && !webBuildIsStale()) return;
      const ms = await buildWeb({ quiet });
      console.log(`vigil: built the web app in ${ms} ms (${path.relative(process.cwd(), dist) || dist})`);
    });
  } catch (err) {
    console.error(`vigil: the web app build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
