import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import { appendAudit } from '../audit/index.js';
import { hashPassword, randomPassword } from './auth.crypto.js';
import { presentUser } from './users.presenter.js';
import { anyUserExists, insertUser } from './users.repo.js';

export const GENERATED_ADMIN_EMAIL = 'admin@vigil.local';
export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

export type FirstAdminResult = { created: false } | { created: true; email: string; passwordFile: string | null };

/**
 * Creates the first administrator when the directory is empty (docs/decisions/0003-first-admin.md):
 * the configured one, or admin@vigil.local with a random password written to a 0600 file in the data
 * directory. The password itself is never logged.
 */
export async function ensureFirstAdmin(deps: Deps): Promise<FirstAdminResult> {
  if (await anyUserExists(deps.db)) return { created: false };
  const configured = deps.config.adminEmail !== undefined && deps.config.adminPassword !== undefined;
  const email = configured ? deps.config.adminEmail! : GENERATED_ADMIN_EMAIL;
  const password = configured ? deps.config.adminPassword! : randomPassword();
  const passwordHash = await hashPassword(password);
  const passwordFile = configured ? null : path.join(deps.config.dataDir, INITIAL_PASSWORD_FILE);
  const now = deps.clock.now();
  const created = await deps.db.transaction().execute(async (tx) => {
    // Web and worker processes may boot together against one PostgreSQL server: one of them creates the admin.
    await sql`select pg_advisory_xact_lock(8817001)`.execute(tx);
    if (await anyUserExists(tx)) return false;
    const row = await insertUser(tx, {
      email,
      name: 'Administrator',
      role: 'admin',
      password_hash: passwordHash,
      active: true,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    });
    await appendAudit(tx, systemActor, now, { entityType: 'user', entityId: row.id, action: 'create', after: { ...presentUser(row), bootstrap: true } });
    // Written before commit: if the file cannot be written, no admin exists whose password nobody knows.
    if (passwordFile) writeSecretFile(passwordFile, password);
    return true;
  });
  if (!created) return { created: false };
  if (passwordFile) deps.log.warn({ email, passwordFile }, 'created the first administrator; its password is in this file: sign in, change the password, delete the file');
  else deps.log.info({ email }, 'created the first administrator from VIGIL_ADMIN_EMAIL');
  return { created: true, email, passwordFile };
}

function writeSecretFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  rmSync(file, { force: true });
  writeFileSync(file, content + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
}
