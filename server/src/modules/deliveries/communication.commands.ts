import { randomUUID } from 'node:crypto';
import type { Communication, CommunicationCreate, Locale, MessageIncident } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { IncidentRow } from '../../db/schema.js';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { getVisibleIncidentRow } from '../incidents/index.js';
import { appendTimeline } from '../timeline/index.js';
import { getIncidentType, stateOf } from '../types/index.js';
import { selectPublicComment, selectUserContact } from './communication.repo.js';
import { enqueueDelivery } from './delivery.commands.js';
import { selectStakeholderLists } from './stakeholder.repo.js';

export const MAX_RECIPIENTS = 1_000;

type Recipient = { email: string; name?: string; locale: Locale; audience: string };

/** The incident as a message names it, with its state in the recipient's language. */
export async function messageIncident(tx: Tx, baseUrl: string, row: IncidentRow, locale: Locale): Promise<MessageIncident> {
  const type = await getIncidentType(tx, row.type_id);
  const label = type ? stateOf(type.workflow, row.state)?.label : undefined;
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    priority: row.priority,
    severity: row.severity,
    state: label?.[locale] ?? label?.en ?? row.state,
    url: `${baseUrl}/incidents/${encodeURIComponent(row.number)}`,
  };
}

async function reporterRecipient(tx: Tx, incident: IncidentRow): Promise<Recipient> {
  if (incident.reporter_id) {
    const user = await selectUserContact(tx, incident.reporter_id);
    if (user?.active) return { email: user.email, name: user.name, locale: user.locale, audience: 'reporter' };
  }
  const contact = incident.reporter_contact;
  if (contact?.email) return { email: contact.email, ...(contact.name ? { name: contact.name } : {}), locale: 'en', audience: 'reporter' };
  throw new AppError('unprocessable', 'The reporter has no email address to send to', [{ path: 'body.audience.reporter', message: 'the reporter has no email address' }]);
}

/**
 * Sends a public update on an incident by email to its reporter and to named stakeholder lists:
 * one delivery per address, one `communication.sent` timeline event listing them, one audit record.
 * The text is a public comment of the incident or written here.
 */
export async function sendCommunication(deps: Deps, actor: Actor, ref: string, input: CommunicationCreate): Promise<Communication> {
  requireRole(actor, 'admin', 'manager', 'agent');
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const incident = await getVisibleIncidentRow(tx, actor, ref);
    if (!incident) throw notFound('Incident');
    let body = input.body ?? '';
    if (input.commentId) {
      const comment = await selectPublicComment(tx, incident.id, input.commentId);
      if (!comment) throw new AppError('validation_failed', 'commentId is not a public comment of this incident', [{ path: 'body.commentId', message: 'is not a public comment of this incident' }]);
      body = comment.body;
    }
    const recipients: Recipient[] = [];
    if (input.audience.reporter) recipients.push(await reporterRecipient(tx, incident));
    const listIds = [...new Set(input.audience.stakeholderListIds)];
    const lists = await selectStakeholderLists(tx, { ids: listIds });
    const missing = listIds.filter((id) => !lists.some((l) => l.id === id));
    if (missing.length > 0) {
      throw new AppError('validation_failed', 'Some stakeholder lists do not exist', missing.map((id) => ({ path: `body.audience.stakeholderListIds.${input.audience.stakeholderListIds.indexOf(id)}`, message: 'is not a stakeholder list' })));
    }
    for (const list of lists) for (const email of list.emails) recipients.push({ email, locale: list.locale, audience: `stakeholder_list:${list.id}` });
    const seen = new Set<string>();
    const unique = recipients.filter((r) => !seen.has(r.email.toLowerCase()) && seen.add(r.email.toLowerCase()));
    if (unique.length > MAX_RECIPIENTS) throw new AppError('validation_failed', `At most ${MAX_RECIPIENTS} recipients per message`, [{ path: 'body.audience', message: `names ${unique.length} addresses` }]);

    const communicationId = randomUUID();
    const author = actor.userId ? (await selectUserContact(tx, actor.userId))?.name : undefined;
    const views = new Map<Locale, MessageIncident>();
    const sent: Communication['recipients'] = [];
    for (const r of unique) {
      if (!views.has(r.locale)) views.set(r.locale, await messageIncident(tx, deps.config.baseUrl, incident, r.locale));
      const { id } = await enqueueDelivery(tx, now, {
        channel: 'email',
        target: r.email,
        incidentId: incident.id,
        eventKind: 'communication.public_update',
        payload: { message: { kind: 'communication.public_update', incident: views.get(r.locale)!, body, ...(author ? { author } : {}) }, locale: r.locale, ...(r.name ? { name: r.name } : {}) },
        idempotencyKey: `communication:${communicationId}:${r.email.toLowerCase()}`,
        createdBy: actor.userId,
      });
      sent.push({ email: r.email, audience: r.audience, deliveryId: id });
    }
    const data = { communicationId, commentId: input.commentId ?? null, body, audience: { reporter: input.audience.reporter, stakeholderListIds: listIds }, recipients: sent };
    const timelineEventId = await appendTimeline(tx, actor, now, incident.id, 'communication.sent', data, 'internal');
    await appendAudit(tx, actor, now, { entityType: 'communication', entityId: communicationId, action: 'send', after: { incidentId: incident.id, number: incident.number, ...data } });
    return { id: communicationId, incidentId: incident.id, timelineEventId, recipients: sent };
  });
}
