import { z } from 'zod';
import { isoDateTimeSchema, localizedTextSchema, timeZoneSchema, uuidSchema } from './common.js';
import { limits } from './limits.js';
import { prioritySchema } from './types.js';

/**
 * The clocks contract: business calendars, SLA policies, the clocks of an incident (SLA and legal),
 * legal submissions, the awareness command and the upcoming-deadlines view.
 */

/** Text PostgreSQL can store (no NUL characters). */
const text = (max: number) => z.string().max(max).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');
const requiredText = (max: number) => text(max).trim().min(1, 'must not be empty');

export const calendarWeekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type CalendarWeekday = (typeof calendarWeekdays)[number];

const timeOfDayPattern = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** One span of working time in a day, local to the calendar's time zone; `end` may be 24:00. */
export const workingIntervalSchema = z
  .object({
    start: z.string().regex(timeOfDayPattern, 'must be HH:MM'),
    end: z.string().regex(timeOfDayPattern, 'must be HH:MM or 24:00'),
  })
  .refine((i) => minutesOf(i.start) < minutesOf(i.end), { message: 'must end after it starts', path: ['end'] });
export type WorkingInterval = z.infer<typeof workingIntervalSchema>;

const dayHoursSchema = z
  .array(workingIntervalSchema)
  .max(8)
  .default([])
  .refine((list) => list.every((iv, i) => i === 0 || minutesOf(list[i - 1]!.end) <= minutesOf(iv.start)), 'intervals must be in order and must not overlap');

/** Working hours per weekday; a day with no interval is a day off. */
export const workingHoursSchema = z.object({
  mon: dayHoursSchema,
  tue: dayHoursSchema,
  wed: dayHoursSchema,
  thu: dayHoursSchema,
  fri: dayHoursSchema,
  sat: dayHoursSchema,
  sun: dayHoursSchema,
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;

export const holidaySchema = z.object({ date: z.iso.date(), name: text(200).optional() });
export type Holiday = z.infer<typeof holidaySchema>;

/** What the clock engine needs of a calendar: zone, weekly hours, whole-day holidays (local dates). */
export const businessCalendarSchema = z.object({
  timeZone: timeZoneSchema,
  workingHours: workingHoursSchema,
  holidays: z.array(z.iso.date()).max(2000),
});
export type BusinessCalendar = z.infer<typeof businessCalendarSchema>;

const hasWorkingTime = (wh: WorkingHours) => calendarWeekdays.some((d) => wh[d].length > 0);

export const calendarCreateSchema = z.strictObject({
  name: requiredText(limits.nameLength),
  teamId: uuidSchema.nullable().default(null).describe('The team whose calendar this is; null for a calendar every team may use (admins only)'),
  timeZone: timeZoneSchema.describe('IANA time zone the working hours and holidays are in'),
  workingHours: workingHoursSchema.refine(hasWorkingTime, 'must have working time on at least one day'),
  holidays: z.array(holidaySchema).max(2000).default([]),
});
export type CalendarCreateInput = z.infer<typeof calendarCreateSchema>;

export const calendarPatchSchema = z.strictObject({
  name: requiredText(limits.nameLength).optional(),
  timeZone: timeZoneSchema.optional(),
  workingHours: workingHoursSchema.refine(hasWorkingTime, 'must have working time on at least one day').optional(),
  holidays: z.array(holidaySchema).max(2000).optional(),
  version: z.number().int().positive().optional().describe('The version the change is based on'),
});
export type CalendarPatchInput = z.infer<typeof calendarPatchSchema>;

export const holidayImportSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE'),
  region: z.string().regex(/^[A-Z0-9]{1,3}$/, 'must be a region code such as BE').optional().describe('State or region, e.g. BE for Berlin'),
  years: z.array(z.number().int().min(2000).max(2100)).min(1).max(5),
});
export type HolidayImportInput = z.infer<typeof holidayImportSchema>;

const refSchema = z.object({ id: z.uuid(), name: z.string() });

export const calendarSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  team: refSchema.nullable(),
  timeZone: z.string(),
  workingHours: workingHoursSchema,
  holidays: z.array(holidaySchema),
  alwaysOpen: z.boolean().describe('24x7: every hour of every day counts'),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Calendar = z.infer<typeof calendarSchema>;
export const calendarListSchema = z.object({ items: z.array(calendarSchema) });

