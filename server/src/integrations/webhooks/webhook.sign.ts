import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret: 32 random bytes, shown as `whsec_<base64>` (Standard Webhooks). */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The first characters of a secret, enough to tell two apart, never enough to use. */
export function webhookSecretHint(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}

/**
 * Standard Webhooks headers for one attempt: `webhook-id` (constant across retries),
 * `webhook-timestamp` (this attempt, Unix seconds) and `webhook-signature`: one `v1,<base64
 * HMAC-SHA256 of id.timestamp.body>` per secret, space-separated, so a rotated-out secret keeps
 * verifying for a while.
 */
export function webhookHeaders(o: { id: string; at: Date; body: string; secrets: readonly string[] }): Record<string, string> {
  const at = new Date(Math.floor(o.at.getTime() / 1000) * 1000);
  return {
    'webhook-id': o.id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': o.secrets.map((s) => new Webhook(s).sign(o.id, at, o.body)).join(' '),
  };
}
