import { z } from 'zod';
import { notificationKindSchema } from './notifications.js';
import { weekdaySchema } from './schedules.js';

/**
 * Who gets what: personal notification preferences (per urgency, with quiet hours in the user's
 * time zone) and team notification rules (which events of a team's incidents go to which of the
 * team's chat channels). In-app is always on; high urgency (P1-P2 pages) is never held back.
 */
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00-23:59)');

/** A quiet window that starts on each of `days` at `start` and ends at `end` (the next day when end <= start, e.g. 22:00-07:00). */
export const quietWindowSchema = z
  .object({
    days: z.array(weekdaySchema).min(1).max(7),
    start: clockTime,
    end: clockTime,
  })
  .refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] })
  .refine((w) => new Set(w.days).size === w.days.length, { message: 'each day once', path: ['days'] });
export type QuietWindow = z.infer<typeof quietWindowSchema>;

export const digestFrequencies = ['none', 'hourly', 'daily'] as const;
export const digestFrequencySchema = z.enum(digestFrequencies);
export type DigestFrequency = z.infer<typeof digestFrequencySchema>;

/** The local time at which a daily digest is sent (the user's time zone). */
export const dailyDigestTime = '08:00';

export const notificationPreferencesInputSchema = z
  .object({
    /** P1-P2 pages: in-app always; email on or off. Never delayed by quiet hours. */
    high: z.object({ email: z.boolean() }).strict(),
    /** Everything else: in-app always; email immediately (after quiet hours) or collected into an hourly or daily digest. */
    low: z.object({ email: z.boolean(), digest: digestFrequencySchema }).strict(),
    /** When low-urgency email waits, in the user's time zone. */
    quietHours: z.array(quietWindowSchema).max(14),
  })
  .strict()
  .refine((p) => p.low.digest === 'none' || p.low.email, { message: 'a digest is sent by email: turn email on for low urgency', path: ['low', 'digest'] });
export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesInputSchema>;

export const notificationPreferencesSchema = z.object({
  high: z.object({ inApp: z.literal(true), email: z.boolean() }),
  low: z.object({ inApp: z.literal(true), email: z.boolean(), digest: digestFrequencySchema }),
  quietHours: z.array(z.object({ days: z.array(weekdaySchema), start: z.string(), end: z.string() })),
  /** The user's time zone (their profile), in which quiet hours and digests are counted. */
  timeZone: z.string(),
  /** False while the user has never saved preferences (the defaults apply). */
  saved: z.boolean(),
  updatedAt: z.string().nullable(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** What applies to a user who saved nothing: everything in-app and by email, immediately, no quiet hours. */
export const defaultNotificationPreferences: NotificationPreferencesInput = { high: { email: true }, low: { email: true, digest: 'none' }, quietHours: [] };

// ---------------------------------------------------------------------------------------------
// Team notification rules.

export const teamRuleLimits = { kinds: 20, channels: 20 } as const;

export const teamNotificationRuleInputSchema = z
  .object({
    /** Only incidents of this type; null or absent: every type. */
    typeId: z.uuid().nullable().optional(),
    kinds: z.array(notificationKindSchema).min(1).max(teamRuleLimits.kinds),
    /** Chat channels of this team (ids of the deliveries module's chat channels). */
    channelIds: z.array(z.uuid()).min(1).max(teamRuleLimits.channels),
    enabled: z.boolean().default(true),
  })
  .strict();
export type TeamNotificationRuleInput = z.infer<typeof teamNotificationRuleInputSchema>;

export const teamNotificationRulePatchSchema = z
  .object({
    typeId: z.uuid().nullable().optional(),
    kinds: z.array(notificationKindSchema).min(1).max(teamRuleLimits.kinds).optional(),
    channelIds: z.array(z.uuid()).min(1).max(teamRuleLimits.channels).optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'change at least one field');
export type TeamNotificationRulePatch = z.infer<typeof teamNotificationRulePatchSchema>;

export const teamNotificationRuleSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  typeId: z.uuid().nullable(),
  kinds: z.array(notificationKindSchema),
  channelIds: z.array(z.uuid()),
  enabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TeamNotificationRule = z.infer<typeof teamNotificationRuleSchema>;
export const teamNotificationRuleListSchema = z.object({ items: z.array(teamNotificationRuleSchema) });

export const teamRuleParamsSchema = z.object({ id: z.uuid() });
export const teamRuleItemParamsSchema = z.object({ id: z.uuid(), ruleId: z.uuid() });