export const slaClockKinds = ['sla_ack', 'sla_resolve', 'sla_update'] as const;
export const legalClockKinds = ['gdpr_art33', 'gdpr_art34', 'nis2_early_warning', 'nis2_notification', 'nis2_final_report'] as const;
export const clockKinds = [...slaClockKinds, ...legalClockKinds] as const;
export const clockKindSchema = z.enum(clockKinds);
export type ClockKind = z.infer<typeof clockKindSchema>;
export type SlaClockKind = (typeof slaClockKinds)[number];
export type LegalClockKind = (typeof legalClockKinds)[number];
export const isLegalClockKind = (kind: string): kind is LegalClockKind => (legalClockKinds as readonly string[]).includes(kind);

export const clockStates = ['running', 'paused', 'met', 'breached', 'waived'] as const;
export const clockStateSchema = z.enum(clockStates);
export type ClockState = z.infer<typeof clockStateSchema>;

/** What happens when an SLA clock breaches (and whom its warning tells). */
export const breachActionsSchema = z.strictObject({
  notify: z
    .strictObject({
      userIds: z.array(uuidSchema).max(50).default([]),
      teamIds: z.array(uuidSchema).max(20).default([]).describe('Every member of these teams'),
      assignee: z.boolean().default(true),
      teamManagers: z.boolean().default(true).describe("Leads of the incident's team"),
    })
    .optional(),
  escalationPolicyId: uuidSchema.nullable().optional().describe('Start this escalation policy on the incident'),
  raisePriorityTo: z.enum(['P1', 'P2', 'P3', 'P4']).nullable().optional().describe('Raise the priority to at least this'),
});
export type BreachActions = z.infer<typeof breachActionsSchema>;

const minutesSchema = z.number().int().min(1).max(366 * 24 * 60);

export const slaPolicyCreateSchema = z.strictObject({
  type: z.string().min(1).max(100).describe('Incident type id or key'),
  priority: prioritySchema,
  timeToAcknowledgeMinutes: minutesSchema,
  timeToResolveMinutes: minutesSchema,
  timeToFirstPublicUpdateMinutes: minutesSchema.nullable().default(null),
  calendarId: uuidSchema.nullable().default(null).describe('Business calendar; null counts every hour (24x7)'),
  warnAtPercent: z.number().int().min(1).max(99).default(75),
  breachActions: breachActionsSchema.default({ notify: { userIds: [], teamIds: [], assignee: true, teamManagers: true } }),
});
export type SlaPolicyCreateInput = z.infer<typeof slaPolicyCreateSchema>;

export const slaPolicyPatchSchema = z.strictObject({
  timeToAcknowledgeMinutes: minutesSchema.optional(),
  timeToResolveMinutes: minutesSchema.optional(),
  timeToFirstPublicUpdateMinutes: minutesSchema.nullable().optional(),
  calendarId: uuidSchema.nullable().optional(),
  warnAtPercent: z.number().int().min(1).max(99).optional(),
  breachActions: breachActionsSchema.optional(),
  version: z.number().int().positive().optional().describe('The version the change is based on'),
});
export type SlaPolicyPatchInput = z.infer<typeof slaPolicyPatchSchema>;

