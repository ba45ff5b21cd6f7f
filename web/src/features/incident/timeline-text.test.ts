import type { TimelineEvent } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { createFormatter } from '../../lib/format';
import type { FieldSpec } from './incident-fields';
import { describeEvent, formatBytes, type TimelineContext } from './timeline-text';

const specs: Record<string, FieldSpec> = {
  severity: { key: 'severity', label: 'Severity', kind: 'enum', required: true, options: [{ value: 'high', label: 'High' }, { value: 'critical', label: 'Critical' }] },
  resolution: { key: 'resolution', label: 'Resolution', kind: 'text', required: false, long: true },
  teamId: { key: 'teamId', label: 'Team', kind: 'team', required: false },
  'custom.major': { key: 'custom.major', label: 'Major incident', kind: 'boolean', required: false },
};

// The translation function writes the key and its parameters, so the tests see which sentence is chosen with what.
const t = (key: string, params?: Record<string, unknown>) => {
  const shown = Object.entries(params ?? {}).filter(([k]) => k !== 'defaultValue');
  return shown.length ? `${key}(${shown.map(([k, v]) => `${k}=${String(v)}`).join(', ')})` : key;
};

const ctx: TimelineContext = {
  t,
  format: createFormatter({ locale: 'en', timeZone: 'UTC' }, ['en-GB']),
  userName: () => null,
  teamName: (id) => (id === 't1' ? 'IT Operations' : null),
  stateLabel: (key) => key.toUpperCase(),
  spec: (key) => specs[key],
};

let id = 0;
const event = (type: TimelineEvent['type'], data: Record<string, unknown>, over: Partial<TimelineEvent> = {}): TimelineEvent => ({
  id: ++id,
  incidentId: '00000000-0000-4000-8000-000000000001',
  type,
  actor: { id: '00000000-0000-4000-8000-0000000000aa', name: 'Priya' },
  visibility: 'internal',
  data,
  createdAt: '2026-11-29T12:00:00Z',
  ...over,
});

