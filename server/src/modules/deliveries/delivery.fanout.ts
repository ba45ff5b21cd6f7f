import type { WebhookEventType } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { Deps } from '../../platform/context.js';
import { enqueueDelivery } from './delivery.commands.js';
import { selectSubscribedEndpoints } from './endpoint.repo.js';

/** Timeline event types that outbound webhooks publish, and the webhook type each becomes. */
const webhookTypeOf: Record<string, WebhookEventType> = {
  'incident.created': 'incident.created',
  'incident.field_changed': 'incident.updated',
  'incident.status_changed': 'incident.state_changed',
  'incident.assigned': 'incident.assigned',
  'incident.priority_changed': 'incident.priority_changed',
  'incident.acknowledged': 'incident.acknowledged',
  'incident.merged': 'incident.merged',
  'comment.added': 'comment.added',
  'communication.sent': 'communication.sent',
  'escalation.started': 'escalation.started',
  'escalation.step': 'escalation.step',
  'clock.warning': 'clock.warning',
  'clock.breached': 'clock.breached',
};

/**
 * The webhook type of a timeline event, or null when it is not published: internal comments never
 * leave the system.
 */
export function webhookTypeFor(timelineType: string, data: Record<string, unknown>): WebhookEventType | null {
  const type = webhookTypeOf[timelineType] ?? null;
  if (type === 'comment.added' && data.visibility !== 'public') return null;
  return type;
}

/** Event data as published: recipients' addresses of a communication stay inside. */
function publishedData(type: WebhookEventType, data: Record<string, unknown>): Record<string, unknown> {
  if (type !== 'communication.sent') return data;
  const { recipients, ...rest } = data;
  return { ...rest, recipientCount: Array.isArray(recipients) ? recipients.length : 0 };
}

async function selectEventForFanout(db: DbOrTx, eventId: number) {
  return db
    .selectFrom('timeline_events as e')
    .innerJoin('incidents as i', 'i.id', 'e.incident_id')
    .innerJoin('incident_types as t', 't.id', 'i.type_id')
    .leftJoin('users as u', 'u.id', 'e.actor_id')
    .select(['e.id', 'e.type', 'e.data', 'e.created_at', 'e.actor_id', 'u.name as actor_name'])
    .select([
      'i.id as incident_id',
      'i.number',
      'i.title',
      't.key as type_key',
      't.default_team_id as type_team_id',
      'i.state',
      'i.state_category',
      'i.priority',
      'i.severity',
      'i.restricted',
      'i.confidentiality',
      'i.source',
      'i.team_id',
      'i.assignee_id',
      'i.reported_at',
      'i.acknowledged_at',
      'i.resolved_at',
      'i.closed_at',
      'i.created_at as incident_created_at',
      'i.updated_at',
      'i.version',
    ])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
}

type FanoutEvent = NonNullable<Awaited<ReturnType<typeof selectEventForFanout>>>;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The Standard Webhooks body of an event: `{ type, timestamp, data: { incident, event } }`, a thin
 * incident (ids, state, priority; no description, custom fields or reporter contact) as it stands
 * when the event is fanned out (usually within a second; its `version` orders it), and the event
 * itself as the timeline recorded it.
 */
export function buildWebhookBody(baseUrl: string, type: WebhookEventType, e: FanoutEvent) {
  return {
    type,
    timestamp: e.created_at.toISOString(),
    data: {
      incident: {
        id: e.incident_id,
        number: e.number,
        url: `${baseUrl}/incidents/${encodeURIComponent(e.number)}`,
        title: e.title,
        type: e.type_key,
        state: e.state,
        stateCategory: e.state_category,
        priority: e.priority,
        severity: e.severity,
        restricted: e.restricted,
        confidentiality: e.confidentiality,
        source: e.source,
        teamId: e.team_id,
        assigneeId: e.assignee_id,
        reportedAt: e.reported_at.toISOString(),
        acknowledgedAt: iso(e.acknowledged_at),
        resolvedAt: iso(e.resolved_at),
        closedAt: iso(e.closed_at),
        createdAt: e.incident_created_at.toISOString(),
        updatedAt: e.updated_at.toISOString(),
        version: e.version,
      },
      event: {
        id: e.id,
        type: e.type,
        at: e.created_at.toISOString(),
        actor: e.actor_id ? { id: e.actor_id, name: e.actor_name ?? '' } : null,
        data: publishedData(type, e.data),
      },
    },
  };
}

/**
 * Turns one timeline event into one webhook delivery per enabled endpoint that subscribes to its
 * type and may see the incident; keyed by endpoint and event, so a repeated run adds nothing.
 */
export async function fanOutTimelineEvent(deps: Deps, eventId: number): Promise<number> {
  const event = await selectEventForFanout(deps.db, eventId);
  if (!event) return 0;
  const type = webhookTypeFor(event.type, event.data);
  if (!type) return 0;
  return deps.db.transaction().execute(async (tx) => {
    const endpoints = await selectSubscribedEndpoints(tx, type, { restricted: event.restricted, teamId: event.team_id, typeTeamId: event.type_team_id });
    if (endpoints.length === 0) return 0;
    const body = buildWebhookBody(deps.config.baseUrl, type, event);
    const now = deps.clock.now();
    let created = 0;
    for (const endpoint of endpoints) {
      const r = await enqueueDelivery(tx, now, { channel: 'webhook', target: endpoint.id, incidentId: event.incident_id, eventKind: type, payload: body, idempotencyKey: `webhook:${endpoint.id}:event:${event.id}` });
      if (r.created) created++;
    }
    return created;
  });
}
