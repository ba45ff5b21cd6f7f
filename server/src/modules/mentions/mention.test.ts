import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { createPerson, postIncident, setupIncidentWorld, type Person, type Staff } from '../../../test/factories/incidents.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { notificationJobs } from '../notifications/index.js';
import { mentionedNames } from './mention.parse.js';

describe('mentions in comments', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let priya: Person;
  const comment = (ref: string, headers: Record<string, string>, body: string, visibility: 'internal' | 'public') =>
    ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${ref}/comments`, headers, payload: { body, visibility } });
  const mentionsOf = async (userId: string) => {
    const worker = createWorker({ deps: ctx.deps, registry: createJobRegistry(notificationJobs) });
    while ((await worker.runOnce()) > 0);
    return ctx.deps.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).where('kind', '=', 'mentioned').execute();
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    priya = await createPerson(ctx.deps, 'agent', { name: 'Priya Raman' });
  });
  afterAll(() => ctx.close());

  it('finds whole names after an @ only', () => {
    const people = [{ name: 'Ann Lee' }, { name: 'Anna Schäfer' }, { name: 'Bo' }];
    expect(mentionedNames('Thanks @ann lee, and (@Anna Schäfer)!', people).map((p) => p.name)).toEqual(['Ann Lee', 'Anna Schäfer']);
    expect(mentionedNames('mail@Bo.example and @Bob', people)).toEqual([]);
  });

  it('notifies a mentioned colleague once, with the incident and an excerpt, but not the author', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const res = await comment(inc.id, staff.agent.headers, `@Priya Raman can you check the relay? @${staff.agent.name}`, 'internal');
    expect(res.statusCode).toBe(201);
    const got = await mentionsOf(priya.id);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ incident_id: inc.id, urgency: 'low', body: `@Priya Raman can you check the relay? @${staff.agent.name}` });
    expect(got[0]!.title).toContain(inc.number);
    expect(await mentionsOf(staff.agent.id)).toHaveLength(0);
  });

  it('never tells a reporter about an internal note, only about a public reply on their incident', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    await comment(inc.id, staff.agent.headers, `Internal: @${staff.reporter.name} sent the wrong log`, 'internal');
    expect(await mentionsOf(staff.reporter.id)).toHaveLength(0);
    await comment(inc.id, staff.agent.headers, `@${staff.reporter.name} could you send the full log?`, 'public');
    expect(await mentionsOf(staff.reporter.id)).toHaveLength(1);
  });
});
