import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Destination secrets (webhook signing secrets, chat webhook URLs) are needed in plain text to send,
 * so they cannot be hashed; they are sealed with AES-256-GCM under a key derived from the server
 * secret, so a database dump or backup alone does not reveal them.
 */

const key = (serverSecret: string) => createHash('sha256').update(`vigil-deliveries-seal:${serverSecret}`).digest();

/** Seals a secret: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
export function sealSecret(serverSecret: string, plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(serverSecret), iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** Opens a sealed secret; throws when it was sealed under another server secret or changed. */
export function openSecret(serverSecret: string, sealed: string): string {
  const [version, iv, tag, ct] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', key(serverSecret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}

/** What a chat webhook URL shows of itself: origin and the last four characters. */
export function urlHint(url: string): string {
  const u = new URL(url);
  const rest = `${u.pathname}${u.search}`;
  return rest.length > 4 ? `${u.origin}/…${rest.slice(-4)}` : `${u.origin}/…`;
}
