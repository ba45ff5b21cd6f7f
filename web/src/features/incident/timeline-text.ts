import type { TimelineEvent } from '@vigil/shared';
import { displayValue, type DisplayContext } from './field-display';
import type { FieldSpec } from './incident-fields';

/** How one timeline event is shown: a comment card, an attachment, or a sentence with optional quoted text. */
export type EventView = {
  kind: 'comment' | 'attachment' | 'event';
  /** Filter group: what people wrote, what changed on the incident, what the system did. */
  group: 'conversation' | 'changes' | 'system';
  sentence: string;
  /** Text someone wrote (comment, long field value, message sent), shown as a block. */
  quote?: string;
  /** A short explanation (reason, justification, rule). */
  note?: string;
  /** Another incident the sentence names: rendered as a link where its number appears. */
  incident?: { number: string };
  tone?: 'danger' | 'warning' | 'success';
};

export type TimelineContext = DisplayContext & {
  stateLabel: (key: string) => string;
  spec: (key: string) => FieldSpec | undefined;
};

type Data = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const nameOf = (v: unknown): string | null => (v && typeof v === 'object' && 'name' in v ? str((v as { name: unknown }).name) : null);
const numberOf = (v: unknown): string | null => (v && typeof v === 'object' && 'number' in v ? str((v as { number: unknown }).number) : null);

/** Long texts are quoted under the sentence rather than put in it. */
const longFields = new Set(['description', 'resolution']);

function fieldLabel(field: string, ctx: TimelineContext): string {
  const spec = ctx.spec(field);
  if (spec) return spec.label;
  if (field.startsWith('custom.')) return field.slice('custom.'.length).replace(/_/g, ' ');
  return ctx.t(`fields.${field}`, { defaultValue: field });
}

function fieldChange(e: TimelineEvent, actor: string, ctx: TimelineContext): EventView {
  const d = e.data as Data;
  const field = String(d.field ?? '');
  const spec = ctx.spec(field);
  const label = fieldLabel(field, ctx);
  if (field === 'priorityOverridden') {
    return { kind: 'event', group: 'changes', sentence: ctx.t(d.to === true ? 'timeline.event.priorityManual' : 'timeline.event.priorityMatrix', { actor }) };
  }
  const long = longFields.has(field) || spec?.long === true;
  const from = displayValue(spec, d.from, ctx);
  const to = displayValue(spec, d.to, ctx);
  const justification = str(d.justification) ?? undefined;
  const base = { kind: 'event' as const, group: 'changes' as const, ...(justification ? { note: ctx.t('timeline.justification', { text: justification }) } : {}) };
  if (long) {
    if (!to) return { ...base, sentence: ctx.t('timeline.event.fieldCleared', { actor, field: label }) };
    return { ...base, sentence: ctx.t('timeline.event.fieldEdited', { actor, field: label }), quote: to };
  }
  if (!to) return { ...base, sentence: ctx.t('timeline.event.fieldCleared', { actor, field: label }) };
  if (!from) return { ...base, sentence: ctx.t('timeline.event.fieldSet', { actor, field: label, to }) };
  return { ...base, sentence: ctx.t('timeline.event.fieldChanged', { actor, field: label, from, to }) };
}

function linkSentence(e: TimelineEvent, actor: string, ctx: TimelineContext): EventView {
  const d = e.data as Data;
  const number = str(d.number);
  const other = number ?? ctx.t('timeline.hiddenIncident');
  const kind = String(d.kind ?? 'related');
  const direction = d.direction === 'incoming' ? 'incoming' : 'outgoing';
  const verb = e.type === 'link.removed' ? 'removed' : 'added';
  return {
    kind: 'event',
    group: 'changes',
    sentence: ctx.t(`timeline.event.link.${verb}.${kind}.${direction}`, { actor, number: other, defaultValue: ctx.t(`timeline.event.link.${verb}.related.outgoing`, { actor, number: other }) }),
    ...(number ? { incident: { number } } : {}),
  };
}

