import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane); the parameters travel inside each PHC hash string.
const ARGON2ID = 2 as Algorithm;
const argon2Options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hashes a password with argon2id, exactly as typed. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

let dummyHash: Promise<string> | null = null;

/**
 * Verifies a password; with no stored hash it verifies against a throwaway hash so that an unknown or
 * password-less account costs the same time as a wrong password.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

/** SHA-256 in hex: what the database keeps of session ids and API tokens. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 256 bits from the CSPRNG in base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** A new personal API token: `vgl_` + 43 base64url characters. */
export function newApiToken(): { token: string; hash: string; prefix: string } {
  const token = `vgl_${randomSecret()}`;
  return { token, hash: sha256Hex(token), prefix: token.slice(0, 12) };
}

/** A random password for generated accounts (the first admin). */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
