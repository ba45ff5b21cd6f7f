import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { createPerson, postIncident, setupIncidentWorld, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { notificationJobs } from '../notifications/index.js';

describe('watchers and assignees are kept informed', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let watcher: Person;
  const inbox = async (userId: string) => {
    const worker = createWorker({ deps: ctx.deps, registry: createJobRegistry(notificationJobs) });
    while ((await worker.runOnce()) > 0);
    return ctx.deps.db.selectFrom('notifications').select(['kind', 'title', 'incident_id']).where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    watcher = await createPerson(ctx.deps, 'agent', { name: 'Wanda Watcher' });
  });
  afterAll(() => ctx.close());

  it('tells a new assignee, but not someone who assigns themself', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const other = await createPerson(ctx.deps, 'agent', { name: 'Otto Other' });
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${inc.id}`, headers: { ...staff.agent.headers, 'if-match': '"1"' }, payload: { assigneeId: other.id } });
    expect(await inbox(other.id)).toEqual([{ kind: 'assigned', title: `${inc.number} is assigned to you`, incident_id: inc.id }]);
    await ctx.app.inject({ method: 'PATCH', url: `/api/v1/incidents/${inc.id}`, headers: { ...staff.agent.headers, 'if-match': '"2"' }, payload: { assigneeId: staff.agent.id } });
    expect(await inbox(staff.agent.id)).toEqual([]);
  });

  it('tells watchers of status changes, acknowledgement and comments, and reporters only of public ones', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/incidents/${inc.id}/watchers/${watcher.id}`, headers: staff.agent.headers });
    await ctx.app.inject({ method: 'PUT', url: `/api/v1/incidents/${inc.id}/watchers/${staff.reporter.id}`, headers: staff.agent.headers });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/acknowledge`, headers: staff.agent.headers });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/comments`, headers: staff.agent.headers, payload: { body: 'Checking the logs', visibility: 'internal' } });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/comments`, headers: staff.agent.headers, payload: { body: 'We are on it', visibility: 'public' } });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${inc.id}/transitions`, headers: staff.agent.headers, payload: { to: 'investigating' } });
    // All four are dispatched at the same (test) time, so their order is not defined: compare as sets.
    expect((await inbox(watcher.id)).map((n) => n.kind).sort()).toEqual(['acknowledged', 'info', 'info', 'info']);
    const reporterTitles = (await inbox(staff.reporter.id)).map((n) => n.title).sort();
    expect(reporterTitles).toEqual([`${inc.number} is now investigating`, `${inc.number} was acknowledged`, `New reply on ${inc.number}`].sort());
    expect(await inbox(staff.agent.id)).toEqual([]);
  });
});