function clockSentence(e: TimelineEvent, actor: string, ctx: TimelineContext): EventView {
  const d = e.data as Data;
  const clock = ctx.t(`clock.kind.${String(d.kind)}`, { defaultValue: str(d.label) ?? String(d.kind) });
  const due = str(d.dueAt) ? ctx.format.dateTime(String(d.dueAt)) : '';
  const which = e.type.slice('clock.'.length);
  const reason = str(d.reason);
  const view: EventView = { kind: 'event', group: 'system', sentence: ctx.t(`timeline.event.clock.${which}`, { actor, clock, due }) };
  if (which === 'breached') view.tone = 'danger';
  if (which === 'warning') view.tone = 'warning';
  if (which === 'met') view.tone = 'success';
  if (which === 'retargeted' && d.priority && typeof d.priority === 'object') {
    const p = d.priority as Data;
    view.note = ctx.t('timeline.clockRetargetedPriority', { from: String(p.from ?? ''), to: String(p.to ?? '') });
  } else if (which === 'waived' && reason) view.note = ctx.t('timeline.reason', { text: reason });
  else if (which === 'met' && reason) view.note = ctx.t(`timeline.clockMetReason.${reason}`, { defaultValue: '' }) || undefined;
  if (!view.note) delete view.note;
  return view;
}

