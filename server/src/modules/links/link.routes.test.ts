import type { IncidentLink } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { auditOf, createIncidentAs, createPerson, setupIncidentWorld, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import type { IncidentRow } from '../../db/schema.js';

describe('incident links over HTTP', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let outsider: Person;
  let a: IncidentRow;
  let b: IncidentRow;
  let secret: IncidentRow;

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    outsider = await createPerson(ctx.deps, 'agent', { name: 'Outsider' });
    a = await createIncidentAs(ctx.deps, staff.reporter.id, { title: 'VPN down in Berlin' });
    b = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'VPN down everywhere' });
    secret = await createIncidentAs(ctx.deps, staff.admin.id, { type: 'security', title: 'Stolen VPN credentials', detectedAt: '2026-01-10T08:00:00Z' });
  });
  afterAll(() => ctx.close());

  const link = (who: Person, from: string, payload: unknown) => ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${from}/links`, headers: who.headers, payload: payload as object });
  const list = async (who: Person, ref: string) => {
    const res = await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${ref}/links`, headers: who.headers });
    expect(res.statusCode).toBe(200);
    return (res.json() as { items: IncidentLink[] }).items;
  };
  const unlink = (who: Person, ref: string, linkId: string) => ctx.app.inject({ method: 'DELETE', url: `/api/v1/incidents/${ref}/links/${linkId}`, headers: who.headers });
  const eventsOf = async (incidentId: string, type: string) => (await timelineOf(ctx.deps, incidentId)).filter((e) => e.type === type);

  it('links two incidents by number, shows the link from both sides, and records it on both timelines', async () => {
    const res = await link(staff.agent, a.id, { to: b.number, kind: 'duplicate_of' });
    expect(res.statusCode).toBe(201);
    const created = res.json() as IncidentLink;
    expect(created).toMatchObject({ kind: 'duplicate_of', direction: 'outgoing', incident: { id: b.id, number: b.number, title: 'VPN down everywhere', state: b.state }, createdBy: { id: staff.agent.id, name: 'The agent' } });

    expect(await list(staff.agent, a.number)).toEqual([created]);
    const fromB = await list(staff.manager, b.id);
    expect(fromB).toHaveLength(1);
    expect(fromB[0]).toMatchObject({ id: created.id, kind: 'duplicate_of', direction: 'incoming', incident: { id: a.id, number: a.number, title: 'VPN down in Berlin', state: a.state, stateCategory: a.state_category } });

    expect(await eventsOf(a.id, 'link.added')).toMatchObject([{ actor_id: staff.agent.id, visibility: 'internal', data: { linkId: created.id, kind: 'duplicate_of', direction: 'outgoing', incidentId: b.id, number: b.number } }]);
    expect(await eventsOf(b.id, 'link.added')).toMatchObject([{ actor_id: staff.agent.id, data: { linkId: created.id, kind: 'duplicate_of', direction: 'incoming', incidentId: a.id, number: a.number } }]);
    const audit = await auditOf(ctx.deps, created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'incident_link', action: 'create', actor_id: staff.agent.id, before: null, after: { id: created.id, kind: 'duplicate_of', fromId: a.id, fromNumber: a.number, toId: b.id, toNumber: b.number } });
  });

  it('refuses a self-link (422), the same link twice and a related link the other way (409 already_exists), a directed link reversed (409 conflict)', async () => {
    const self = await link(staff.agent, a.id, { to: a.number, kind: 'related' });
    expect(self.statusCode).toBe(422);
    expect(self.json().error.code).toBe('unprocessable');

    const again = await link(staff.manager, a.number, { to: b.id, kind: 'duplicate_of' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_exists');
    const reversed = await link(staff.manager, b.id, { to: a.id, kind: 'duplicate_of' });
    expect(reversed.statusCode).toBe(409);
    expect(reversed.json().error.code).toBe('conflict');

    expect((await link(staff.agent, a.id, { to: b.id, kind: 'related' })).statusCode).toBe(201);
    const relatedBack = await link(staff.agent, b.id, { to: a.id, kind: 'related' });
    expect(relatedBack.statusCode).toBe(409);
    expect(relatedBack.json().error.code).toBe('already_exists');

    expect((await link(staff.agent, b.id, { to: a.id, kind: 'caused_by' })).statusCode).toBe(201);
    expect((await list(staff.agent, a.id)).map((l) => `${l.kind}:${l.direction}`)).toEqual(['duplicate_of:outgoing', 'related:outgoing', 'caused_by:incoming']);
  });

  it('refuses bad input with 4xx codes', async () => {
    expect((await link(staff.agent, a.id, { to: b.id, kind: 'blocks' })).statusCode).toBe(400);
    expect((await link(staff.agent, a.id, { kind: 'related' })).statusCode).toBe(400);
    const unknown = await link(staff.agent, a.id, { to: 'INC-1999-000001', kind: 'related' });
    expect(unknown.statusCode).toBe(422);
    expect((await link(staff.agent, 'INC-1999-000001', { to: a.id, kind: 'related' })).statusCode).toBe(404);
    expect((await link(staff.agent, 'no such thing', { to: a.id, kind: 'related' })).statusCode).toBe(404);
  });

  it('leaves out links whose other end the caller may not see, and will not link or unlink through them', async () => {
    const res = await link(staff.admin, a.id, { to: secret.number, kind: 'caused_by' });
    expect(res.statusCode).toBe(201);
    const toSecret = res.json() as IncidentLink;
    expect((await list(staff.admin, a.id)).map((l) => l.id)).toContain(toSecret.id);
    expect((await list(staff.auditor, a.id)).map((l) => l.id)).toContain(toSecret.id);
    const seenByOutsider = await list(outsider, a.id);
    expect(seenByOutsider.length).toBeGreaterThan(0);
    expect(seenByOutsider.map((l) => l.incident.id)).not.toContain(secret.id);

    const refused = await link(outsider, b.id, { to: secret.id, kind: 'related' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.message).not.toContain('Stolen');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${secret.id}/links`, headers: outsider.headers })).statusCode).toBe(404);
    const hiddenDelete = await unlink(outsider, a.id, toSecret.id);
    expect(hiddenDelete.statusCode).toBe(404);

    // a's timeline names the restricted incident by number for the admin, not for the outsider
    const timeline = async (who: typeof outsider) =>
      ((await ctx.app.inject({ method: 'GET', url: `/api/v1/incidents/${a.id}/timeline`, headers: who.headers })).json() as { items: Array<{ type: string; data: Record<string, unknown> }> }).items.filter(
        (e) => e.type === 'link.added' && e.data.incidentId === secret.id,
      );
    expect((await timeline(staff.admin))[0]?.data.number).toBe(secret.number);
    const outsiderView = await timeline(outsider);
    expect(outsiderView).toHaveLength(1);
    expect(outsiderView[0]?.data.number).toBeNull();
    expect(JSON.stringify(outsiderView)).not.toContain(secret.number);
    expect((await list(staff.admin, a.id)).map((l) => l.id)).toContain(toSecret.id);
  });

  it('lets only agents, managers and admins link; reporters and auditors get 403', async () => {
    for (const who of [staff.reporter, staff.auditor]) {
      const res = await link(who, a.id, { to: b.id, kind: 'related' });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    const someLink = (await list(staff.agent, a.id))[0]!;
    expect((await unlink(staff.reporter, a.id, someLink.id)).statusCode).toBe(403);
    expect((await unlink(staff.auditor, a.id, someLink.id)).statusCode).toBe(403);
  });

  it('removes a link from either end, with link.removed on both timelines and an audit record', async () => {
    const [dup] = (await list(staff.manager, b.id)).filter((l) => l.kind === 'duplicate_of');
    expect(dup).toBeDefined();
    const res = await unlink(staff.manager, b.number, dup!.id);
    expect(res.statusCode).toBe(204);
    expect((await list(staff.manager, a.id)).map((l) => l.id)).not.toContain(dup!.id);
    expect((await list(staff.manager, b.id)).map((l) => l.id)).not.toContain(dup!.id);

    expect(await eventsOf(a.id, 'link.removed')).toMatchObject([{ actor_id: staff.manager.id, data: { linkId: dup!.id, kind: 'duplicate_of', direction: 'outgoing', incidentId: b.id, number: b.number } }]);
    expect(await eventsOf(b.id, 'link.removed')).toMatchObject([{ actor_id: staff.manager.id, data: { linkId: dup!.id, kind: 'duplicate_of', direction: 'incoming', incidentId: a.id, number: a.number } }]);
    const audit = await auditOf(ctx.deps, dup!.id);
    expect(audit.map((r) => r.action)).toEqual(['create', 'delete']);
    expect(audit[1]).toMatchObject({ actor_id: staff.manager.id, after: null, before: { id: dup!.id, kind: 'duplicate_of', fromId: a.id, toId: b.id } });

    expect((await unlink(staff.manager, b.id, dup!.id)).statusCode).toBe(404);
    const c = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'Unrelated' });
    const [related] = (await list(staff.agent, a.id)).filter((l) => l.kind === 'related');
    expect((await unlink(staff.agent, c.id, related!.id)).statusCode).toBe(404);
  });
});
