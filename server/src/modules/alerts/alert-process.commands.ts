import type { IntegrationSettings } from '@vigil/shared';
import { sql } from 'kysely';
import { ZodError } from 'zod';
import type { Tx } from '../../db/client.js';
import type { AlertEventRow, AlertRow, IntegrationRow } from '../../db/schema.js';
import { systemActor, type Actor, type Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { createIncident } from '../incidents/index.js';
import { appendTimeline } from '../timeline/index.js';
import { batchOf, changeOf } from './alert.formats.js';
import { incidentInputFor } from './alert.mapping.js';
import { auditAlert } from './alert.presenter.js';
import {
  insertAlertHistory,
  insertOpenAlert,
  markAlertEvent,
  selectAlertEvent,
  selectGroupIncidentId,
  selectOpenAlert,
  selectOpenAlertsOfGroup,
  selectOpenIncidentIdsOfIntegration,
  selectPendingStreamEvents,
  tryLockStream,
  updateAlertRow,
} from './alert.repo.js';
import { acknowledgeFromSource, resolveFromSource, type IncidentOutcome } from './alert-incident.commands.js';
import type { AlertBatch, AlertSignal } from './alert.signal.js';
import { joinTransaction } from './alert.transaction.js';
import { settingsOf } from './integration.presenter.js';
import { selectIntegration } from './integration.repo.js';

/** Events of one stream processed per transaction at most. */
const BATCH = 100;
/** Open incidents a change event is shown on at most. */
const CHANGE_FAN_OUT = 50;
/** Alerts named in one timeline event at most (an Alertmanager group may hold thousands). */
const TIMELINE_ALERTS = 50;

/** The system, acting for one inbound event: its audit records and incident changes name the event and the sender's address. */
function actorFor(event: AlertEventRow): Actor {
  return { ...systemActor, ip: event.source_ip, requestId: `alert-event:${event.id}` };
}

/** The source refused: the event can never be processed as it is (the payload or the incident it needs is invalid). */
function isRefusal(err: unknown): err is AppError | ZodError {
  return err instanceof AppError || err instanceof ZodError;
}

const refusalText = (err: AppError | ZodError) => (err instanceof AppError ? err.message : err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));

/** How long a job waits, in short sleeps without holding a connection, for another worker to let go of its stream. */
const STREAM_WAIT_MS = 10_000;
/**
 * Processing transactions one process runs at a time. The rest of the connection pool stays free
 * for the ingest path, so accepting events does not stall while a storm is being processed.
 */
export const PROCESSING_SLOTS = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Slots = { free: number; waiting: Array<() => void> };
const slotsByDb = new WeakMap<object, Slots>();

/** Runs fn once one of the PROCESSING_SLOTS of this database handle is free. */
async function withSlot<T>(db: object, fn: () => Promise<T>): Promise<T> {
  let slots = slotsByDb.get(db);
  if (!slots) slotsByDb.set(db, (slots = { free: PROCESSING_SLOTS, waiting: [] }));
  if (slots.free > 0) slots.free--;
  else await new Promise<void>((resolve) => slots.waiting.push(resolve));
  try {
    return await fn();
  } finally {
    const next = slots.waiting.shift();
    if (next) next();
    else slots.free++;
  }
}

/**
 * Processes a stored event (the `alerts.process` job): takes its stream's lock and applies the
 * pending events of the stream up to this one, oldest first, each with its alerts, incident changes,
 * history, timeline and audit records and its processed mark. Events that only repeat go together in
 * one transaction; the transaction ends after an event that opened or changed an incident, so the
 * incident numbering and audit chain locks are held no longer than that. Idempotent: an event already
 * processed (by this job's earlier run, or by the job of a later event of its stream) is left alone.
 * While another worker holds the stream, this one waits between short attempts without keeping a
 * connection, then gives up and lets the job be retried. Database errors propagate, so the job is
 * retried; an event the source got wrong is marked failed with the reason and never retried.
 */