/** The sentence (and quoted text) of one timeline event in the user's language. */
export function describeEvent(e: TimelineEvent, ctx: TimelineContext): EventView {
  const d = e.data as Data;
  const actor = e.actor?.name || ctx.t('timeline.system');
  switch (e.type) {
    case 'comment.added':
      return { kind: 'comment', group: 'conversation', sentence: ctx.t(e.visibility === 'public' ? 'timeline.event.commentPublic' : 'timeline.event.commentInternal', { actor }), quote: String(d.body ?? '') };
    case 'attachment.added':
      return { kind: 'attachment', group: 'conversation', sentence: ctx.t('timeline.event.attachment', { actor, filename: String(d.filename ?? ''), size: typeof d.size === 'number' ? formatBytes(d.size, ctx) : '' }) };
    case 'incident.created':
      return { kind: 'event', group: 'changes', sentence: ctx.t('timeline.event.created', { actor, source: ctx.t(`source.${String(d.source ?? 'api')}`, { defaultValue: String(d.source ?? '') }) }) };
    case 'incident.field_changed':
      return fieldChange(e, actor, ctx);
    case 'incident.status_changed':
      return { kind: 'event', group: 'changes', sentence: ctx.t('timeline.event.status', { actor, from: ctx.stateLabel(String(d.from ?? '')), to: ctx.stateLabel(String(d.to ?? '')) }) };
    case 'incident.assigned': {
      const to = nameOf(d.to);
      return { kind: 'event', group: 'changes', sentence: to ? ctx.t('timeline.event.assigned', { actor, to }) : ctx.t('timeline.event.unassigned', { actor }) };
    }
    case 'incident.priority_changed':
      return { kind: 'event', group: 'changes', sentence: ctx.t('timeline.event.priority', { actor, from: String(d.from ?? ''), to: String(d.to ?? '') }) };
    case 'incident.watcher_added':
    case 'incident.watcher_removed': {
      const user = nameOf(d.user) ?? ctx.t('value.unknownUser');
      const self = e.actor && d.user && typeof d.user === 'object' && (d.user as Data).id === e.actor.id;
      const key = `${e.type === 'incident.watcher_added' ? 'watcherAdded' : 'watcherRemoved'}${self ? 'Self' : ''}`;
      return { kind: 'event', group: 'changes', sentence: ctx.t(`timeline.event.${key}`, { actor, user }) };
    }
    case 'incident.merged': {
      const number = numberOf(d.into);
      return { kind: 'event', group: 'changes', sentence: ctx.t('timeline.event.merged', { actor, number: number ?? ctx.t('timeline.hiddenIncident') }), ...(number ? { incident: { number } } : {}) };
    }
    case 'incident.duplicate_merged': {
      const number = numberOf(d.duplicate);
      return { kind: 'event', group: 'changes', sentence: ctx.t('timeline.event.duplicateMerged', { actor, number: number ?? ctx.t('timeline.hiddenIncident') }), ...(number ? { incident: { number } } : {}) };
    }
    case 'incident.acknowledged':
      return { kind: 'event', group: 'changes', tone: 'success', sentence: ctx.t('timeline.event.acknowledged', { actor }) };
    case 'link.added':
    case 'link.removed':
      return linkSentence(e, actor, ctx);
    case 'decision.recorded':
      return {
        kind: 'event',
        group: 'changes',
        sentence: ctx.t('timeline.event.decisionNotRequired', { actor, clock: ctx.t(`clock.kind.${String(d.kind)}`, { defaultValue: str(d.label) ?? '' }) }),
        ...(str(d.reason) ? { note: ctx.t('timeline.reason', { text: String(d.reason) }) } : {}),
      };
    case 'communication.sent': {
      if (Array.isArray(d.recipients)) {
        return { kind: 'event', group: 'conversation', sentence: ctx.t('timeline.event.publicUpdate', { actor, count: d.recipients.length }), quote: String(d.body ?? '') };
      }
      const clock = ctx.t(`clock.kind.${String(d.kind)}`, { defaultValue: str(d.label) ?? '' });
      const reference = str(d.reference);
      return {
        kind: 'event',
        group: 'changes',
        ...(d.late === true ? { tone: 'warning' as const } : {}),
        sentence: ctx.t(d.late === true ? 'timeline.event.submissionLate' : 'timeline.event.submission', { actor, clock }),
        ...(reference ? { note: ctx.t('timeline.reference', { text: reference }) } : {}),
      };
    }
    case 'communication.received':
      return { kind: 'event', group: 'conversation', sentence: ctx.t('timeline.event.received', { actor }), ...(str(d.body) ? { quote: String(d.body) } : {}) };
    case 'notification.sent':
      return { kind: 'event', group: 'system', sentence: ctx.t('timeline.event.notified', { user: nameOf(d.user) ?? ctx.t('value.unknownUser'), why: ctx.t(`notificationKind.${String(d.kind)}`, { defaultValue: String(d.kind ?? '') }) }) };
    case 'escalation.started':
      return {
        kind: 'event',
        group: 'system',
        tone: 'warning',
        sentence: ctx.t('timeline.event.escalationStarted', { actor, policy: nameOf(d.policy) ?? '' }),
        ...(str(d.reason) ? { note: ctx.t('timeline.reason', { text: String(d.reason) }) } : {}),
      };
    case 'escalation.step': {
      const paged = Array.isArray(d.paged) ? d.paged.map(nameOf).filter((n): n is string => n !== null) : [];
      return {
        kind: 'event',
        group: 'system',
        tone: 'warning',
        sentence: paged.length
          ? ctx.t('timeline.event.escalationStep', { policy: nameOf(d.policy) ?? '', level: Number(d.level ?? 0), people: paged.join(', ') })
          : ctx.t('timeline.event.escalationStepNobody', { policy: nameOf(d.policy) ?? '', level: Number(d.level ?? 0) }),
      };
    }
    case 'escalation.stopped':
      return {
        kind: 'event',
        group: 'system',
        sentence: ctx.t('timeline.event.escalationStopped', { policy: nameOf(d.policy) ?? '', state: ctx.t(`escalation.state.${String(d.state)}`, { defaultValue: String(d.state ?? '') }) }),
        ...(str(d.reason) ? { note: ctx.t('timeline.reason', { text: String(d.reason) }) } : {}),
      };
    case 'clock.started':
    case 'clock.paused':
    case 'clock.resumed':
    case 'clock.retargeted':
    case 'clock.warning':
    case 'clock.met':
    case 'clock.breached':
    case 'clock.waived':
      return clockSentence(e, actor, ctx);
    case 'alert.received': {
      const integration = nameOf(d.integration) ?? '';
      if (d.kind === 'change') return { kind: 'event', group: 'system', sentence: ctx.t('timeline.event.changeEvent', { integration }), ...(str(d.summary) ? { quote: String(d.summary) } : {}) };
      const counts = (d.counts ?? {}) as Data;
      return {
        kind: 'event',
        group: 'system',
        sentence: ctx.t('timeline.event.alert', { integration }),
        note: ctx.t('timeline.alertCounts', { new: Number(counts.new ?? 0), repeated: Number(counts.repeated ?? 0), resolved: Number(counts.resolved ?? 0) }),
      };
    }
    case 'routing.applied': {
      const rule = nameOf(d.rule) ?? '';
      const skipped = d.outcome === 'skipped';
      return {
        kind: 'event',
        group: 'system',
        sentence: ctx.t(skipped ? 'timeline.event.routingSkipped' : 'timeline.event.routing', { rule, effect: ctx.t(`routingEffect.${String(d.effect)}`, { defaultValue: String(d.effect ?? '') }) }),
        ...(skipped && str(d.reason) ? { note: ctx.t('timeline.reason', { text: String(d.reason) }) } : {}),
      };
    }
    case 'action.changed':
      return { kind: 'event', group: 'changes', sentence: ctx.t('timeline.event.action', { actor }) };
  }
  return { kind: 'event', group: 'system', sentence: ctx.t('timeline.event.other', { actor, type: String(e.type) }) };
}

/** A file size: "312 KB", "2.4 MB". */
export function formatBytes(bytes: number, ctx: Pick<DisplayContext, 'format'>): string {
  if (bytes < 1024) return `${ctx.format.number(bytes)} B`;
  if (bytes < 1024 * 1024) return `${ctx.format.number(Math.round(bytes / 1024))} KB`;
  return `${ctx.format.number(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
}
