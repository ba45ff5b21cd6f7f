import type { LegalClockKind } from '@vigil/shared';
import { DateTime } from 'luxon';
import type { IncidentRow } from '../../db/schema.js';

/**
 * The legal clocks, declared per incident type key (ADR 0017): which obligation, from which trigger,
 * due when, and which of the type pack's fields record that it was met or is not required. They are
 * law, not configuration, so they live in code; a type pack names its type key and gets them.
 */

const HOUR = 3_600_000;

/** A submission or decision read from the incident's own fields (the data-breach pack records them there too). */
export type FieldSettlement =
  | { decision: 'notify'; submittedAt: Date; reference: string | null; delayReason: string | null; content: string }
  | { decision: 'not_required'; reason: string | null; missing: string };

export type LegalRule = {
  kind: LegalClockKind;
  /** When the clock starts for this incident as it is now (null: not yet, or never). */
  trigger: (incident: IncidentRow, at: Date) => Date | null;
  /** Whether the trigger is the awareness moment, so changing became_aware_at restarts the clock. */
  followsAwareness: boolean;
  /** The deadline of a clock started at `start`. */
  dueFrom: (start: Date) => Date;
  warnPercent: number;
  /** What a change of the incident's fields settles, if anything. */
  settledByFields?: (incident: IncidentRow, before: IncidentRow | null) => FieldSettlement | null;
};

const custom = (row: IncidentRow | null, key: string): unknown => (row ? (row.custom as Record<string, unknown>)[key] : undefined);
const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
/** A custom field that has this value now and had another (or none) before. */
const became = (incident: IncidentRow, before: IncidentRow | null, key: string, value: unknown) => custom(incident, key) === value && custom(before, key) !== value;
/** A date-time custom field newly set or changed. */
function newDate(incident: IncidentRow, before: IncidentRow | null, key: string): Date | null {
  const now = text(custom(incident, key));
  if (!now || now === custom(before, key)) return null;
  const at = new Date(now);
  return Number.isNaN(at.getTime()) ? null : at;
}

const plusHours = (hours: number) => (start: Date) => new Date(start.getTime() + hours * HOUR);

/** GDPR Art. 33(1): the supervisory authority, without undue delay and where feasible within 72 hours of awareness. */
const gdprArt33: LegalRule = {
  kind: 'gdpr_art33',
  trigger: (i) => i.became_aware_at,
  followsAwareness: true,
  dueFrom: plusHours(72),
  warnPercent: 75,
  settledByFields: (i, before) => {
    const notifiedAt = newDate(i, before, 'sa_notified_at');
    if (notifiedAt) {
      return {
        decision: 'notify',
        submittedAt: notifiedAt,
        reference: text(custom(i, 'sa_reference')),
        delayReason: text(custom(i, 'delay_reasons')),
        content: `Recorded in the incident: notified ${text(custom(i, 'competent_sa')) ?? 'the supervisory authority'} at ${notifiedAt.toISOString()}.`,
      };
    }
    if (became(i, before, 'sa_notification_required', 'no')) {
      return { decision: 'not_required', reason: text(custom(i, 'notification_rationale')) ?? text(custom(i, 'risk_rationale')), missing: 'custom.notification_rationale' };
    }
    return null;
  },
};

const highRisk = (i: IncidentRow) => custom(i, 'risk_level') === 'high_risk' || custom(i, 'subject_communication_required') === 'yes';
const exemptions: Record<string, string> = {
  art34_3_a: 'Art. 34(3)(a): the data were protected (e.g. encrypted)',
  art34_3_b: 'Art. 34(3)(b): subsequent measures remove the high risk',
  art34_3_c: 'Art. 34(3)(c): disproportionate effort; public communication instead',
};

/**
 * GDPR Art. 34(1): the data subjects, without undue delay, once the risk is assessed as high. The law
 * sets no hours; Vigil's target is 72 hours from that assessment, like Art. 33 (ADR 0017).
 */
const gdprArt34: LegalRule = {
  kind: 'gdpr_art34',
  trigger: (i, at) => (highRisk(i) ? at : null),
  followsAwareness: false,
  dueFrom: plusHours(72),
  warnPercent: 75,
  settledByFields: (i, before) => {
    const sentAt = newDate(i, before, 'subjects_notified_at');
    if (sentAt) return { decision: 'notify', submittedAt: sentAt, reference: null, delayReason: null, content: `Recorded in the incident: data subjects informed at ${sentAt.toISOString()}.` };
    if (became(i, before, 'subject_communication_required', 'no')) {
      const exemption = exemptions[String(custom(i, 'subject_communication_exemption'))];
      const why = text(custom(i, 'notification_rationale')) ?? text(custom(i, 'risk_rationale'));
      return { decision: 'not_required', reason: exemption ? `${exemption}. ${why ?? ''}`.trim() : why, missing: 'custom.notification_rationale' };
    }
    return null;
  },
};

/** NIS2 applies to entities in scope and to significant incidents; an assessment saying otherwise settles its clocks. */
const nis2InScope = (i: IncidentRow) => custom(i, 'nis2_entity_class') !== 'not_in_scope' && custom(i, 'nis2_significant') !== 'no';
const nis2NotRequired = (i: IncidentRow, before: IncidentRow | null): FieldSettlement | null => {
  if (became(i, before, 'nis2_entity_class', 'not_in_scope')) return { decision: 'not_required', reason: 'The entity is not in the scope of NIS2 (nis2_entity_class: not_in_scope).', missing: 'custom.nis2_rationale' };
  if (became(i, before, 'nis2_significant', 'no')) return { decision: 'not_required', reason: text(custom(i, 'nis2_rationale')), missing: 'custom.nis2_rationale' };
  return null;
};
const nis2Trigger = (i: IncidentRow) => (i.became_aware_at && nis2InScope(i) ? i.became_aware_at : null);

/** NIS2 Art. 23(4)(a): early warning to the CSIRT or authority within 24 hours of becoming aware. */
const nis2EarlyWarning: LegalRule = { kind: 'nis2_early_warning', trigger: nis2Trigger, followsAwareness: true, dueFrom: plusHours(24), warnPercent: 75, settledByFields: nis2NotRequired };

/** NIS2 Art. 23(4)(b): incident notification within 72 hours of becoming aware. */
const nis2Notification: LegalRule = { kind: 'nis2_notification', trigger: nis2Trigger, followsAwareness: true, dueFrom: plusHours(72), warnPercent: 75, settledByFields: nis2NotRequired };

/** NIS2 Art. 23(4)(d): final report one month after the incident notification; started by that submission. */
export const nis2FinalReport: LegalRule = {
  kind: 'nis2_final_report',
  trigger: () => null,
  followsAwareness: false,
  dueFrom: (start) => DateTime.fromJSDate(start, { zone: 'UTC' }).plus({ months: 1 }).toJSDate(),
  warnPercent: 80,
  settledByFields: nis2NotRequired,
};

/** The legal clocks of each incident type, by type key. */
export const legalRulesByType: Readonly<Record<string, readonly LegalRule[]>> = {
  'data-breach': [gdprArt33, gdprArt34],
  security: [nis2EarlyWarning, nis2Notification, nis2FinalReport],
};

export function legalRulesFor(typeKey: string): readonly LegalRule[] {
  return legalRulesByType[typeKey] ?? [];
}

/** Stages of NIS2 reporting in order: deciding that one is not required settles the later ones too. */
export const nis2Stages: readonly LegalClockKind[] = ['nis2_early_warning', 'nis2_notification', 'nis2_final_report'];
