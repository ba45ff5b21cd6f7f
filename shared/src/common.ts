import { z } from 'zod';

export const roles = ['admin', 'manager', 'agent', 'reporter', 'auditor'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const locales = ['en', 'de'] as const;
export const localeSchema = z.enum(locales);
export type Locale = z.infer<typeof localeSchema>;

/** A text in each supported language; English is required, others fall back to it. */
export const localizedTextSchema = z.object({ en: z.string().min(1).max(500), de: z.string().max(500).optional() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const uuidSchema = z.uuid();
export const isoDateTimeSchema = z.iso.datetime({ offset: true });

/** IANA time zone, checked against the runtime's zone database. */
export const timeZoneSchema = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'must be an IANA time zone such as Europe/Berlin');

export const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