export async function processAlertEvent(deps: Deps, eventId: number, opts: { streamWaitMs?: number } = {}): Promise<void> {
  const streamWaitMs = opts.streamWaitMs ?? STREAM_WAIT_MS;
  let waited = 0;
  for (let attempt = 0; ; attempt++) {
    const event = await selectAlertEvent(deps.db, eventId);
    if (!event || event.status !== 'pending') return;
    const outcome = await withSlot(deps.db, () =>
      deps.db.transaction().execute(async (tx) => {
        if (!(await tryLockStream(tx, event.integration_id, event.stream_key))) return 'busy';
        const pending = await selectPendingStreamEvents(tx, event.integration_id, event.stream_key, event.id, BATCH);
        if (pending.length === 0) return 'done';
        const integration = await selectIntegration(tx, event.integration_id);
        if (!integration) throw new Error(`integration ${event.integration_id} of alert event ${event.id} is missing`);
        const txDeps = joinTransaction(deps, tx);
        for (const [i, e] of pending.entries()) {
          const touchedIncident = await applyEvent(tx, txDeps, integration, e);
          if (touchedIncident && i < pending.length - 1) return 'more';
        }
        return pending.length < BATCH ? 'done' : 'more';
      }),
    );
    if (outcome === 'done') return;
    if (outcome === 'busy') {
      if (waited >= streamWaitMs) throw new Error(`the stream of alert event ${eventId} stayed busy for ${waited} ms`);
      const pause = Math.min(20 * 2 ** Math.min(attempt, 5), 500);
      await sleep(pause);
      waited += pause;
    }
  }
}

/** Applies one event in a savepoint; true when it opened or changed an incident (more than its timeline). */
async function applyEvent(tx: Tx, deps: Deps, integration: IntegrationRow, event: AlertEventRow): Promise<boolean> {
  const now = deps.clock.now();
  await sql`savepoint alert_event`.execute(tx);
  try {
    const applied = event.kind === 'change' ? { outcome: await applyChange(tx, deps, integration, event, now), touchedIncident: false } : await applyAlertEvent(tx, deps, integration, event, now);
    await sql`release savepoint alert_event`.execute(tx);
    await markAlertEvent(tx, event.id, { status: 'processed', processed_at: now, outcome: applied.outcome, error: null });
    return applied.touchedIncident;
  } catch (err) {
    if (!isRefusal(err)) throw err;
    await sql`rollback to savepoint alert_event`.execute(tx);
    deps.log.warn({ eventId: event.id, integrationId: integration.id, reason: refusalText(err) }, 'alert event refused');
    await markAlertEvent(tx, event.id, { status: 'failed', processed_at: now, outcome: null, error: refusalText(err).slice(0, 2_000) });
    return false;
  }
}

/** A change event: shown on the timeline of the open incidents this integration's alerts opened. */
async function applyChange(tx: Tx, deps: Deps, integration: IntegrationRow, event: AlertEventRow, now: Date): Promise<string> {
  const change = changeOf(integration, event);
  const incidentIds = await selectOpenIncidentIdsOfIntegration(tx, integration.id, CHANGE_FAN_OUT);
  const actor = actorFor(event);
  for (const incidentId of incidentIds) {
    await appendTimeline(tx, actor, now, incidentId, 'alert.received', {
      kind: 'change',
      eventId: event.id,
      integration: { id: integration.id, name: integration.name, kind: integration.kind },
      ...change,
    });
  }
  return `change shown on ${incidentIds.length} open incident(s)`;
}

type Touched = { alert: AlertRow; action: 'trigger' | 'repeat' | 'acknowledge' | 'resolve'; first?: boolean };