describe('timeline sentences', () => {
  it('tells comments apart by visibility and keeps their text as a quote', () => {
    expect(describeEvent(event('comment.added', { body: 'Looking into it' }), ctx)).toEqual({ kind: 'comment', group: 'conversation', sentence: 'timeline.event.commentInternal(actor=Priya)', quote: 'Looking into it' });
    expect(describeEvent(event('comment.added', { body: 'Fixed' }, { visibility: 'public' }), ctx).sentence).toBe('timeline.event.commentPublic(actor=Priya)');
  });

  it('names changed fields and their values in words', () => {
    expect(describeEvent(event('incident.field_changed', { field: 'severity', from: 'high', to: 'critical' }), ctx).sentence).toBe('timeline.event.fieldChanged(actor=Priya, field=Severity, from=High, to=Critical)');
    expect(describeEvent(event('incident.field_changed', { field: 'teamId', from: null, to: 't1' }), ctx).sentence).toBe('timeline.event.fieldSet(actor=Priya, field=Team, to=IT Operations)');
    expect(describeEvent(event('incident.field_changed', { field: 'custom.major', from: null, to: true }), ctx).sentence).toBe('timeline.event.fieldSet(actor=Priya, field=Major incident, to=value.yes)');
    expect(describeEvent(event('incident.field_changed', { field: 'custom.major', from: true, to: null }), ctx).sentence).toBe('timeline.event.fieldCleared(actor=Priya, field=Major incident)');
    const long = describeEvent(event('incident.field_changed', { field: 'resolution', from: null, to: 'Restarted the service' }), ctx);
    expect(long).toMatchObject({ sentence: 'timeline.event.fieldEdited(actor=Priya, field=Resolution)', quote: 'Restarted the service' });
    const aware = describeEvent(event('incident.field_changed', { field: 'becameAwareAt', from: null, to: '2026-11-29T08:00:00.000Z', justification: 'Call from the processor' }), ctx);
    expect(aware.note).toBe('timeline.justification(text=Call from the processor)');
  });

  it('describes workflow, assignment, watchers and merges', () => {
    expect(describeEvent(event('incident.status_changed', { from: 'new', to: 'investigating' }), ctx).sentence).toBe('timeline.event.status(actor=Priya, from=NEW, to=INVESTIGATING)');
    expect(describeEvent(event('incident.assigned', { to: { id: 'u', name: 'Emily' } }), ctx).sentence).toBe('timeline.event.assigned(actor=Priya, to=Emily)');
    expect(describeEvent(event('incident.assigned', { to: null }), ctx).sentence).toBe('timeline.event.unassigned(actor=Priya)');
    expect(describeEvent(event('incident.watcher_added', { user: { id: '00000000-0000-4000-8000-0000000000aa', name: 'Priya' } }), ctx).sentence).toBe('timeline.event.watcherAddedSelf(actor=Priya, user=Priya)');
    expect(describeEvent(event('incident.watcher_removed', { user: { id: 'x', name: 'Jonas' } }), ctx).sentence).toBe('timeline.event.watcherRemoved(actor=Priya, user=Jonas)');
    expect(describeEvent(event('incident.merged', { into: { id: 'x', number: 'INC-2026-000016' } }), ctx)).toMatchObject({ incident: { number: 'INC-2026-000016' } });
    expect(describeEvent(event('incident.merged', { into: { id: 'x', number: null } }), ctx)).toMatchObject({ sentence: 'timeline.event.merged(actor=Priya, number=timeline.hiddenIncident)' });
    expect(describeEvent(event('incident.merged', { into: { id: 'x', number: null } }), ctx).incident).toBeUndefined();
  });

  it('says who the system is, and describes links by kind and direction', () => {
    expect(describeEvent(event('incident.acknowledged', {}, { actor: null }), ctx).sentence).toBe('timeline.event.acknowledged(actor=timeline.system)');
    expect(describeEvent(event('link.added', { kind: 'caused_by', direction: 'incoming', number: 'INC-2026-000013' }), ctx)).toMatchObject({
      sentence: 'timeline.event.link.added.caused_by.incoming(actor=Priya, number=INC-2026-000013)',
      incident: { number: 'INC-2026-000013' },
    });
  });

  it('describes clocks, escalations, submissions and public updates', () => {
    const breached = describeEvent(event('clock.breached', { kind: 'sla_ack', dueAt: '2026-11-29T10:00:00Z' }), ctx);
    expect(breached).toMatchObject({ group: 'system', tone: 'danger' });
    expect(breached.sentence).toMatch(/^timeline\.event\.clock\.breached\(actor=Priya, clock=clock\.kind\.sla_ack, due=29 Nov 2026, 10:00\)$/);
    expect(describeEvent(event('clock.met', { kind: 'sla_ack', reason: 'acknowledged' }), ctx)).toMatchObject({ tone: 'success', note: 'timeline.clockMetReason.acknowledged' });
    expect(describeEvent(event('escalation.step', { policy: { name: 'On call' }, level: 2, paged: [{ id: 'a', name: 'Jonas' }, { id: 'b', name: 'Emily' }] }), ctx).sentence).toBe(
      'timeline.event.escalationStep(policy=On call, level=2, people=Jonas, Emily)',
    );
    expect(describeEvent(event('communication.sent', { body: 'Back up', recipients: [{}, {}] }), ctx)).toMatchObject({ group: 'conversation', sentence: 'timeline.event.publicUpdate(actor=Priya, count=2)', quote: 'Back up' });
    expect(describeEvent(event('communication.sent', { kind: 'gdpr_art33', late: true, reference: 'LDA-1' }), ctx)).toMatchObject({ tone: 'warning', note: 'timeline.reference(text=LDA-1)' });
    expect(describeEvent(event('decision.recorded', { kind: 'gdpr_art34', reason: 'Encrypted' }), ctx).note).toBe('timeline.reason(text=Encrypted)');
  });

  it('groups attachments with the conversation and sizes them', () => {
    expect(describeEvent(event('attachment.added', { filename: 'photo.jpg', size: 2_500_000 }), ctx)).toMatchObject({ kind: 'attachment', sentence: 'timeline.event.attachment(actor=Priya, filename=photo.jpg, size=2.4 MB)' });
    expect(formatBytes(512, ctx)).toBe('512 B');
    expect(formatBytes(20_480, ctx)).toBe('20 KB');
  });
});
