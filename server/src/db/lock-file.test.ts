import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock-file.js';

describe('data directory lock', () => {
  it('refuses a directory held by a live process and takes over a stale lock', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-lock-'));
    const holder = spawn('sleep', ['30']);
    try {
      writeFileSync(path.join(dir, 'vigil.lock'), String(holder.pid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(new RegExp(`process ${holder.pid}`));
    } finally {
      holder.kill('SIGKILL');
    }
    await new Promise((r) => holder.on('exit', r));
    const release = lockDataDir(dir);
    expect(existsSync(path.join(dir, 'vigil.lock'))).toBe(true);
    expect(() => lockDataDir(dir)).toThrow(/already open in this process/);
    release();
    expect(existsSync(path.join(dir, 'vigil.lock'))).toBe(false);
  });
});
