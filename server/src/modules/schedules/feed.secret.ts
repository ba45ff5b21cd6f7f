import { createHash, createHmac, randomBytes } from 'node:crypto';

/**
 * Feed URLs are bearer capabilities. The database keeps only the SHA-256 of a secret. A user's feed
 * secret is 32 random bytes, shown once. A schedule's feed secret is derived from a random nonce
 * with the server secret (HMAC-SHA-256), so its URL can be shown with the schedule again while a copy
 * of the database alone does not reveal it.
 */

/** What the database keeps of a feed secret. */
export function feedSecretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** 32 random bytes in base64url (43 characters). */
export function randomFeedSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret of a schedule's feed from its nonce. */
export function scheduleFeedSecret(serverSecret: string, nonce: string): string {
  return createHmac('sha256', serverSecret).update(`vigil:schedule-feed:${nonce}`).digest('base64url');
}

export function scheduleFeedUrl(baseUrl: string, secret: string): string {
  return `${baseUrl}/ical/schedules/${secret}.ics`;
}

export function userFeedUrl(baseUrl: string, secret: string): string {
  return `${baseUrl}/ical/users/${secret}.ics`;
}
