import { createHash, randomBytes } from 'node:crypto';

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new integration key: 32 characters of [a-z0-9] from the CSPRNG (about 165 bits), the shape
 * PagerDuty senders accept as a routing key. Bytes of 252 and above are skipped so every character
 * is equally likely.
 */
export function newIntegrationKey(): string {
  let key = '';
  while (key.length < 32) {
    for (const b of randomBytes(40)) {
      if (b < 252 && key.length < 32) key += alphabet[b % 36];
    }
  }
  return key;
}

/** What the database keeps of a key. */
export function hashIntegrationKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The last four characters, to recognise a key in lists. */
export function keyHint(key: string): string {
  return key.slice(-4);
}
