import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

export type DemoUser = { email: string; role: 'admin' | 'manager' | 'agent' | 'reporter' | 'auditor'; locale: 'en' | 'de'; name: string };

export type E2eServer = {
  baseUrl: string;
  admin: { email: string; password: string };
  /** Everyone `vigil seed --demo` created; all share `demoPassword`. */
  demoUsers: DemoUser[];
  demoPassword: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    server: E2eServer;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'server/bin/vigil.mjs');
const admin = { email: 'admin@e2e.example', password: 'e2e-admin-password-2026' };
const demoPassword = 'e2e-demo-password-2026';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitReady(url: string, child: ChildProcess, logFile: string, timeoutMs = 300_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the Vigil server exited with ${child.exitCode}:\n${tail(logFile)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Vigil server did not become ready in ${timeoutMs / 1000} s:\n${tail(logFile)}`);
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The user table `vigil seed --demo` prints: columns separated by two or more spaces. */
function parseDemoUsers(output: string): DemoUser[] {
  const users: DemoUser[] = [];
  for (const line of output.split('\n')) {
    const [email, role, locale, , name] = line.trim().split(/\s{2,}/);
    if (!email?.includes('@') || !role || !/^(admin|manager|agent|reporter|auditor)$/.test(role) || !locale || !name) continue;
    users.push({ email, role: role as DemoUser['role'], locale: locale as DemoUser['locale'], name });
  }
  return users;
}

/**
 * Builds the web app, seeds a fresh embedded database with the demo data, starts `vigil start` on a free
 * port and hands its address to the tests; stops it and removes the data afterwards.
 */
export async function setup(project: TestProject) {
  const t0 = Date.now();
  const build = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs'), '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the web app did not build');

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-'));
  const logFile = path.join(dataDir, 'server.log');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_DATA_DIR: dataDir,
    VIGIL_ADMIN_EMAIL: admin.email,
    VIGIL_ADMIN_PASSWORD: admin.password,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // Every browser test signs in from 127.0.0.1; the per-address cap for real deployments is 60 a minute.
    VIGIL_LOGIN_RATE_LIMIT: '2000',
  };
  delete env.DATABASE_URL;
  delete env.VIGIL_BASE_URL;
  delete env.VIGIL_WEB_BUILD;

  const seed = spawnSync(process.execPath, [bin, 'seed', '--demo', '--password', demoPassword], { cwd: root, env, encoding: 'utf8', timeout: 400_000 });
  if (seed.status !== 0) throw new Error(`vigil seed --demo failed:\n${seed.stdout}\n${seed.stderr}`);
  const demoUsers = parseDemoUsers(seed.stdout);
  const t1 = Date.now();

  const log = createWriteStream(logFile);
  const child = spawn(process.execPath, [bin, 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${baseUrl}/readyz`, child, logFile);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  project.provide('server', { baseUrl, admin, demoUsers, demoPassword });
  console.log(`e2e: web build check and demo seed ${((t1 - t0) / 1000).toFixed(1)} s, server ready ${((Date.now() - t1) / 1000).toFixed(1)} s at ${baseUrl}`);

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    log.end();
    if (process.env.VIGIL_E2E_KEEP !== '1') rmSync(dataDir, { recursive: true, force: true });
    else console.log(`e2e: kept the data directory and server log in ${dataDir}`);
  };
}
