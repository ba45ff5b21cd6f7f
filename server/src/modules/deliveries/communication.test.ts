import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, createIncidentAs, setupIncidentWorld, teamIdBySlug, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { deliveryWorker, startSmtpReceiver } from './delivery.test-support.js';

describe('stakeholder communication', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    ctx = await createTestApp({ smtpUrl: smtp.url, baseUrl: 'https://vigil.example.org' });
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  async function createList(payload: Record<string, unknown>, headers = staff.manager.headers) {
    return ctx.app.inject({ method: 'POST', url: '/api/v1/stakeholder-lists', headers, payload });
  }

  it('keeps stakeholder lists per team (managers and admins), with unique names, audited', async () => {
    const team = await teamIdBySlug(ctx.deps, 'it-operations');
    const res = await createList({ teamId: team, name: 'Leadership', emails: ['cio@example.org', 'CIO@example.org', 'coo@example.org'] });
    expect(res.statusCode, res.body).toBe(201);
    const list = res.json();
    expect(list).toMatchObject({ team: { id: team }, name: 'Leadership', emails: ['cio@example.org', 'coo@example.org'], locale: 'en' });
    expect((await createList({ teamId: team, name: 'leadership', emails: ['x@example.org'] })).json().error.code).toBe('already_exists');
    expect((await createList({ teamId: team, name: 'Other', emails: ['x@example.org'] }, staff.agent.headers)).statusCode).toBe(403);
    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/stakeholder-lists/${list.id}`, headers: staff.manager.headers, payload: { emails: ['cio@example.org'] } });
    expect(patched.json().emails).toEqual(['cio@example.org']);
    const seen = await ctx.app.inject({ method: 'GET', url: `/api/v1/stakeholder-lists?teamId=${team}`, headers: staff.agent.headers });
    expect(seen.json().items.map((l: { id: string }) => l.id)).toEqual([list.id]);
    const del = await ctx.app.inject({ method: 'DELETE', url: `/api/v1/stakeholder-lists/${list.id}`, headers: staff.admin.headers });
    expect(del.statusCode).toBe(204);
    expect((await auditOf(ctx.deps, list.id)).map((a) => [a.action, a.actor_id])).toEqual([
      ['create', staff.manager.id],
      ['update', staff.manager.id],
      ['delete', staff.admin.id],
    ]);
  });

  it('emails a public comment to the reporter and named lists, each in its language, on the timeline and audited', async () => {
    const team = await teamIdBySlug(ctx.deps, 'it-operations');
    const en = (await createList({ teamId: team, name: 'Customers', emails: ['a@customer.example', 'b@customer.example'] })).json();
    const de = (await createList({ teamId: team, name: 'Werk Hamburg', emails: ['leitung@werk.example', 'a@customer.example'], locale: 'de' })).json();
    const incident = await createIncidentAs(ctx.deps, staff.reporter.id, { title: 'Mail outage' });
    const comment = (await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/comments`, headers: staff.agent.headers, payload: { body: 'Mail flows again since 10:05.', visibility: 'public' } })).json();

    const res = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${incident.number}/communications`,
      headers: staff.agent.headers,
      payload: { commentId: comment.id, audience: { reporter: true, stakeholderListIds: [en.id, de.id] } },
    });
    expect(res.statusCode, res.body).toBe(202);
    const sent = res.json();
    expect(sent.recipients.map((r: { email: string; audience: string }) => [r.email, r.audience])).toEqual([
      [staff.reporter.email, 'reporter'],
      ['a@customer.example', `stakeholder_list:${en.id}`],
      ['b@customer.example', `stakeholder_list:${en.id}`],
      ['leitung@werk.example', `stakeholder_list:${de.id}`],
    ]);

    const events = (await timelineOf(ctx.deps, incident.id)).filter((e) => e.type === 'communication.sent');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ id: sent.timelineEventId, actor_id: staff.agent.id, visibility: 'internal', data: { communicationId: sent.id, commentId: comment.id, body: 'Mail flows again since 10:05.' } });
    expect((events[0]!.data as { recipients: unknown[] }).recipients).toHaveLength(4);
    const [record] = await auditOf(ctx.deps, sent.id);
    expect(record).toMatchObject({ entity_type: 'communication', action: 'send', actor_id: staff.agent.id, after: { incidentId: incident.id, number: incident.number } });

    await deliveryWorker(ctx.deps).drain();
    const subjects = new Map(smtp.mails.map((m) => [m.to && !Array.isArray(m.to) ? m.to.value[0]!.address : '', m.subject]));
    expect(subjects.get(staff.reporter.email)).toBe(`[${incident.number}] Update: Mail outage`);
    expect(subjects.get('a@customer.example')).toBe(`[${incident.number}] Update: Mail outage`);
    expect(subjects.get('leitung@werk.example')).toBe(`[${incident.number}] Aktualisierung: Mail outage`);
    expect(smtp.mails.every((m) => m.text?.includes('Mail flows again since 10:05.'))).toBe(true);
    const statuses = await ctx.deps.db.selectFrom('deliveries').select('status').where('incident_id', '=', incident.id).execute();
    expect(statuses.map((s) => s.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
  });

  it('refuses internal comments, unknown lists, reporters and auditors as senders, and invisible incidents', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    const internal = (await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/comments`, headers: staff.agent.headers, payload: { body: 'secret', visibility: 'internal' } })).json();
    const send = (payload: unknown, headers = staff.agent.headers, ref = incident.id) => ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${ref}/communications`, headers, payload: payload as object });
    expect((await send({ commentId: internal.id, audience: { reporter: true } })).json().error).toMatchObject({ code: 'validation_failed', details: [{ path: 'body.commentId' }] });
    expect((await send({ body: 'x', audience: { stakeholderListIds: ['00000000-0000-4000-8000-000000000000'] } })).json().error.code).toBe('validation_failed');
    expect((await send({ body: 'x', audience: {} })).statusCode).toBe(400);
    expect((await send({ body: 'x', commentId: internal.id, audience: { reporter: true } })).statusCode).toBe(400);
    expect((await send({ body: 'x', audience: { reporter: true } }, staff.reporter.headers)).statusCode).toBe(403);
    expect((await send({ body: 'x', audience: { reporter: true } }, staff.auditor.headers)).statusCode).toBe(403);
    expect((await send({ body: 'x', audience: { reporter: true } }, staff.agent.headers, 'INC-2026-999999')).statusCode).toBe(404);
    expect((await timelineOf(ctx.deps, incident.id)).filter((e) => e.type === 'communication.sent')).toEqual([]);
  });
});
