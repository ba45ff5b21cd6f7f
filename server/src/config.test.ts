import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  const dataDir = () => mkdtempSync(path.join(os.tmpdir(), 'vigil-config-'));

  it('applies defaults and generates a secret once, kept in the data directory', () => {
    const dir = dataDir();
    const a = loadConfig({ VIGIL_DATA_DIR: dir });
    expect(a).toMatchObject({ port: 3000, host: '0.0.0.0', baseUrl: 'http://localhost:3000', role: 'all', logLevel: 'info', secureCookies: false });
    expect(a.secret.length).toBeGreaterThanOrEqual(32);
    expect(loadConfig({ VIGIL_DATA_DIR: dir }).secret).toBe(a.secret);
    expect(readFileSync(path.join(dir, 'secret'), 'utf8').trim()).toBe(a.secret);
    expect(statSync(path.join(dir, 'secret')).mode & 0o077).toBe(0);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it('names every invalid variable in one readable error', () => {
    const attempt = () =>
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', VIGIL_BASE_URL: 'ftp://x', LOG_LEVEL: 'loud', VIGIL_DATA_DIR: dataDir() });
    expect(attempt).toThrow(ConfigError);
    const message = (() => {
      try {
        attempt();
      } catch (e) {
        return (e as Error).message;
      }
    })();
    for (const name of ['PORT', 'DATABASE_URL', 'VIGIL_BASE_URL', 'LOG_LEVEL']) expect(message).toContain(name);
  });

  it('requires the admin email and password together, and a server database for split roles', () => {
    expect(() => loadConfig({ VIGIL_ADMIN_EMAIL: 'a@example.com', VIGIL_DATA_DIR: dataDir() })).toThrow(/set together/);
    expect(() => loadConfig({ VIGIL_ROLE: 'worker', VIGIL_DATA_DIR: dataDir() })).toThrow(/DATABASE_URL/);
    const https = loadConfig({ VIGIL_BASE_URL: 'https://vigil.example.com/', VIGIL_SECRET: 'x'.repeat(32), VIGIL_DATA_DIR: dataDir() });
    expect(https.baseUrl).toBe('https://vigil.example.com');
    expect(https.secureCookies).toBe(true);
  });
});
