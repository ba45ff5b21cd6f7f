import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/vigil.mjs');
const embedded = process.env.VIGIL_TEST_DB !== 'postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(url: string, child: ChildProcess, timeoutMs = 150_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become ready');
}

// The real `vigil` process on the embedded database: start, lock, CLI refusal, clean shutdown.
describe.skipIf(!embedded)('vigil server process (embedded)', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-proc-'));
  const env = { ...process.env, VIGIL_DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1', DATABASE_URL: '' };
  delete (env as Record<string, string | undefined>).DATABASE_URL;
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('starts on a fresh data directory, refuses a second process, and shuts down cleanly on SIGTERM', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [bin, 'start'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    await waitReady(`http://127.0.0.1:${port}/readyz`, child);
    expect(existsSync(path.join(dataDir, 'vigil.lock'))).toBe(true);

    const second = spawnSync(process.execPath, [bin, 'migrate'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/in use by process \d+/);

    const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'vigil.lock'))).toBe(false);
    expect(stderr).not.toMatch(/Error/);

    const after = spawnSync(process.execPath, [bin, 'migrate'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(after.stdout).toMatch(/up to date/);
    expect(after.status).toBe(0);
  }, 300_000);
});
