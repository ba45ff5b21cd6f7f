/* global AbortSignal */
// Child processes for the benchmarks: the Vigil server, the bare ceiling server and the CLI.
// Every wait is bounded; every process is stopped by its own pid.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const vigilBin = path.join(repoRoot, 'server/bin/vigil.mjs');
export const bareBin = path.join(repoRoot, 'bench/bare-server.mjs');

const live = new Set();

/** Environment for a child: the parent's, minus anything that would point Vigil elsewhere. */
export function cleanEnv(extra) {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (key.startsWith('VIGIL_') || key === 'DATABASE_URL' || key === 'PORT' || key === 'HOST' || key === 'NODE_OPTIONS') delete env[key];
  }
  return { ...env, ...extra };
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts a server process (Vigil by default) on 127.0.0.1 and waits until `readyPath` answers 200.
 * Returns { pid, port, url, readyMs, stop, rss }.
 */
export async function startServer({ kind = 'vigil', dataDir, databaseUrl, env = {}, readyPath = '/readyz', timeoutMs = 90_000 }) {
  const port = await freePort();
  const childEnv = cleanEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...(dataDir ? { VIGIL_DATA_DIR: dataDir } : {}),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const args = kind === 'vigil' ? [vigilBin, 'start'] : [bareBin];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString();
    if (output.length > 20_000) output = output.slice(-20_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = null;
  const exitPromise = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      live.delete(child);
      resolve(exited);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let readyMs = null;
  while (Date.now() < deadline) {
    if (exited) break;
    try {
      const res = await fetch(url + readyPath, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
  const handle = {
    pid: child.pid,
    port,
    url,
    readyMs,
    output: () => output,
    rss: () => readRss(child.pid),
    /** SIGTERM, then SIGKILL after graceMs; resolves with the exit status. */
    stop: async (graceMs = 15_000) => {
      if (exited) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, graceMs);
      const result = await exitPromise;
      clearTimeout(timer);
      return result;
    },
  };
  if (readyMs === null) {
    await handle.stop(5_000);
    throw new Error(`${kind} server did not become ready within ${timeoutMs} ms (exit ${JSON.stringify(exited)}):\n${output.slice(-4000)}`);
  }
  return handle;
}

/** Kills every child still running (used on abort). */
export function killAll() {
  for (const child of live) child.kill('SIGKILL');
}

/**
 * VmRSS and VmHWM of a process in MB, from /proc/<pid>/status, plus the RSS of its child processes
 * (tsx's esbuild service, running only while it has files to transform) as childrenMb.
 */
export function readRss(pid) {
  const status = (p) => {
    try {
      return readFileSync(`/proc/${p}/status`, 'utf8');
    } catch {
      return null;
    }
  };
  const kb = (text, name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text ?? '')?.[1] ?? NaN);
  const own = status(pid);
  if (!own) return { rssMb: null, hwmMb: null, childrenMb: null };
  let children = 0;
  for (const child of childPids(pid)) children += kb(status(child), 'VmRSS') || 0;
  return { rssMb: round1(kb(own, 'VmRSS') / 1024), hwmMb: round1(kb(own, 'VmHWM') / 1024), childrenMb: round1(children / 1024) };
}

function childPids(pid, depth = 0) {
  if (depth > 3) return [];
  const direct = [];
  try {
    // A child's parent is the thread that spawned it, so every thread's list counts.
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      direct.push(...readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
    }
  } catch {
    return [];
  }
  return direct.flatMap((c) => [c, ...childPids(c, depth + 1)]);
}

/** Runs `vigil <args>` against the given database; resolves with stdout, rejects on a non-zero exit. */
export function runVigilCli(args, { dataDir, databaseUrl, timeoutMs = 120_000 }) {
  return runNode([vigilBin, ...args], cleanEnv({ LOG_LEVEL: 'warn', ...(dataDir ? { VIGIL_DATA_DIR: dataDir } : {}), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) }), timeoutMs);
}

/** Runs a node script to completion with a time limit. */
export function runNode(args, env, timeoutMs, { onStdout } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
      onStdout?.(c.toString());
    });
    child.stderr.on('data', (c) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${path.basename(args[0])} ${args.slice(1, 3).join(' ')} exited ${code ?? signal}:\n${stderr.slice(-4000)}\n${stdout.slice(-2000)}`));
    });
  });
}

export const round1 = (x) => (x === null || Number.isNaN(x) ? null : Math.round(x * 10) / 10);
