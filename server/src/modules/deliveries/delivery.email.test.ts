import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIncidentAs, setupIncidentWorld, type Staff } from '../../../test/factories/incidents.js';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { incidentIdFromReplyAddress } from '../../integrations/smtp/index.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import type { EmailPayload, MessageIncident } from '@vigil/shared';
import { enqueueDelivery } from './delivery.commands.js';
import { deliverySendJob } from './delivery.jobs.js';
import { deliveryWorker, startSmtpReceiver } from './delivery.test-support.js';

const host = 'vigil.example.org';

describe('email deliveries through a real SMTP server', () => {
  let ctx: TestContext;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let staff: Staff;
  beforeAll(async () => {
    smtp = await startSmtpReceiver((address) =>
      address.startsWith('gone@') ? { code: 550, message: 'No such user' } : address.startsWith('busy@') ? { code: 451, message: 'Try again later' } : null,
    );
    ctx = await createTestDeps({ smtpUrl: smtp.url, smtpFrom: 'Vigil <vigil@vigil.example.org>', smtpInboundAddress: 'incidents@vigil.example.org', baseUrl: `https://${host}` });
    staff = await setupIncidentWorld(ctx.deps);
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
  });

  const incidentView = (row: { id: string; number: string; title: string }): MessageIncident => ({
    id: row.id,
    number: row.number,
    title: row.title,
    priority: 'P1',
    severity: 'critical',
    state: 'New',
    url: `https://${host}/incidents/${row.number}`,
  });

  async function enqueueEmail(target: string, incidentId: string | null, payload: EmailPayload, key?: string) {
    return ctx.deps.db.transaction().execute((tx) =>
      enqueueDelivery(tx, ctx.deps.clock.now(), { channel: 'email', target, incidentId, eventKind: payload.message.kind, payload, ...(key ? { idempotencyKey: key } : {}) }),
    );
  }
  const deliveryRow = (id: string) => ctx.deps.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const mailTo = (address: string) => smtp.mails.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.value.some((v) => v.address === address)));

  it('threads two mails of one incident on its root Message-ID, in English and German, with escaped HTML and a reply token', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'DB <script>alert("x")</script> & co' });
    const view = incidentView(incident);
    const paged = await enqueueEmail('oncall@example.org', incident.id, { message: { kind: 'incident.paged', incident: view, level: 1, ackUrl: `https://${host}/ack/abc` }, locale: 'en', name: 'On Call' });
    const update = await enqueueEmail('chef@example.org', incident.id, { message: { kind: 'communication.public_update', incident: view, body: 'Line 1 <b>bold?</b>\nLine 2', author: 'Ana' }, locale: 'de' });
    await deliveryWorker(ctx.deps).drain();

    const [first] = mailTo('oncall@example.org') as [ParsedMail];
    const [second] = mailTo('chef@example.org') as [ParsedMail];
    expect(first.messageId).toBe(`<${incident.id}.${paged.id}@${host}>`);
    expect(second.messageId).toBe(`<${incident.id}.${update.id}@${host}>`);
    for (const m of [first, second]) {
      expect(m.inReplyTo).toBe(`<incident-${incident.id}@${host}>`);
      expect(m.references).toBe(`<incident-${incident.id}@${host}>`);
      const replyTo = m.replyTo?.value[0]?.address ?? '';
      expect(replyTo).toMatch(/^incidents\+[a-z2-7]{42}@vigil\.example\.org$/);
      expect(incidentIdFromReplyAddress(ctx.deps.config, replyTo)).toBe(incident.id);
      expect(m.from?.value[0]?.address).toBe('vigil@vigil.example.org');
    }

    expect(first.subject).toBe(`[${incident.number}] Paged: DB <script>alert("x")</script> & co`);
    expect(first.to && !Array.isArray(first.to) ? first.to.value[0] : null).toEqual({ address: 'oncall@example.org', name: 'On Call' });
    expect(first.headers.get('auto-submitted')).toBe('auto-generated');
    expect(first.text).toContain('You are paged for');
    expect(first.text).toContain(`Acknowledge: https://${host}/ack/abc`);
    expect(first.html).not.toContain('<script>');
    expect(first.html).toContain('DB &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(first.html).toContain(`href="https://${host}/ack/abc"`);

    expect(second.subject).toBe(`[${incident.number}] Aktualisierung: DB <script>alert("x")</script> & co`);
    expect(second.headers.get('auto-submitted')).toBeUndefined();
    expect(second.text).toContain('Neuigkeiten zu');
    expect(second.text).toContain('Line 1 <b>bold?</b>\nLine 2');
    expect(second.html).toContain('Line 1 &lt;b&gt;bold?&lt;/b&gt;');
    expect(second.html).not.toContain('<b>bold');
    expect(second.html).toContain('Vorfall öffnen');

    for (const d of [paged, update]) expect(await deliveryRow(d.id)).toMatchObject({ status: 'delivered', attempts: 1, response_code: 250, last_error: null });
  });

  it('sends a delivery once: the same key enqueues nothing, and a repeated job finds it delivered', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id);
    const payload: EmailPayload = { message: { kind: 'incident.assigned', incident: incidentView(incident), assignee: 'Ana' }, locale: 'en' };
    const a = await enqueueEmail('once@example.org', incident.id, payload, `assigned:${incident.id}`);
    const b = await enqueueEmail('once@example.org', incident.id, payload, `assigned:${incident.id}`);
    expect(b).toEqual({ id: a.id, created: false });
    const worker = deliveryWorker(ctx.deps);
    await worker.drain();
    await enqueueJob(ctx.deps.db, deliverySendJob, { deliveryId: a.id, attempt: 1 }, ctx.deps.clock.now());
    await worker.drain();
    expect(mailTo('once@example.org')).toHaveLength(1);
    expect(mailTo('once@example.org')[0]?.subject).toBe(`[${incident.number}] Assigned to Ana: ${incident.title}`);
  });

  it('sends a notification another module worded, with its acknowledge link, threaded like the rest', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'Kühlhaus 3 warm' });
    const { id } = await enqueueEmail('bereitschaft@example.org', incident.id, {
      message: { kind: 'notification', title: 'Sie werden alarmiert (P1)', body: 'Stufe 1 von 3', urgency: 'high', incident: { id: incident.id, number: incident.number, title: incident.title, url: `https://${host}/incidents/${incident.number}` }, ackUrl: `https://${host}/ack/xyz` },
      locale: 'de',
    });
    await deliveryWorker(ctx.deps).drain();
    const [mail] = mailTo('bereitschaft@example.org') as [ParsedMail];
    expect(mail.subject).toBe(`[${incident.number}] Sie werden alarmiert (P1)`);
    expect(mail.messageId).toBe(`<${incident.id}.${id}@${host}>`);
    expect(mail.references).toBe(`<incident-${incident.id}@${host}>`);
    expect(mail.text).toContain('Stufe 1 von 3');
    expect(mail.text).toContain(`Bestätigen: https://${host}/ack/xyz`);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('fails for good on a 5xx refusal, retries a 4xx one later, and is disabled without SMTP_URL', async () => {
    const { clock } = ctx.deps;
    clock.set('2026-03-01T12:00:00Z');
    const test: EmailPayload = { message: { kind: 'channel.test' }, locale: 'en' };
    const gone = await enqueueEmail('gone@example.org', null, test);
    const busy = await enqueueEmail('busy@example.org', null, test);
    await deliveryWorker(ctx.deps).drain();
    expect(await deliveryRow(gone.id)).toMatchObject({ status: 'failed', attempts: 1, response_code: 550, next_attempt_at: null });
    const retry = await deliveryRow(busy.id);
    expect(retry).toMatchObject({ status: 'pending', attempts: 1, response_code: 451 });
    const wait = retry.next_attempt_at!.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(54_000);
    expect(wait).toBeLessThanOrEqual(66_000);
    const job = await ctx.deps.db.selectFrom('jobs').select(['run_at', 'status']).where('idempotency_key', '=', `deliveries.send:${busy.id}:2`).executeTakeFirstOrThrow();
    expect(job).toEqual({ run_at: retry.next_attempt_at, status: 'queued' });
    expect(retry.last_error).toMatch(/Try again later/);

    const off = { ...ctx.deps, config: { ...ctx.deps.config, smtpUrl: undefined } };
    const quiet = await enqueueEmail('quiet@example.org', null, test);
    await deliveryWorker(off).drain();
    expect(await deliveryRow(quiet.id)).toMatchObject({ status: 'disabled', last_error: 'email is off: SMTP_URL is not set' });
    expect(mailTo('quiet@example.org')).toHaveLength(0);
    clock.release();
  });

  it('refuses to enqueue a payload that does not fit its channel', async () => {
    await expect(ctx.deps.db.transaction().execute((tx) => enqueueDelivery(tx, new Date(), { channel: 'email', target: 'not-an-address', eventKind: 'x', payload: { message: { kind: 'channel.test' } } }))).rejects.toThrow(/not an email address/);
    await expect(
      ctx.deps.db.transaction().execute((tx) => enqueueDelivery(tx, new Date(), { channel: 'email', target: 'a@example.org', eventKind: 'x', payload: { message: { kind: 'nope' } } as unknown as EmailPayload })),
    ).rejects.toThrow();
  });
});
