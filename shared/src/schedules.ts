import { z } from 'zod';
import { isoDateTimeSchema, timeZoneSchema, uuidSchema } from './common.js';
import { limits } from './limits.js';

/** The on-call schedules contract: schedules with their rotation layers, overrides, shifts, on-call and feeds. */

const noNul = (s: string) => !s.includes('\u0000');
const text = (max: number) => z.string().max(max).refine(noNul, 'must not contain NUL characters');

/** Limits of a schedule, shared by the API and the web forms. */
export const scheduleLimits = {
  layers: 10,
  participants: 100,
  restrictions: 28,
  /** Longest custom shift: eight weeks. */
  shiftHoursMax: 1344,
  /** Longest period one shifts request may cover. */
  shiftsRangeDays: 93,
  /** Longest override. */
  overrideDays: 366,
} as const;

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekdaySchema = z.enum(weekdays);
export type Weekday = z.infer<typeof weekdaySchema>;

export const rotationKinds = ['daily', 'weekly', 'custom'] as const;
export const rotationKindSchema = z.enum(rotationKinds);
export type RotationKind = z.infer<typeof rotationKindSchema>;

/** A wall-clock time of day in the schedule's time zone. */
export const localTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:mm between 00:00 and 23:59');

/** A calendar date; years the time zone database and both databases agree on. */
export const localDateSchema = z.iso.date().refine((d) => {
  const year = Number(d.slice(0, 4));
  return Number.isNaN(year) || (year >= 1970 && year <= 2200);
}, 'must fall between the years 1970 and 2200');

const instantSchema = isoDateTimeSchema.refine((v) => {
  const year = new Date(v).getUTCFullYear();
  return Number.isNaN(year) || (year >= 1970 && year <= 2200);
}, 'must fall between the years 1970 and 2200');

/**
 * A window in which a layer has someone on call: starts at `start` on each of `days` (local time) and
 * ends at `end` the same day, or the next day when `end` is not after `start` (00:00-00:00 is a whole day).
 */
export const scheduleRestrictionSchema = z.strictObject({
  days: z
    .array(weekdaySchema)
    .min(1)
    .max(7)
    .refine((d) => new Set(d).size === d.length, 'must not repeat a day'),
  start: localTimeSchema,
  end: localTimeSchema,
});
export type ScheduleRestriction = z.infer<typeof scheduleRestrictionSchema>;

/**
 * One rotation: participants take turns in order, each for one shift, starting with the first at
 * `handoffTime` on `startDate` (local time in the schedule's zone). Shifts hand off at local wall-clock
 * time, so a daily 09:00 hand-off stays at 09:00 across DST.
 */
export const scheduleLayerSchema = z
  .strictObject({
    name: text(limits.nameLength).trim().min(1, 'must not be empty'),
    participants: z.array(uuidSchema).min(1, 'name at least one participant').max(scheduleLimits.participants),
    rotation: rotationKindSchema,
    shiftHours: z.number().int().min(1).max(scheduleLimits.shiftHoursMax).optional().describe('Shift length in hours; only (and required) for custom rotations'),
    handoffTime: localTimeSchema.describe('Local time of the hand-off, HH:mm'),
    startDate: localDateSchema.describe('Local date of the first shift; the rotation is anchored here'),
    endsAt: instantSchema.nullable().default(null).describe('The layer has nobody from this instant on'),
    restrictions: z.array(scheduleRestrictionSchema).max(scheduleLimits.restrictions).default([]).describe('Windows in which the layer has someone; none means always'),
  })
  .superRefine((layer, ctx) => {
    if (layer.rotation === 'custom' && layer.shiftHours === undefined) {
      ctx.addIssue({ code: 'custom', path: ['shiftHours'], message: 'is required for a custom rotation' });
    }
    if (layer.rotation !== 'custom' && layer.shiftHours !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['shiftHours'], message: `must not be set for a ${layer.rotation} rotation` });
    }
  });
export type ScheduleLayer = z.infer<typeof scheduleLayerSchema>;
export type ScheduleLayerInput = z.input<typeof scheduleLayerSchema>;

const scheduleNameSchema = text(limits.nameLength).trim().min(1, 'must not be empty');
const layersSchema = z.array(scheduleLayerSchema).max(scheduleLimits.layers).describe('Later layers override earlier ones where they have someone');

/** POST /schedules. */
export const scheduleCreateSchema = z.strictObject({
  teamId: uuidSchema,
  name: scheduleNameSchema,
  description: text(2000).default(''),
  timeZone: timeZoneSchema,
  layers: layersSchema.default([]),
});
export type ScheduleCreate = z.infer<typeof scheduleCreateSchema>;

