import { z } from 'zod';
import { isoDateTimeSchema, localizedTextSchema } from './common.js';
import { incidentDateTimeSchema, reporterContactSchema, safeText } from './incidents.js';
import { limits } from './limits.js';
import { fieldDefinitionSchema, stateCategorySchema } from './types.js';

/**
 * The public report portal: an admin switches a link on per incident type; a guest without an
 * account reports through it and follows the report with a status link. Spam is held off without a
 * third-party captcha: a proof of work (solveChallenge), a honeypot field, a minimum time between
 * fetching the challenge and sending, and throttling per address and per link.
 */

/** Links are 22 to 64 characters of base64url; generated ones carry 128 random bits. */
export const portalSlugSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'must be 22-64 characters of A-Z a-z 0-9 _ -');
export const portalStatusTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a status token');

/** Where the web app shows the form and the status of a report (paths under the server's base URL). */
export const portalPaths = {
  form: (slug: string) => `/report/${slug}`,
  status: (token: string) => `/report/status/${token}`,
} as const;

/** PUT /incident-types/{idOrKey}/public-report (admins). */
export const publicReportLinkPutSchema = z.strictObject({
  enabled: z.boolean(),
  slug: portalSlugSchema.optional().describe('Default: the current slug, or a new random one'),
});
export type PublicReportLinkPut = z.infer<typeof publicReportLinkPutSchema>;

export const publicReportLinkSchema = z.object({
  type: z.object({ id: z.uuid(), key: z.string(), name: localizedTextSchema }),
  enabled: z.boolean(),
  slug: z.string().nullable().describe('null until the link is first set up'),
  url: z.string().nullable().describe('The public form in the web app'),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type PublicReportLink = z.infer<typeof publicReportLinkSchema>;
export const publicReportLinkListSchema = z.object({ items: z.array(publicReportLinkSchema) });

/** The fields of the incident a guest fills besides the type's custom fields. */
export const portalGuestFields = ['title', 'description', 'occurredAt', 'location'] as const;

/** GET /portal/{slug}: what the public form needs, and nothing internal. */
export const portalFormSchema = z.object({
  slug: z.string(),
  type: z.object({ key: z.string(), name: localizedTextSchema, description: localizedTextSchema.partial() }),
  fields: z.array(z.enum(portalGuestFields)),
  required: z.array(z.enum(portalGuestFields)),
  customFields: z.array(fieldDefinitionSchema).describe('The custom fields a guest may fill (no user or incident references)'),
  schema: z.record(z.string(), z.unknown()).describe('customFields as JSON Schema, as the types module publishes it'),
  proof: z.object({ difficulty: z.number().int(), minFillSeconds: z.number().int() }),
});
export type PortalForm = z.infer<typeof portalFormSchema>;

/** GET /portal/{slug}/challenge: find `counter` so that SHA-256("<nonce>:<counter>") starts with `difficulty` zero bits. */
export const portalChallengeSchema = z.object({
  challenge: z.string().describe('Send back unchanged in proof.challenge'),
  nonce: z.string(),
  difficulty: z.number().int(),
  expiresAt: z.string(),
  notBefore: z.string().describe('The report is refused as too fast before this time'),
});
export type PortalChallenge = z.infer<typeof portalChallengeSchema>;

export const portalProofSchema = z.strictObject({
  challenge: z.string().min(1).max(1000),
  counter: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

/** POST /portal/{slug}/reports. */
export const portalReportSchema = z.strictObject({
  title: safeText(limits.titleLength).trim().min(1, 'must not be empty'),
  description: safeText(limits.descriptionLength).default(''),
  occurredAt: incidentDateTimeSchema.optional(),
  location: safeText(200).trim().min(1).optional(),
  custom: z.record(z.string().max(100), z.unknown()).default({}),
  contact: reporterContactSchema.extend({
    name: reporterContactSchema.shape.name.unwrap(),
    email: reporterContactSchema.shape.email.unwrap(),
  }),
  website: z.string().max(500).optional().describe('Leave empty: a field people never see, which form-filling robots do fill'),
  proof: portalProofSchema.optional().describe('Required: the solved challenge'),
});
export type PortalReportInput = z.infer<typeof portalReportSchema>;

export const portalReportCreatedSchema = z.object({
  number: z.string(),
  statusToken: z.string().describe('Shown once: the only key to the status page'),
  statusUrl: z.string(),
});
export type PortalReportCreated = z.infer<typeof portalReportCreatedSchema>;

/** GET /portal/status/{token}: the state of a guest's report and the public comments on it. */
export const portalStatusSchema = z.object({
  number: z.string(),
  title: z.string(),
  type: z.object({ name: localizedTextSchema }),
  state: z.object({ label: localizedTextSchema, category: stateCategorySchema }),
  comments: z.array(z.object({ id: z.uuid(), body: z.string(), createdAt: z.string() })),
  createdAt: isoDateTimeSchema,
  updatedAt: isoDateTimeSchema,
});
export type PortalStatus = z.infer<typeof portalStatusSchema>;

export const portalSlugParamsSchema = z.object({ slug: portalSlugSchema });
export const portalStatusParamsSchema = z.object({ token: portalStatusTokenSchema });

/** The text whose SHA-256 a proof of work hashes. */
export function proofInput(nonce: string, counter: number): string {
  return `${nonce}:${counter}`;
}

/** Leading zero bits of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/**
 * Finds the proof-of-work counter for a challenge with Web Crypto (browsers and Node alike), hashing
 * `batch` candidates at a time. Takes about 2^difficulty hashes; stop it with the signal.
 */
export async function solveChallenge(nonce: string, difficulty: number, opts: { signal?: AbortSignal; batch?: number } = {}): Promise<number> {
  const encoder = new TextEncoder();
  const batch = opts.batch ?? 256;
  for (let start = 0; start <= Number.MAX_SAFE_INTEGER; start += batch) {
    if (opts.signal?.aborted) throw new Error('solveChallenge aborted');
    const digests = await Promise.all(Array.from({ length: batch }, (_, i) => globalThis.crypto.subtle.digest('SHA-256', encoder.encode(proofInput(nonce, start + i)))));
    const hit = digests.findIndex((d) => leadingZeroBits(new Uint8Array(d)) >= difficulty);
    if (hit >= 0) return start + hit;
  }
  throw new Error('no counter found');
}