/** Everything one alert event does: alerts opened, repeated, acknowledged, resolved; the incidents they open or resolve. */
async function applyAlertEvent(tx: Tx, deps: Deps, integration: IntegrationRow, event: AlertEventRow, now: Date): Promise<{ outcome: string; touchedIncident: boolean }> {
  const actor = actorFor(event);
  const settings = settingsOf(integration);
  const batch = batchOf(integration, event);
  const touched: Touched[] = [];
  const dropped: string[] = [];
  const ctx: Ctx = { tx, deps, actor, integration, event, now, batch, settings, groupIncidentId: undefined, opened: null };

  for (const signal of batch.signals) {
    const open = await selectOpenAlert(tx, integration.id, signal.dedupKey);
    if (signal.action === 'trigger') touched.push(open ? await repeatAlert(ctx, open, signal) : await openAlert(ctx, signal));
    else if (!open) dropped.push(signal.dedupKey);
    else if (signal.action === 'acknowledge') touched.push(await acknowledgeAlert(ctx, open, signal));
    else touched.push(await resolveAlert(ctx, open, signal, false));
  }
  if (batch.groupResolved) {
    // The source says the whole group is resolved: that includes alerts it left out of this message (max_alerts).
    const named = new Set(batch.signals.map((s) => s.dedupKey));
    for (const rest of await selectOpenAlertsOfGroup(tx, integration.id, batch.groupKey)) {
      if (!named.has(rest.dedup_key)) touched.push(await resolveAlert(ctx, rest, null, true));
    }
  }

  const byIncident = new Map<string, Touched[]>();
  for (const t of touched) {
    if (t.alert.incident_id) byIncident.set(t.alert.incident_id, [...(byIncident.get(t.alert.incident_id) ?? []), t]);
  }
  const outcomes: string[] = [];
  for (const [incidentId, items] of byIncident) {
    let incidentOutcome: IncidentOutcome | null = null;
    if (items.some((t) => t.action === 'resolve')) incidentOutcome = await resolveFromSource(tx, deps, actor, integration, settings, incidentId, now);
    else if (items.some((t) => t.action === 'acknowledge' && t.first)) incidentOutcome = await acknowledgeFromSource(tx, deps, actor, incidentId);
    await appendTimeline(tx, actor, now, incidentId, 'alert.received', timelineData(integration, event, batch, items, incidentOutcome));
    if (incidentOutcome) outcomes.push(`incident ${incidentOutcome.action}${incidentOutcome.reason ? ` (${incidentOutcome.reason})` : ''}`);
  }
  const counts = (a: Touched['action']) => touched.filter((t) => t.action === a).length;
  const outcome = [
    ctx.opened ? `opened incident ${ctx.opened}` : null,
    `${counts('trigger')} new, ${counts('repeat')} repeated, ${counts('acknowledge')} acknowledged, ${counts('resolve')} resolved alert(s)`,
    dropped.length > 0 ? `${dropped.length} dropped (no open alert)` : null,
    ...outcomes,
  ]
    .filter(Boolean)
    .join('; ');
  return { outcome, touchedIncident: ctx.opened !== null || outcomes.length > 0 };
}

type Ctx = {
  tx: Tx;
  deps: Deps;
  actor: Actor;
  integration: IntegrationRow;
  event: AlertEventRow;
  now: Date;
  batch: AlertBatch;
  settings: IntegrationSettings;
  /** The incident this batch's group opens into; undefined until looked up. */
  groupIncidentId: string | null | undefined;
  /** Number of the incident this event opened, if it did. */
  opened: string | null;
};

function historyData(signal: AlertSignal | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  if (!signal) return extra;
  return { title: signal.title, severity: signal.severity, source: signal.source, ...(Object.keys(signal.details).length > 0 ? { details: signal.details } : {}), ...extra };
}

/** A trigger for a dedup key with no open alert: a new alert, in its group's open incident or a new one. */
async function openAlert(ctx: Ctx, signal: AlertSignal): Promise<Touched> {
  const { tx, deps, actor, integration, event, now, batch } = ctx;
  const inserted = await insertOpenAlert(tx, {
    integration_id: integration.id,
    dedup_key: signal.dedupKey,
    group_key: batch.groupKey,
    status: 'triggered',
    title: signal.title.slice(0, 1_024),
    severity: signal.severity?.slice(0, 100) ?? null,
    source: signal.source?.slice(0, 1_024) ?? null,
    labels: JSON.stringify(signal.labels),
    incident_id: null,
    first_event_at: now,
    last_event_at: now,
    acknowledged_at: null,
    resolved_at: null,
    created_at: now,
    updated_at: now,
  });
  if (!inserted) {
    // Opened meanwhile by another stream (one fingerprint in two Alertmanager groups): the unique index kept it to one alert.
    const open = await selectOpenAlert(tx, integration.id, signal.dedupKey);
    if (!open) throw new Error(`alert ${signal.dedupKey} of integration ${integration.id} neither inserted nor found open`);
    return repeatAlert(ctx, open, signal);
  }
  if (ctx.groupIncidentId === undefined) ctx.groupIncidentId = await selectGroupIncidentId(tx, integration.id, batch.groupKey);
  if (ctx.groupIncidentId === null) {
    const input = incidentInputFor(integration, ctx.settings, batch, signal, event.received_at);
    if (!input.ok) throw new AppError('validation_failed', `The alert cannot open an incident: ${input.error}`);
    const { row } = await createIncident(deps, actor, input.input);
    ctx.groupIncidentId = row.id;
    ctx.opened = row.number;
  }
  const alert = await updateAlertRow(tx, inserted.id, { incident_id: ctx.groupIncidentId });
  await insertAlertHistory(tx, [{ alert_id: alert.id, event_id: event.id, action: 'trigger', status: 'triggered', at: now, data: JSON.stringify(historyData(signal)) }]);
  await appendAudit(tx, actor, now, { entityType: 'alert', entityId: alert.id, action: 'create', after: auditAlert(alert) });
  return { alert, action: 'trigger' };
}

