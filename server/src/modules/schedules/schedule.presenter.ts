import type { Schedule, ScheduleLayer, ScheduleOverride } from '@vigil/shared';
import type { ScheduleOverrideRow, ScheduleRow } from '../../db/schema.js';

/** A schedule as the API shows it; the feed URL is passed in because it is derived from a secret. */
export function presentSchedule(row: ScheduleRow, feedUrl: string | null): Schedule {
  return {
    id: row.id,
    teamId: row.team_id,
    name: row.name,
    description: row.description,
    timeZone: row.time_zone,
    layers: row.layers as ScheduleLayer[],
    version: row.version,
    feedUrl,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit trail keeps of a schedule (never its feed URL, which is a secret). */
export function presentScheduleRecord(row: ScheduleRow) {
  return { id: row.id, teamId: row.team_id, name: row.name, description: row.description, timeZone: row.time_zone, layers: row.layers, version: row.version };
}

export function presentOverride(row: ScheduleOverrideRow & { user_name: string }): ScheduleOverride {
  return {
    id: row.id,
    scheduleId: row.schedule_id,
    user: { id: row.user_id, name: row.user_name },
    start: row.starts_at.toISOString(),
    end: row.ends_at.toISOString(),
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
  };
}

/** What the audit trail keeps of an override. */
export function presentOverrideRecord(row: ScheduleOverrideRow) {
  return { id: row.id, userId: row.user_id, start: row.starts_at.toISOString(), end: row.ends_at.toISOString(), note: row.note };
}

/** Layers as stored: instants in UTC, the shift length only where it means something. */
export function normalizeLayers(layers: readonly ScheduleLayer[]): ScheduleLayer[] {
  return layers.map((l) => ({
    name: l.name,
    participants: [...l.participants],
    rotation: l.rotation,
    ...(l.rotation === 'custom' ? { shiftHours: l.shiftHours } : {}),
    handoffTime: l.handoffTime,
    startDate: l.startDate,
    endsAt: l.endsAt === null ? null : new Date(l.endsAt).toISOString(),
    restrictions: l.restrictions.map((r) => ({ days: [...r.days], start: r.start, end: r.end })),
  }));
}
