import { solveChallenge, type PortalChallenge, type PortalForm, type PortalReportCreated, type PortalStatus, type PublicReportLink } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorFor, auditOf, createPerson, setupIncidentWorld, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import { buildFieldDefinition, createIncidentType } from '../../../test/factories/types.js';
import { createTestApp } from '../../../test/harness.js';
import { buildApp } from '../../platform/http/app.js';
import { createAuthenticator } from '../directory/index.js';
import { addComment } from '../incidents/index.js';
import { portalPolicy, type PortalPolicy } from './portal.policy.js';
import { createPortalRoutes } from './portal.routes.js';

type Ctx = Awaited<ReturnType<typeof createTestApp>>;
type Inject = FastifyInstance['inject'];

/** A quicker policy for most tests: easy proofs, small throttles. */
const testPolicy: PortalPolicy = { ...portalPolicy, difficulty: 8, perAddress: 6, perLink: 6 };

describe('public report portal', () => {
  let ctx: Ctx;
  let staff: Staff;
  let portal: FastifyInstance;
  let address = 0;
  /** Each test reports from its own address, so the per-address throttle is the throttle test's alone. */
  const nextAddress = () => `198.51.100.${++address}`;

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    portal = await buildApp({ deps: ctx.deps, authenticate: createAuthenticator(ctx.deps), api: [createPortalRoutes(testPolicy)] });
    await portal.ready();
  });
  afterAll(async () => {
    await portal.close();
    await ctx.close();
  });

  const setLink = (typeKey: string, body: unknown, headers = staff.admin.headers) =>
    ctx.app.inject({ method: 'PUT', url: `/api/v1/incident-types/${typeKey}/public-report`, headers, payload: body as object });
  const enable = async (typeKey: string): Promise<PublicReportLink> => {
    const res = await setLink(typeKey, { enabled: true });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as PublicReportLink;
  };
  const challenge = async (inject: Inject, slug: string, remoteAddress: string) => {
    const res = await inject({ method: 'GET', url: `/api/v1/portal/${slug}/challenge`, remoteAddress });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as PortalChallenge;
  };
  const solved = async (inject: Inject, slug: string, remoteAddress: string) => {
    const c = await challenge(inject, slug, remoteAddress);
    return { challenge: c.challenge, counter: await solveChallenge(c.nonce, c.difficulty) };
  };
  const report = (inject: Inject, slug: string, remoteAddress: string, body: Record<string, unknown>) =>
    inject({ method: 'POST', url: `/api/v1/portal/${slug}/reports`, remoteAddress, payload: body });
  const guestReport = (over: Record<string, unknown> = {}) => ({
    title: 'Water dripping from the ceiling',
    description: 'Second floor, next to the lifts.',
    location: 'Building B, 2nd floor',
    custom: { location: 'B2 lift lobby' },
    contact: { name: 'Erika Gast', email: 'erika@example.org', phone: '+49 30 1234567' },
    ...over,
  });
  const wait = () => ctx.deps.clock.advance(testPolicy.minFillMs + 1);

  it('lets admins only switch a link on, with a random unguessable slug, and audits it without the slug', async () => {
    expect((await setLink('facility-fault', { enabled: true }, staff.manager.headers)).statusCode).toBe(403);
    const before = await ctx.app.inject({ method: 'GET', url: '/api/v1/incident-types/facility-fault/public-report', headers: staff.admin.headers });
    expect(before.json()).toMatchObject({ enabled: false, slug: null, url: null });
    const link = await enable('facility-fault');
    expect(link.slug).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(link).toMatchObject({ enabled: true, url: `${ctx.deps.config.baseUrl}/report/${link.slug}`, type: { key: 'facility-fault' }, createdBy: { id: staff.admin.id } });
    const linkRow = await ctx.deps.db.selectFrom('public_report_links').select('id').where('slug', '=', link.slug!).executeTakeFirstOrThrow();
    const audit = await auditOf(ctx.deps, linkRow.id);
    expect(audit.map((a) => a.action)).toEqual(['create']);
    expect(audit[0]!.after).toEqual({ typeKey: 'facility-fault', enabled: true, slugHint: `${link.slug!.slice(0, 4)}…` });
    expect(JSON.stringify(audit)).not.toContain(link.slug!);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/public-report-links', headers: staff.admin.headers });
    expect((list.json() as { items: PublicReportLink[] }).items.map((l) => l.type.key)).toContain('facility-fault');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/public-report-links', headers: staff.agent.headers })).statusCode).toBe(403);
  });

  it('answers 404 for a disabled, regenerated or unknown link, on every public route', async () => {
    const link = await enable('it-outage');
    const slug = link.slug!;
    const ip = nextAddress();
    expect((await portal.inject({ method: 'GET', url: `/api/v1/portal/${slug}` })).statusCode).toBe(200);
    const proof = await solved(portal.inject.bind(portal), slug, ip);
    expect((await setLink('it-outage', { enabled: false })).json()).toMatchObject({ enabled: false, slug });
    for (const res of [
      await portal.inject({ method: 'GET', url: `/api/v1/portal/${slug}` }),
      await portal.inject({ method: 'GET', url: `/api/v1/portal/${slug}/challenge` }),
      await report(portal.inject.bind(portal), slug, ip, guestReport({ custom: {}, proof })),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    await enable('it-outage');
    const regenerated = await ctx.app.inject({ method: 'POST', url: '/api/v1/incident-types/it-outage/public-report/regenerate', headers: staff.admin.headers });
    const fresh = (regenerated.json() as PublicReportLink).slug!;
    expect(fresh).not.toBe(slug);
    expect((await portal.inject({ method: 'GET', url: `/api/v1/portal/${slug}` })).statusCode).toBe(404);
    expect((await portal.inject({ method: 'GET', url: `/api/v1/portal/${fresh}` })).statusCode).toBe(200);
    expect((await portal.inject({ method: 'GET', url: `/api/v1/portal/${'A'.repeat(22)}` })).statusCode).toBe(404);
    expect((await portal.inject({ method: 'GET', url: '/api/v1/portal/short' })).statusCode).toBe(400);
  });

  it('takes an admin\'s own slug once, and refuses types a guest cannot fill', async () => {
    const mine = 'our-printed-poster-link-2026';
    expect((await setLink('quality-deviation', { enabled: true, slug: mine })).json()).toMatchObject({ slug: mine });
    const clash = await setLink('data-breach', { enabled: true, slug: mine });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error.code).toBe('already_exists');
    const internal = await createIncidentType(ctx.deps, { fields: [buildFieldDefinition({ key: 'owner', kind: 'user', required: true })], requiredFields: ['assignee'] });
    const refused = await setLink(internal.key, { enabled: true });
    expect(refused.statusCode).toBe(422);
    expect((refused.json().error.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual(['fields.owner', 'requiredFields.assignee']);
    expect((await setLink('security', { enabled: true })).statusCode).toBe(200);
  });

  it('publishes the form in both languages with the guest fields only and nothing internal', async () => {
    const link = await enable('facility-fault');
    const res = await portal.inject({ method: 'GET', url: `/api/v1/portal/${link.slug}` });
    const form = res.json() as PortalForm;
    expect(form.type).toEqual({ key: 'facility-fault', name: { en: expect.any(String), de: expect.any(String) }, description: expect.objectContaining({ en: expect.any(String) }) });
    expect(form.fields).toEqual(['title', 'description', 'occurredAt', 'location']);
    expect(form.required).toEqual(['title']);
    expect(form.customFields.map((f) => f.key)).toContain('location');
    expect(form.schema).toMatchObject({ type: 'object', required: ['location'], properties: { location: { type: 'string' } } });
    expect(form.proof).toEqual({ difficulty: testPolicy.difficulty, minFillSeconds: 3 });
    expect(Object.keys(form).sort()).toEqual(['customFields', 'fields', 'proof', 'required', 'schema', 'slug', 'type']);
    const type = await ctx.deps.db.selectFrom('incident_types').select(['id', 'default_team_id', 'prefix']).where('key', '=', 'facility-fault').executeTakeFirstOrThrow();
    expect(res.body).not.toContain(type.id);
    expect(res.body).not.toContain(type.default_team_id!);
    expect(res.body).not.toContain('"workflow"');

    const withUser = await createIncidentType(ctx.deps, { fields: [buildFieldDefinition({ key: 'owner', kind: 'user' }), buildFieldDefinition({ key: 'what', kind: 'text' })] });
    const other = await enable(withUser.key);
    const otherForm = (await portal.inject({ method: 'GET', url: `/api/v1/portal/${other.slug}` })).json() as PortalForm;
    expect(otherForm.customFields.map((f) => f.key)).toEqual(['what']);
    expect(Object.keys(otherForm.schema.properties as object)).toEqual(['what']);
  });

  it('refuses missing, wrong, foreign and replayed proofs, and a honeypot, each with its own code', async () => {
    const link = await enable('facility-fault');
    const other = await enable('it-outage');
    const slug = link.slug!;
    const ip = nextAddress();
    const inject = portal.inject.bind(portal);
    const codeOf = async (body: Record<string, unknown>) => {
      const res = await report(inject, slug, nextAddress(), body);
      return `${res.statusCode} ${res.json().error?.code ?? 'created'}`;
    };
    expect(await codeOf(guestReport())).toBe('400 proof_required');
    const proof = await solved(inject, slug, ip);
    expect(await codeOf(guestReport({ proof: { ...proof, challenge: proof.challenge.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) } }))).toBe('400 proof_invalid');
    const foreign = await solved(inject, other.slug!, ip);
    wait();
    expect(await codeOf(guestReport({ proof: foreign }))).toBe('400 proof_invalid');
    let wrong = proof.counter + 1;
    while ((await codeOf(guestReport({ proof: { ...proof, counter: wrong } }))) !== '400 proof_invalid') wrong++;
    expect(await codeOf(guestReport({ proof }))).toBe('201 created');
    expect(await codeOf(guestReport({ proof }))).toBe('409 proof_reused');

    const bot = await solved(inject, slug, ip);
    wait();
    expect(await codeOf(guestReport({ proof: bot, website: 'http://spam.example' }))).toBe('422 spam_suspected');
    expect(await codeOf(guestReport({ proof: bot }))).toBe('409 proof_reused');
  });

  it('refuses a report sent too soon after its challenge and accepts the same proof once enough time passed; expired challenges are refused', async () => {
    const link = await enable('facility-fault');
    const ip = nextAddress();
    const inject = portal.inject.bind(portal);
    const proof = await solved(inject, link.slug!, ip);
    const fast = await report(inject, link.slug!, ip, guestReport({ proof }));
    expect(fast.statusCode).toBe(422);
    expect(fast.json().error.code).toBe('submitted_too_fast');
    wait();
    expect((await report(inject, link.slug!, ip, guestReport({ proof }))).statusCode).toBe(201);

    const old = await solved(inject, link.slug!, ip);
    ctx.deps.clock.advance(testPolicy.challengeTtlMs + 1);
    const expired = await report(inject, link.slug!, ip, guestReport({ proof: old }));
    expect(expired.statusCode).toBe(400);
    expect(expired.json().error.code).toBe('proof_expired');
  });

  it('creates the incident from the portal as an anonymous guest with the contact, and shows only public comments on the status page', async () => {
    const link = await enable('facility-fault');
    const ip = nextAddress();
    const proof = await solved(ctx.app.inject.bind(ctx.app), link.slug!, ip);
    wait();
    const created = await report(ctx.app.inject.bind(ctx.app), link.slug!, ip, guestReport({ occurredAt: '2026-01-14T08:00:00Z', proof }));
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json() as PortalReportCreated;
    expect(body.number).toMatch(/^[A-Z]{2,6}-\d{4}-\d{6}$/);
    expect(body.statusToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.statusUrl).toBe(`${ctx.deps.config.baseUrl}/report/status/${body.statusToken}`);

    const row = await ctx.deps.db.selectFrom('incidents').selectAll().where('number', '=', body.number).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'portal', reporter_id: null, created_by: null, title: 'Water dripping from the ceiling', locations: ['Building B, 2nd floor'], custom: { location: 'B2 lift lobby' } });
    expect(row.reporter_contact).toEqual({ name: 'Erika Gast', email: 'erika@example.org', phone: '+49 30 1234567' });
    expect(row.occurred_at?.toISOString()).toBe('2026-01-14T08:00:00.000Z');
    expect(row.became_aware_at).not.toBeNull();
    const audit = await auditOf(ctx.deps, row.id);
    expect(audit[0]).toMatchObject({ action: 'create', actor_type: 'anonymous', actor_id: null, source_ip: ip });
    expect((await timelineOf(ctx.deps, row.id)).map((e) => e.type)).toEqual(['incident.created']);
    const stored = await ctx.deps.db.selectFrom('portal_reports').selectAll().where('incident_id', '=', row.id).executeTakeFirstOrThrow();
    expect(stored.status_token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(body.statusToken);

    const agent = await createPerson(ctx.deps, 'agent', { teamSlugs: ['facilities'] });
    await addComment(ctx.deps, await actorFor(ctx.deps, agent.id), row.id, { body: 'Reporter sounds unreliable', visibility: 'internal' });
    await addComment(ctx.deps, await actorFor(ctx.deps, agent.id), row.id, { body: 'A technician is on the way', visibility: 'public' });
    const statusRes = await portal.inject({ method: 'GET', url: `/api/v1/portal/status/${body.statusToken}` });
    expect(statusRes.statusCode).toBe(200);
    const status = statusRes.json() as PortalStatus;
    expect(status).toMatchObject({ number: body.number, title: row.title, state: { label: { en: 'Reported' }, category: 'new' }, type: { name: { en: expect.any(String) } } });
    expect(status.comments.map((c) => c.body)).toEqual(['A technician is on the way']);
    expect(Object.keys(status).sort()).toEqual(['comments', 'createdAt', 'number', 'state', 'title', 'type', 'updatedAt']);
    for (const secret of ['Reporter sounds unreliable', agent.id, agent.name, row.id, 'erika@example.org']) expect(statusRes.body).not.toContain(secret);

    expect((await portal.inject({ method: 'GET', url: `/api/v1/portal/status/${'x'.repeat(43)}` })).statusCode).toBe(404);
    expect((await portal.inject({ method: 'GET', url: '/api/v1/portal/status/too-short' })).statusCode).toBe(400);
  });

  it('checks the guest\'s fields against the form before spending the proof: a fixed report goes through with the same proof', async () => {
    const link = await enable('facility-fault');
    const ip = nextAddress();
    const inject = portal.inject.bind(portal);
    const proof = await solved(inject, link.slug!, ip);
    wait();
    const send = async (over: Record<string, unknown>) => {
      const res = await report(inject, link.slug!, ip, guestReport({ ...over, proof }));
      expect(res.statusCode, res.body).toBe(400);
      return (res.json().error.details as Array<{ path: string }>).map((d) => d.path);
    };
    expect(await send({ custom: { location: 'x', internal_note: 'y' } })).toEqual(['custom.internal_note']);
    expect(await send({ custom: {} })).toEqual(['custom.location']);
    expect(await send({ custom: { location: 'x', safety_hazard: 'very' } })).toEqual(['custom.safety_hazard']);
    const bad = await report(inject, link.slug!, ip, { ...guestReport(), contact: { name: 'No email' }, proof });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
    expect((await report(inject, link.slug!, ip, guestReport({ proof }))).statusCode).toBe(201);
  });

  it('throttles reports per address (with Retry-After) and per link', async () => {
    const link = await enable('facility-fault');
    const inject = portal.inject.bind(portal);
    const ip = nextAddress();
    for (let i = 0; i < testPolicy.perAddress; i++) expect((await report(inject, link.slug!, ip, guestReport())).json().error.code).toBe('proof_required');
    const blocked = await report(inject, link.slug!, ip, guestReport());
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    const v6 = await report(inject, link.slug!, '2001:db8:1:2::1', guestReport());
    expect(v6.json().error.code).toBe('proof_required');

    const busy = await enable('quality-deviation');
    let accepted = 0;
    let last = 0;
    for (let i = 0; i <= testPolicy.perLink; i++) {
      const from = nextAddress();
      const proof = await solved(inject, busy.slug!, from);
      wait();
      const res = await report(inject, busy.slug!, from, guestReport({ custom: { product: 'Pump P-100' }, proof }));
      last = res.statusCode;
      if (res.statusCode === 201) accepted++;
    }
    expect(accepted).toBe(testPolicy.perLink);
    expect(last).toBe(429);
  });

  it('solves the default difficulty end to end through the composed app', async () => {
    const link = await enable('it-outage');
    const ip = nextAddress();
    const inject = ctx.app.inject.bind(ctx.app);
    const c = await challenge(inject, link.slug!, ip);
    expect(c.difficulty).toBe(portalPolicy.difficulty);
    const counter = await solveChallenge(c.nonce, c.difficulty);
    wait();
    const res = await report(inject, link.slug!, ip, guestReport({ custom: {}, proof: { challenge: c.challenge, counter } }));
    expect(res.statusCode, res.body).toBe(201);
  });
});