/** PATCH /schedules/{id}: the fields to change; `layers` replaces all layers. Needs If-Match or `version`. */
export const schedulePatchSchema = z
  .strictObject({
    teamId: uuidSchema,
    name: scheduleNameSchema,
    description: text(2000),
    timeZone: timeZoneSchema,
    layers: layersSchema,
    version: z.number().int().min(1).optional(),
  })
  .partial()
  .refine((p) => Object.keys(p).some((k) => k !== 'version'), 'name at least one field to change');
export type SchedulePatch = z.infer<typeof schedulePatchSchema>;

export const scheduleSchema = z.object({
  id: z.uuid(),
  teamId: z.uuid(),
  name: z.string(),
  description: z.string(),
  timeZone: z.string(),
  layers: z.array(scheduleLayerSchema),
  version: z.number().int(),
  /** The schedule's iCalendar feed (a secret URL), or null when its feed is switched off. */
  feedUrl: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Schedule = z.infer<typeof scheduleSchema>;
export const scheduleListSchema = z.object({ items: z.array(scheduleSchema) });

export const scheduleListQuerySchema = z.object({ teamId: uuidSchema.optional() });
export const scheduleParamsSchema = z.object({ id: z.uuid() });
export const scheduleOverrideParamsSchema = z.object({ id: z.uuid(), overrideId: z.uuid() });

/** POST /schedules/{id}/overrides: someone covers a window; overlapping overrides: the newest wins. */
export const scheduleOverrideCreateSchema = z
  .strictObject({
    userId: uuidSchema,
    start: instantSchema,
    end: instantSchema,
    note: text(500).default(''),
  })
  .superRefine((o, ctx) => {
    const start = Date.parse(o.start);
    const end = Date.parse(o.end);
    if (end <= start) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    else if (end - start > scheduleLimits.overrideDays * 86_400_000) ctx.addIssue({ code: 'custom', path: ['end'], message: `must be at most ${scheduleLimits.overrideDays} days after start` });
  });
export type ScheduleOverrideCreate = z.infer<typeof scheduleOverrideCreateSchema>;

export const scheduleOverrideSchema = z.object({
  id: z.uuid(),
  scheduleId: z.uuid(),
  user: z.object({ id: z.uuid(), name: z.string() }),
  start: z.string(),
  end: z.string(),
  note: z.string(),
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
});
export type ScheduleOverride = z.infer<typeof scheduleOverrideSchema>;
export const scheduleOverrideListSchema = z.object({ items: z.array(scheduleOverrideSchema) });

/** A period `[from, to)`; shifts are asked for at most `scheduleLimits.shiftsRangeDays` at a time. */
export const scheduleRangeQuerySchema = z
  .object({ from: instantSchema, to: instantSchema })
  .superRefine((q, ctx) => {
    const from = Date.parse(q.from);
    const to = Date.parse(q.to);
    if (to <= from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    else if (to - from > scheduleLimits.shiftsRangeDays * 86_400_000) ctx.addIssue({ code: 'custom', path: ['to'], message: `must be at most ${scheduleLimits.shiftsRangeDays} days after from` });
  });
export const scheduleOverrideListQuerySchema = z.object({ from: instantSchema.optional(), to: instantSchema.optional() });

/** Who covers the schedule, from when until when; `source` is the layer's index or `override`. */
export const shiftSchema = z.object({
  user: z.object({ id: z.uuid(), name: z.string() }),
  start: z.string(),
  end: z.string(),
  source: z.union([z.number().int(), z.literal('override')]),
});
export type Shift = z.infer<typeof shiftSchema>;
export const shiftListSchema = z.object({ scheduleId: z.uuid(), from: z.string(), to: z.string(), items: z.array(shiftSchema) });

export const onCallQuerySchema = z.object({ at: instantSchema.optional().describe('Default: now') });

/**
 * Who is on call at one instant: the shift covering it (null when nobody is). The shift's start and end
 * are looked for 14 days before and 35 days after `at`; null where the shift runs on beyond that.
 */
export const scheduleOnCallSchema = z.object({
  scheduleId: z.uuid(),
  scheduleName: z.string(),
  at: z.string(),
  shift: shiftSchema.extend({ start: z.string().nullable(), end: z.string().nullable() }).nullable(),
});
export type ScheduleOnCall = z.infer<typeof scheduleOnCallSchema>;
export const teamOnCallSchema = z.object({ teamId: z.uuid(), at: z.string(), items: z.array(scheduleOnCallSchema) });
export type TeamOnCall = z.infer<typeof teamOnCallSchema>;

/** A feed URL; the one of a personal feed is shown once, when it is made. */
export const feedUrlSchema = z.object({ url: z.string() });

/** Feed secrets: 32 random bytes in base64url. */
export const feedSecretPattern = /^[A-Za-z0-9_-]{43}$/;
