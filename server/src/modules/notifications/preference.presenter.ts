import { defaultNotificationPreferences, type NotificationPreferences, type NotificationPreferencesInput, type NotificationKind, type TeamNotificationRule } from '@vigil/shared';
import type { NotificationPreferencesRow, TeamNotificationRuleRow } from '../../db/schema.js';

/** The preferences that apply: the saved row, or the defaults. */
export function effectivePreferences(row: NotificationPreferencesRow | null): NotificationPreferencesInput {
  if (!row) return defaultNotificationPreferences;
  return { high: { email: row.high_email }, low: { email: row.low_email, digest: row.low_digest }, quietHours: row.quiet_hours };
}

export function presentPreferences(row: NotificationPreferencesRow | null, timeZone: string): NotificationPreferences {
  const p = effectivePreferences(row);
  return {
    high: { inApp: true, email: p.high.email },
    low: { inApp: true, email: p.low.email, digest: p.low.digest },
    quietHours: p.quietHours,
    timeZone,
    saved: row !== null,
    updatedAt: row ? row.updated_at.toISOString() : null,
  };
}

export function presentTeamRule(row: TeamNotificationRuleRow): TeamNotificationRule {
  return {
    id: row.id,
    teamId: row.team_id,
    typeId: row.type_id,
    kinds: row.kinds as NotificationKind[],
    channelIds: row.channel_ids,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
