import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser } from '../../../test/factories/directory.js';
import { createIncidentType, insertIncidentRow } from '../../../test/factories/types.js';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { systemActor, type Actor } from '../../platform/context.js';
import { updateIncidentType } from './type.commands.js';
import { installTypePack, installTypePacks } from './type.install.js';
import { loadTypePacks, type TypePack } from './type.packs.js';
import { getIncidentType } from './type.queries.js';

describe('type pack install', () => {
  let ctx: TestContext;
  let admin: Actor;
  beforeAll(async () => {
    ctx = await createTestDeps();
    const user = await createUser(ctx.deps, { role: 'admin' });
    admin = { ...systemActor, kind: 'user', userId: user.id, role: 'admin' };
  });
  afterAll(() => ctx.close());

  const db = () => ctx.deps.db;
  const audit = (entityType: string) => db().selectFrom('audit_log').selectAll().where('entity_type', '=', entityType).orderBy('seq').execute();
  const pack = (key: string): TypePack => structuredClone(loadTypePacks().find((p) => p.type.key === key)!);
  const install = (p: TypePack) => db().transaction().execute((tx) => installTypePack(tx, p, systemActor, ctx.deps.clock.now()));

  it('installs every pack with its team, idempotently, even when two processes boot at once', async () => {
    const teamsBefore = (await audit('team')).length;
    await Promise.all([installTypePacks(ctx.deps), installTypePacks(ctx.deps)]);
    const types = await db().selectFrom('incident_types').innerJoin('teams', 'teams.id', 'incident_types.default_team_id').select(['key', 'prefix', 'pack', 'pack_version', 'teams.slug', 'version']).orderBy('key').execute();
    expect(types).toEqual([
      { key: 'data-breach', prefix: 'DPB', pack: 'data-breach', pack_version: 1, slug: 'data-protection', version: 1 },
      { key: 'facility-fault', prefix: 'FAC', pack: 'facility-fault', pack_version: 1, slug: 'facilities', version: 1 },
      { key: 'it-outage', prefix: 'INC', pack: 'it-outage', pack_version: 1, slug: 'it-operations', version: 1 },
      { key: 'quality-deviation', prefix: 'QD', pack: 'quality-deviation', pack_version: 1, slug: 'quality', version: 1 },
      { key: 'security', prefix: 'SEC', pack: 'security', pack_version: 1, slug: 'security', version: 1 },
    ]);
    const installs = await audit('incident_type');
    expect(installs.map((a) => a.action)).toEqual(['install', 'install', 'install', 'install', 'install']);
    expect(installs[0]).toMatchObject({ actor_type: 'system', before: null, after: { key: 'it-outage', pack: 'it-outage', packVersion: 1 } });
    const teamAudit = (await audit('team')).slice(teamsBefore);
    expect(teamAudit.map((a) => (a.after as { slug: string }).slug).sort()).toEqual(['data-protection', 'facilities', 'it-operations', 'quality', 'security']);

    const seqBefore = (await db().selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq;
    await installTypePacks(ctx.deps);
    expect((await db().selectFrom('audit_head').select('seq').executeTakeFirstOrThrow()).seq).toBe(seqBefore);
    expect((await getIncidentType(db(), 'data-breach'))?.requiredFields).toEqual(['became_aware_at']);
  });

  it('uses a team that already has the slug instead of creating one', async () => {
    const team = await createTeam(ctx.deps, { slug: 'night-shift', name: 'Night shift' });
    const p = pack('it-outage');
    Object.assign(p, { pack: 'night-outage', team: { slug: 'night-shift', name: 'Other name', description: '' } });
    Object.assign(p.type, { key: 'night-outage', prefix: 'NIGHT' });
    const teamAudits = (await audit('team')).length;
    expect(await install(p)).toEqual({ outcome: 'installed' });
    expect((await getIncidentType(db(), 'night-outage'))?.defaultTeamId).toBe(team.id);
    expect(await audit('team')).toHaveLength(teamAudits);
  });

  it('upgrades a type still as shipped when the pack version rises, and audits before and after', async () => {
    const p = pack('facility-fault');
    p.packVersion = 2;
    p.type.name = { en: 'Building fault', de: 'Gebäudeschaden' };
    expect(await install(p)).toEqual({ outcome: 'upgraded' });
    const type = await getIncidentType(db(), 'facility-fault');
    expect(type).toMatchObject({ name: { en: 'Building fault' }, packVersion: 2, version: 2, customizedAt: null });
    const last = (await audit('incident_type')).at(-1)!;
    expect(last).toMatchObject({ action: 'upgrade', entity_id: type!.id, before: { name: { en: 'Facility fault' }, packVersion: 1 }, after: { name: { en: 'Building fault' }, packVersion: 2 } });
    expect(await install(p)).toEqual({ outcome: 'unchanged' });
  });

  it('never overwrites a type an admin has edited', async () => {
    const edited = await updateIncidentType(db(), admin, ctx.deps.clock.now(), 'it-outage', 1, { name: { en: 'Our outages' } });
    expect(edited.customizedAt).not.toBeNull();
    const p = pack('it-outage');
    p.packVersion = 2;
    expect(await install(p)).toEqual({ outcome: 'customized' });
    expect(await getIncidentType(db(), 'it-outage')).toMatchObject({ name: { en: 'Our outages' }, packVersion: 1, version: 2 });
  });

  it('leaves alone a type of the same key made elsewhere, and a prefix in use', async () => {
    const own = await createIncidentType(ctx.deps, { key: 'our-own-type' });
    const p = pack('security');
    Object.assign(p.type, { key: 'our-own-type', prefix: 'OWNX' });
    expect(await install(p)).toMatchObject({ outcome: 'conflict' });
    expect((await getIncidentType(db(), 'our-own-type'))?.version).toBe(own.version);

    const q = pack('security');
    Object.assign(q, { pack: 'second-security' });
    Object.assign(q.type, { key: 'second-security' });
    expect(await install(q)).toEqual({ outcome: 'conflict', reason: 'prefix SEC is used by type "security"' });
    expect(await getIncidentType(db(), 'second-security')).toBeNull();
  });

  it('does not upgrade when the new version would drop a state that incidents are in', async () => {
    const type = (await getIncidentType(db(), 'quality-deviation'))!;
    await insertIncidentRow(db(), type, 'waiting_for_supplier', 7);
    const p = pack('quality-deviation');
    p.packVersion = 2;
    p.type.workflow.states = p.type.workflow.states.filter((s) => s.key !== 'waiting_for_supplier');
    p.type.workflow.transitions = p.type.workflow.transitions.filter((t) => t.to !== 'waiting_for_supplier' && !t.from.includes('waiting_for_supplier'));
    expect(await install(p)).toEqual({ outcome: 'conflict', reason: 'the upgrade changes states incidents are in: waiting_for_supplier (1)' });
    expect((await getIncidentType(db(), 'quality-deviation'))?.packVersion).toBe(1);
  });
});
