import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser, loginAs } from '../../../test/factories/directory.js';
import { createTestApp } from '../../../test/harness.js';
import { auditOf } from './directory.test-support.js';
import { ensureFirstAdmin } from './index.js';

function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('first administrator at start-up', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-first-admin-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('creates admin@vigil.local with a random password in a 0600 file, logs only the path, and does it once', async () => {
    const dataDir = tempDir();
    const ctx = await createTestApp({ dataDir });
    try {
      const { log, lines } = capturingLogger();
      const deps = { ...ctx.deps, log };
      const result = await ensureFirstAdmin(deps);
      const file = path.join(dataDir, 'initial-admin-password');
      expect(result).toEqual({ created: true, email: 'admin@vigil.local', passwordFile: file });
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const password = readFileSync(file, 'utf8').trim();
      expect(password.length).toBeGreaterThanOrEqual(20);
      expect(lines.join('\n')).toContain(file);
      expect(lines.join('\n')).not.toContain(password);

      const headers = await loginAs(ctx.app, 'admin@vigil.local', password);
      const me = (await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers })).json();
      expect(me.user).toMatchObject({ email: 'admin@vigil.local', role: 'admin', active: true });
      const [record] = await auditOf(ctx.deps.db, 'user', me.user.id, 'create');
      expect(record).toMatchObject({ actor_type: 'system', after: { email: 'admin@vigil.local', role: 'admin', bootstrap: true } });
      expect(JSON.stringify(record)).not.toContain(password);

      expect(await ensureFirstAdmin(deps)).toEqual({ created: false });
      expect(readFileSync(file, 'utf8').trim()).toBe(password);
      expect(await ctx.deps.db.selectFrom('users').select('id').execute()).toHaveLength(1);
    } finally {
      await ctx.close();
    }
  });

  it('creates the configured admin when VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD are set, writing no file', async () => {
    const dataDir = tempDir();
    const ctx = await createTestApp({ dataDir, adminEmail: 'ops@example.test', adminPassword: 'configured secret' });
    try {
      const { log, lines } = capturingLogger();
      expect(await ensureFirstAdmin({ ...ctx.deps, log })).toEqual({ created: true, email: 'ops@example.test', passwordFile: null });
      expect(existsSync(path.join(dataDir, 'initial-admin-password'))).toBe(false);
      expect(lines.join('\n')).not.toContain('configured secret');
      await loginAs(ctx.app, 'ops@example.test', 'configured secret');
    } finally {
      await ctx.close();
    }
  });

  it('does nothing when any user exists', async () => {
    const dataDir = tempDir();
    const ctx = await createTestApp({ dataDir, adminEmail: 'ops@example.test', adminPassword: 'configured secret' });
    try {
      await createUser(ctx.deps, { role: 'reporter' });
      expect(await ensureFirstAdmin(ctx.deps)).toEqual({ created: false });
      expect(await ctx.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').execute()).toHaveLength(0);
    } finally {
      await ctx.close();
    }
  });
});
