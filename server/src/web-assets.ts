import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './platform/log.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Where the built web app lives; the server serves it at `/` (platform/http/static.ts). */
export const webDistDir = path.join(root, 'web', 'dist');

const buildScript = path.join(root, 'scripts', 'build-web.mjs');

/**
 * Builds the web app before the server starts when the build is missing or older than its sources
 * (scripts/build-web.mjs --if-stale: about 60 ms when nothing changed). Without the sources (an
 * installation that ships web/dist only) it does nothing. A failed build is logged, not fatal: the API
 * still serves, and an older build, if any, is served as it is.
 */
export async function prepareWebAssets(log: Logger): Promise<void> {
  if (!existsSync(buildScript) || !existsSync(path.join(root, 'web', 'src'))) return;
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [buildScript, '--if-stale', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    child.on('error', (err) => {
      output.push(err.message);
      resolve(null);
    });
    child.on('exit', resolve);
  });
  const text = output.join('').trim();
  if (code === 0) {
    if (text) log.info({ web: text }, 'web app built');
    return;
  }
  log.error({ output: text.slice(-4000), exitCode: code }, existsSync(path.join(webDistDir, 'index.html')) ? 'web app build failed; serving the previous build' : 'web app build failed; the web app is not served');
}