/** A trigger for an open alert: counted and logged; no new alert, incident or page. */
async function repeatAlert(ctx: Ctx, open: AlertRow, signal: AlertSignal): Promise<Touched> {
  const { tx, event, now } = ctx;
  const alert = await updateAlertRow(tx, open.id, { event_count: open.event_count + 1, last_event_at: now, updated_at: now });
  await insertAlertHistory(tx, [{ alert_id: alert.id, event_id: event.id, action: 'repeat', status: alert.status, at: now, data: JSON.stringify(historyData(signal)) }]);
  return { alert, action: 'repeat' };
}

/** Acknowledged at the source: the alert is acknowledged (once; a repeated acknowledge is only logged). */
async function acknowledgeAlert(ctx: Ctx, open: AlertRow, signal: AlertSignal): Promise<Touched> {
  const { tx, actor, event, now } = ctx;
  const first = open.status === 'triggered';
  const alert = await updateAlertRow(tx, open.id, {
    status: 'acknowledged',
    acknowledged_at: open.acknowledged_at ?? now,
    event_count: open.event_count + 1,
    last_event_at: now,
    updated_at: now,
  });
  await insertAlertHistory(tx, [{ alert_id: alert.id, event_id: event.id, action: 'acknowledge', status: 'acknowledged', at: now, data: JSON.stringify(historyData(signal)) }]);
  if (first) await appendAudit(tx, actor, now, { entityType: 'alert', entityId: alert.id, action: 'acknowledge', before: auditAlert(open), after: auditAlert(alert) });
  return { alert, action: 'acknowledge', first };
}

/** Resolved at the source (by its own signal, or because the source resolved its whole group). */
async function resolveAlert(ctx: Ctx, open: AlertRow, signal: AlertSignal | null, byGroup: boolean): Promise<Touched> {
  const { tx, actor, event, now } = ctx;
  const alert = await updateAlertRow(tx, open.id, { status: 'resolved', resolved_at: now, event_count: open.event_count + 1, last_event_at: now, updated_at: now });
  await insertAlertHistory(tx, [{ alert_id: alert.id, event_id: event.id, action: 'resolve', status: 'resolved', at: now, data: JSON.stringify(historyData(signal, byGroup ? { byGroup: true } : {})) }]);
  await appendAudit(tx, actor, now, { entityType: 'alert', entityId: alert.id, action: 'resolve', before: auditAlert(open), after: auditAlert(alert) });
  return { alert, action: 'resolve' };
}

function timelineData(integration: IntegrationRow, event: AlertEventRow, batch: AlertBatch, items: Touched[], incident: IncidentOutcome | null): Record<string, unknown> {
  const count = (a: Touched['action']) => items.filter((t) => t.action === a).length;
  return {
    kind: 'alert',
    eventId: event.id,
    integration: { id: integration.id, name: integration.name, kind: integration.kind },
    groupKey: batch.groupKey,
    counts: { new: count('trigger'), repeated: count('repeat'), acknowledged: count('acknowledge'), resolved: count('resolve') },
    alerts: items.slice(0, TIMELINE_ALERTS).map((t) => ({ id: t.alert.id, dedupKey: t.alert.dedup_key, title: t.alert.title, action: t.action, status: t.alert.status })),
    ...(items.length > TIMELINE_ALERTS ? { alertsLeftOut: items.length - TIMELINE_ALERTS } : {}),
    ...(incident ? { incident } : {}),
  };
}
