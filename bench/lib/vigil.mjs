/* global AbortSignal */
// Fresh Vigil instances for the benchmarks: embedded (a new data directory) or on PostgreSQL (a new
// database), started once so that migrations and type packs are in place, with an administrator
// and a write API token.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createDatabase } from './pgadmin.mjs';
import { runVigilCli, startServer } from './proc.mjs';

/**
 * Creates an instance and returns { kind, dataDir, databaseUrl, dbName, token, firstStartMs, server }.
 * The first start creates the administrator (VIGIL_ADMIN_EMAIL/PASSWORD); the write token is made
 * the way a user makes one, by signing in and POST /api/v1/tokens, so the embedded server need not
 * stop for the CLI. If that fails, the server is stopped and `vigil token create` is used instead.
 * `server` is the running server; the caller stops it.
 */
export async function prepareInstance(ctx, kind, label) {
  const dataDir = path.join(ctx.tmpRoot, `${label}-${kind}`);
  mkdirSync(dataDir, { recursive: true });
  let databaseUrl;
  let dbName;
  if (kind === 'postgres') {
    const created = await createDatabase(`${ctx.runId}_${label}`);
    databaseUrl = created.url;
    dbName = created.name;
  }
  const email = `bench-${label}@bench.vigil.local`;
  const password = 'bench-password-1234';
  let server = await startServer({ dataDir, databaseUrl, env: { VIGIL_ADMIN_EMAIL: email, VIGIL_ADMIN_PASSWORD: password } });
  const firstStartMs = Math.round(server.readyMs);
  let token;
  try {
    token = await tokenViaApi(server.url, email, password);
  } catch (err) {
    await server.stop();
    const out = await runVigilCli(['token', 'create', '--email', email, '--name', 'bench', '--scope', 'write'], { dataDir, databaseUrl });
    token = out.trim().split('\n').at(-1).trim();
    if (!token || token.includes(' ')) throw new Error(`no token from the API (${err.message}) nor from the CLI:\n${out}`, { cause: err });
    server = await startServer({ dataDir, databaseUrl });
  }
  return { kind, dataDir, databaseUrl, dbName, token, email, firstStartMs, server };
}

async function tokenViaApi(url, email, password) {
  const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }), signal: AbortSignal.timeout(30_000) });
  if (!login.ok) throw new Error(`login -> ${login.status}`);
  const { csrfToken } = await login.json();
  const cookie = (login.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const res = await fetch(`${url}/api/v1/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench', scope: 'write' }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) throw new Error(`POST /tokens -> ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const body = await res.json();
  if (typeof body.token !== 'string') throw new Error('POST /tokens returned no token');
  return body.token;
}

/** Starts an instance prepared by prepareInstance. */
export function startInstance(instance) {
  return startServer({ dataDir: instance.dataDir, databaseUrl: instance.databaseUrl });
}

/** GET/POST JSON with the instance's token; throws on a non-2xx answer. */
export async function api(server, instance, method, urlPath, body) {
  const res = await fetch(server.url + urlPath, {
    method,
    headers: { authorization: `Bearer ${instance.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : null;
}