export const slaPolicySchema = z.object({
  id: z.uuid(),
  type: z.object({ id: z.uuid(), key: z.string(), name: localizedTextSchema }),
  priority: prioritySchema,
  timeToAcknowledgeMinutes: z.number().int(),
  timeToResolveMinutes: z.number().int(),
  timeToFirstPublicUpdateMinutes: z.number().int().nullable(),
  calendar: refSchema.nullable(),
  warnAtPercent: z.number().int(),
  breachActions: breachActionsSchema,
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SlaPolicy = z.infer<typeof slaPolicySchema>;
export const slaPolicyListSchema = z.object({ items: z.array(slaPolicySchema) });
export const slaPolicyListQuerySchema = z.object({ type: z.string().min(1).max(100).optional() });

export const submissionDecisions = ['notify', 'not_required'] as const;

/** One submission to an authority or to data subjects, or the decision that none is required. */
export const submissionRecordSchema = z.object({
  decision: z.enum(submissionDecisions),
  submittedAt: z.string(),
  reference: z.string().nullable(),
  content: z.string().nullable(),
  reason: z.string().nullable(),
  delayReason: z.string().nullable(),
  late: z.boolean(),
  source: z.enum(['api', 'fields']),
  recordedBy: z.uuid().nullable(),
  recordedAt: z.string(),
});
export type SubmissionRecord = z.infer<typeof submissionRecordSchema>;

/** A clock as the incident's representation carries it. */
export const incidentClockSchema = z.object({
  id: z.uuid(),
  kind: clockKindSchema,
  state: clockStateSchema,
  dueAt: z.string().nullable(),
  remainingMs: z.number().nullable().describe('Business time left (negative when overdue); null once met or waived'),
  pausedAt: z.string().nullable(),
});
export type IncidentClock = z.infer<typeof incidentClockSchema>;

export const clockSchema = z.object({
  ...incidentClockSchema.shape,
  incidentId: z.uuid(),
  legal: z.boolean(),
  policyId: z.uuid().nullable(),
  targetMs: z.number(),
  elapsedMs: z.number().describe('Business time spent so far'),
  startedAt: z.string(),
  warnAt: z.string().nullable(),
  warnedAt: z.string().nullable(),
  breachedAt: z.string().nullable(),
  metAt: z.string().nullable(),
  waived: z.object({ at: z.string(), reason: z.string(), by: z.uuid().nullable() }).nullable(),
  calendar: z.object({ id: z.uuid().nullable(), name: z.string(), timeZone: z.string(), alwaysOpen: z.boolean() }),
  submissions: z.array(submissionRecordSchema),
  version: z.number().int(),
});
export type Clock = z.infer<typeof clockSchema>;
export const clockListSchema = z.object({ items: z.array(clockSchema), asOf: z.string() });

export const clockParamsSchema = z.object({ idOrNumber: z.string().min(1).max(100), clockId: uuidSchema });

export const clockWaiveSchema = z.strictObject({ reason: requiredText(2000) });
export type ClockWaiveInput = z.infer<typeof clockWaiveSchema>;

/** POST …/clocks/{clockId}/submission: a legal submission, or the decision that none is required. */
export const clockSubmissionSchema = z
  .strictObject({
    decision: z.enum(submissionDecisions).default('notify'),
    submittedAt: isoDateTimeSchema.optional().describe('When it was sent (notify); defaults to now for a not_required decision'),
    reference: requiredText(200).optional().describe("The authority's reference or case number"),
    content: requiredText(limits.descriptionLength).optional().describe('What was submitted (snapshot)'),
    reason: requiredText(limits.customTextLength).optional().describe('Why no submission is required (not_required)'),
    delayReason: requiredText(limits.customTextLength).optional().describe('Why the submission is late (GDPR Art. 33(1))'),
  })
  .superRefine((s, ctx) => {
    if (s.decision === 'notify') {
      if (!s.submittedAt) ctx.addIssue({ code: 'custom', path: ['submittedAt'], message: 'is required for a submission' });
      if (!s.content) ctx.addIssue({ code: 'custom', path: ['content'], message: 'is required for a submission' });
    } else if (!s.reason) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is required when no submission is required' });
    }
  });
export type ClockSubmissionInput = z.infer<typeof clockSubmissionSchema>;

/** POST /incidents/{idOrNumber}/awareness: the legal awareness moment, set by a named person with a justification. */
export const awarenessSchema = z.strictObject({
  becameAwareAt: isoDateTimeSchema,
  justification: requiredText(limits.customTextLength),
  version: z.number().int().positive().optional().describe('The incident version the change is based on'),
});
export type AwarenessInput = z.infer<typeof awarenessSchema>;

export const deadlinesQuerySchema = z.object({
  from: isoDateTimeSchema.optional().describe('Due at or after this (default: any time, overdue included)'),
  to: isoDateTimeSchema.optional().describe('Due before this (default: 30 days from now)'),
  legal: z.enum(['true', 'false']).optional().describe('Only legal clocks (true) or only SLA clocks (false)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export type DeadlinesQuery = z.infer<typeof deadlinesQuerySchema>;

export const deadlineSchema = z.object({
  ...incidentClockSchema.shape,
  legal: z.boolean(),
  incident: z.object({
    id: z.uuid(),
    number: z.string(),
    title: z.string(),
    type: z.object({ key: z.string(), name: localizedTextSchema }),
    priority: prioritySchema,
    team: refSchema.nullable(),
    assignee: refSchema.nullable(),
  }),
});
export type Deadline = z.infer<typeof deadlineSchema>;
export const deadlineListSchema = z.object({ items: z.array(deadlineSchema), nextCursor: z.string().nullable(), asOf: z.string() });
