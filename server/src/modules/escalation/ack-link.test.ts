import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { loginAs } from '../../../test/factories/directory.js';
import { auditOf, createPerson, postIncident, setupIncidentWorld, teamIdBySlug, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import { ACK_LINK_TTL_MS, ACK_TOKEN_LENGTH, ackUrlFor, signAckToken, verifyAckToken } from './ack-link.token.js';
import { createPolicy, minutes, notificationsOf, runDueJobs } from './escalation.test-support.js';

const secret = 'test-secret-test-secret-test-secret-0123';
const incidentId = '3f2b8c1e-6a4d-4e0f-9b7a-2c5d8e1f0a3b';
const userId = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('acknowledge link tokens', () => {
  const now = new Date('2026-06-01T10:00:00Z');
  const expiresAt = new Date(now.getTime() + ACK_LINK_TTL_MS);

  it('round-trips its claims, fits a path parameter, and differs for every page', () => {
    const token = signAckToken(secret, { incidentId, userId, expiresAt });
    expect(token).toHaveLength(ACK_TOKEN_LENGTH);
    expect(ACK_TOKEN_LENGTH).toBeLessThan(200);
    expect(verifyAckToken(secret, token, now)).toMatchObject({ ok: true, incidentId, userId, expiresAt, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(signAckToken(secret, { incidentId, userId, expiresAt })).not.toBe(token);
    expect(ackUrlFor(incidentId, userId, { config: { baseUrl: 'https://vigil.example', secret } as never, clock: { now: () => now } })).toMatch(/^https:\/\/vigil\.example\/ack\/[A-Za-z0-9_-]{103}$/);
  });

  it('refuses other secrets, expiry, and any change to any character', () => {
    const token = signAckToken(secret, { incidentId, userId, expiresAt });
    expect(verifyAckToken('another-secret-another-secret-another', token, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyAckToken(secret, token, expiresAt)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyAckToken(secret, token, new Date(expiresAt.getTime() - 1_000)).ok).toBe(true);
    for (const bad of ['', 'x', token.slice(1), token + 'A', token.replace(/.$/, '!'), '../../etc/passwd']) expect(verifyAckToken(secret, bad, now).ok).toBe(false);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: token.length - 1 }), fc.integer({ min: 1, max: 63 }), (at, shift) => {
        const swapped = alphabet[(alphabet.indexOf(token[at]!) + shift) % 64]!;
        const forged = token.slice(0, at) + swapped + token.slice(at + 1);
        expect(verifyAckToken(secret, forged, now).ok).toBe(false);
      }),
    );
  });

  it('cannot be re-signed for another user without the secret: the MAC covers the claims', () => {
    const token = Buffer.from(signAckToken(secret, { incidentId, userId, expiresAt }), 'base64url');
    const other = Buffer.from('ffffffffffffffffffffffffffffffff', 'hex');
    other.copy(token, 17);
    const guessKey = createHmac('sha256', 'guess').update('vigil/ack-link/v1').digest();
    createHmac('sha256', guessKey).update(token.subarray(0, 45)).digest().copy(token, 45);
    expect(verifyAckToken(secret, token.toString('base64url'), now)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('GET and POST /ack/{token}', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let responder: Person;
  let itOps: string;
  const page = (token: string, method: 'GET' | 'POST' = 'GET', headers: Record<string, string> = {}) =>
    ctx.app.inject({ method, url: `/ack/${token}`, headers, ...(method === 'POST' ? { payload: 'confirm=1', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } } : {}) });
  const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  const linkFor = (incident: string, user: string) => tokenOf(ackUrlFor(incident, user, ctx.deps));
  const incidentRow = (id: string) => ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    ctx = await createTestApp();
    staff = await setupIncidentWorld(ctx.deps);
    itOps = await teamIdBySlug(ctx.deps, 'it-operations');
    responder = await createPerson(ctx.deps, 'agent', { name: 'Responder', teamSlugs: ['it-operations'] });
  });
  beforeEach(() => ctx.deps.clock.set('2026-06-01T10:00:00Z'));
  afterAll(() => ctx.close());

  it('shows a confirmation page that changes nothing, then acknowledges as the link person on POST and stops the escalation', async () => {
    const policy = await createPolicy(ctx.app, staff.admin.headers, { teamId: itOps, levels: [{ delayMinutes: 5, targets: [{ kind: 'user', id: responder.id }] }, { delayMinutes: 5, targets: [{ kind: 'user', id: staff.manager.id }] }] });
    const incident = await postIncident(ctx.app, staff.agent.headers, { title: 'DB <script>alert(1)</script> & "down"' });
    await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/escalations`, headers: staff.agent.headers, payload: { policyId: policy.id } });
    await runDueJobs(ctx.deps);
    const [paged] = await notificationsOf(ctx.deps, responder.id);
    const token = tokenOf(paged!.ack_url!);

    const shown = await page(token);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(shown.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(shown.headers['content-security-policy']).toMatch(/object-src 'none'/);
    expect(shown.headers['cache-control']).toBe('no-store');
    expect(shown.body).toContain(`<form method="post" action="/ack/${token}">`);
    expect(shown.body).toContain('DB &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;down&quot;');
    expect(shown.body).not.toContain('<script');
    expect(shown.body).toContain('as Responder?');
    expect(await page(token, 'HEAD' as 'GET')).toMatchObject({ statusCode: 200 });
    expect((await incidentRow(incident.id)).acknowledged_at).toBeNull();

    ctx.deps.clock.advance(minutes(2));
    const done = await page(token, 'POST');
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Acknowledged. Further pages for this incident are stopped.');
    expect((await incidentRow(incident.id)).acknowledged_at?.toISOString()).toBe('2026-06-01T10:02:00.000Z');
    const events = await timelineOf(ctx.deps, incident.id);
    expect(events.find((e) => e.type === 'incident.acknowledged')).toMatchObject({ actor_id: responder.id, data: { source: 'link' } });
    expect(events.at(-1)).toMatchObject({ type: 'escalation.stopped', actor_id: responder.id, data: { state: 'acknowledged' } });
    const audit = await auditOf(ctx.deps, incident.id);
    expect(audit.find((a) => a.action === 'acknowledge')).toMatchObject({ actor_id: responder.id, actor_type: 'user', source_ip: '127.0.0.1', after: { source: 'link' } });
    expect(audit.at(-1)).toMatchObject({ action: 'ack_link.use', actor_id: responder.id, after: { userId: responder.id, acknowledged: true } });
    expect(JSON.stringify(audit)).not.toContain(token);

    await ctx.deps.clock.advance(minutes(30));
    await runDueJobs(ctx.deps);
    expect(await notificationsOf(ctx.deps, staff.manager.id)).toHaveLength(0);

    const again = await page(token, 'POST');
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('This acknowledge link was already used.');
    expect((await page(token)).statusCode).toBe(410);
    expect((await auditOf(ctx.deps, incident.id)).filter((a) => a.action === 'ack_link.use')).toHaveLength(1);
  });

  it('answers invalid, expired, inactive and no-longer-visible links with a clear 4xx page and changes nothing', async () => {
    const incident = await postIncident(ctx.app, staff.agent.headers);
    const expiring = linkFor(incident.id, responder.id);
    ctx.deps.clock.advance(ACK_LINK_TTL_MS);
    const expired = await page(expiring, 'POST');
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('has expired');
    ctx.deps.clock.set('2026-06-01T10:00:00Z');

    const invalid = await page('not-a-token', 'POST');
    expect(invalid.statusCode).toBe(404);
    expect(invalid.headers['content-type']).toMatch(/^text\/html/);
    expect(invalid.body).toContain('This acknowledge link is not valid.');
    expect((await page('x'.repeat(103), 'GET', { 'accept-language': 'de-DE,de;q=0.9' })).body).toContain('Dieser Bestätigungslink ist ungültig.');

    const leaver = await createPerson(ctx.deps, 'agent');
    const leaverLink = linkFor(incident.id, leaver.id);
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', leaver.id).execute();
    expect((await page(leaverLink, 'POST')).statusCode).toBe(403);

    const security = await teamIdBySlug(ctx.deps, 'security');
    const insider = await createPerson(ctx.deps, 'agent', { teamSlugs: ['security'] });
    const secret = await postIncident(ctx.app, insider.headers, { type: 'security', teamId: security, detectedAt: '2026-06-01T09:00:00Z' });
    const outsider = linkFor(secret.id, responder.id);
    expect((await page(outsider)).statusCode).toBe(404);
    expect((await page(outsider, 'POST')).statusCode).toBe(404);
    expect((await incidentRow(secret.id)).acknowledged_at).toBeNull();

    const reporterLink = linkFor(incident.id, staff.reporter.id);
    const refused = await page(reporterLink, 'POST');
    expect(refused.statusCode).toBe(404);
    const ownReport = await postIncident(ctx.app, staff.reporter.headers);
    const byReporter = await page(linkFor(ownReport.id, staff.reporter.id), 'POST');
    expect(byReporter.statusCode).toBe(403);
    expect(byReporter.body).toContain('Only agents, managers and admins may change incidents');
    expect((await incidentRow(incident.id)).acknowledged_at).toBeNull();
    expect((await incidentRow(ownReport.id)).acknowledged_at).toBeNull();
    expect((await page(linkFor(ownReport.id, staff.agent.id), 'POST')).statusCode).toBe(200);
  });

  it('works from a browser signed in to Vigil (the session is not consulted, so no CSRF header is needed) and tells when there is nothing to do', async () => {
    const incident = await postIncident(ctx.app, staff.agent.headers);
    const browser = await loginAs(ctx.app, staff.manager.email);
    const cookieOnly = { cookie: browser.cookie };
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incident.id}/acknowledge`, headers: cookieOnly })).json().error.code).toBe('csrf_failed');

    const token = linkFor(incident.id, staff.manager.id);
    const done = await page(token, 'POST', cookieOnly);
    expect(done.statusCode).toBe(200);
    const acked = (await timelineOf(ctx.deps, incident.id)).find((e) => e.type === 'incident.acknowledged');
    expect(acked).toMatchObject({ actor_id: staff.manager.id, data: { source: 'link' } });

    const late = linkFor(incident.id, staff.agent.id);
    expect((await page(late)).body).toContain('already acknowledged');
    const lateDone = await page(late, 'POST');
    expect(lateDone.statusCode).toBe(200);
    expect(lateDone.body).toContain('already acknowledged');
    expect((await auditOf(ctx.deps, incident.id)).at(-1)).toMatchObject({ action: 'ack_link.use', actor_id: staff.agent.id, after: { acknowledged: false } });
  });

  it('spends a link once when two clicks race', async () => {
    const incident = await postIncident(ctx.app, staff.agent.headers);
    const token = linkFor(incident.id, responder.id);
    const results = await Promise.all([page(token, 'POST'), page(token, 'POST'), page(token, 'POST')]);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 410)).toHaveLength(2);
    expect((await timelineOf(ctx.deps, incident.id)).filter((e) => e.type === 'incident.acknowledged')).toHaveLength(1);
    expect((await auditOf(ctx.deps, incident.id)).filter((a) => a.action === 'ack_link.use')).toHaveLength(1);
  });
});
