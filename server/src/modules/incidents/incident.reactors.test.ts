import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { auditOf, postIncident, setupIncidentWorld, teamIdBySlug, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import type { IncidentChange, IncidentReactor } from '../../platform/context.js';
import { updateIncidentRow } from './incident.repo.js';

describe('incident reactors and acknowledge', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let seen: IncidentChange[];
  const recorder: IncidentReactor = { name: 'recorder', react: async (_tx, _deps, change) => void seen.push(change) };
  const setReactors = (list: IncidentReactor[]) => ((ctx.deps as { reactors: readonly IncidentReactor[] }).reactors = list);
  const ack = (ref: string, headers: Record<string, string>) => ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${ref}/acknowledge`, headers });

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
  });
  beforeEach(() => {
    seen = [];
    setReactors([recorder]);
  });
  afterAll(() => ctx.close());

  it('tells each reactor what a command changed, inside its transaction', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ kind: 'created', before: null, incident: { id: inc.id, state: 'new' }, actor: { userId: staff.agent.id } });
    expect(seen[0]!.changedFields).toEqual(expect.arrayContaining(['state', 'priority', 'team_id']));

    const patched = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${inc.id}`, headers: { ...staff.agent.headers, 'if-match': '"1"' }, payload: { title: 'Mail relay down again' } });
    expect(patched.statusCode).toBe(200);
    expect(seen[1]).toMatchObject({ kind: 'updated', before: { title: inc.title }, incident: { title: 'Mail relay down again' } });
    expect(seen[1]!.changedFields).toEqual(expect.arrayContaining(['title', 'version', 'updated_at']));
    expect(seen[1]!.changedFields).not.toContain('state');

    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/comments`, headers: staff.agent.headers, payload: { body: 'Looking', visibility: 'public' } });
    expect(seen[2]).toMatchObject({ kind: 'commented', detail: { visibility: 'public' } });

    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, headers: staff.agent.headers, payload: { to: 'investigating' } });
    expect(seen[3]).toMatchObject({ kind: 'transitioned', before: { state: 'new' }, incident: { state: 'investigating' }, detail: { transition: 'investigate' } });
  });

  it('answers with the row as the reactors left it, and rolls everything back when one fails', async () => {
    const securityTeam = await teamIdBySlug(ctx.deps, 'security');
    setReactors([
      { name: 'route', react: async (tx, deps, change) => void (change.kind === 'created' && (await updateIncidentRow(tx, change.incident.id, { team_id: securityTeam, updated_at: deps.clock.now() }))) },
      recorder,
    ]);
    const routed = await postIncident(ctx.app, staff.agent.headers);
    expect(routed.team?.id).toBe(securityTeam);
    expect(seen[0]!.incident.team_id).toBe(securityTeam);

    setReactors([{ name: 'broken', react: async () => { throw new Error('reactor failed'); } }]);
    const before = await ctx.deps.db.selectFrom('incidents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/incidents', headers: staff.agent.headers, payload: { type: 'it-outage', title: 'Never stored', severity: 'low', impact: 'low', urgency: 'low' } });
    expect(res.statusCode).toBe(500);
    const after = await ctx.deps.db.selectFrom('incidents').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('acknowledges once, with a timeline event, an audit record and a reactor call; a repeat changes nothing', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    seen = [];
    ctx.deps.clock.set('2026-06-01T10:00:00Z');
    const first = await ack(inc.id, staff.agent.headers);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ acknowledgedAt: '2026-06-01T10:00:00.000Z', state: { key: 'new' }, version: 2 });
    expect((await timelineOf(ctx.deps, inc.id)).at(-1)).toMatchObject({ type: 'incident.acknowledged', visibility: 'public', data: { source: 'api', version: 2 } });
    expect((await auditOf(ctx.deps, inc.id)).at(-1)).toMatchObject({ action: 'acknowledge', before: { acknowledgedAt: null, version: 1 }, after: { acknowledgedAt: '2026-06-01T10:00:00.000Z', version: 2 } });
    expect(seen).toMatchObject([{ kind: 'acknowledged', detail: { source: 'api' } }]);

    ctx.deps.clock.set('2026-06-01T10:05:00Z');
    const again = await ack(inc.number, staff.manager.headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ acknowledgedAt: '2026-06-01T10:00:00.000Z', version: 2 });
    expect(seen).toHaveLength(1);
  });

  it('refuses reporters, auditors, and invisible incidents; a late acknowledge of a closed incident changes nothing', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    expect((await ack(inc.id, staff.reporter.headers)).json().error.code).toBe('forbidden');
    expect((await ack(inc.id, staff.auditor.headers)).statusCode).toBe(403);
    expect((await ack('INC-1999-000001', staff.agent.headers)).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/acknowledge` })).statusCode).toBe(401);

    const done = await postIncident(ctx.app, staff.agent.headers);
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${done.id}/transitions`, headers: staff.agent.headers, payload: { to: 'closed', comment: 'Duplicate of a known ticket' } });
    const closed = await ack(done.id, staff.agent.headers);
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ state: { category: 'closed' }, version: 2 });
  });
});
