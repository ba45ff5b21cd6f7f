import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { createPerson, postIncident, setupIncidentWorld, timelineOf, type Staff } from '../../../test/factories/incidents.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker, type JobWorker } from '../../platform/jobs/jobs.worker.js';
import { replyAddressFor, rootMessageId, messageIdHost } from '../deliveries/index.js';
import { mailInJobs } from './mail-in.jobs.js';
import { startMailListener, type MailListener } from './mail-in.listener.js';

const INBOUND = 'incidents@vigil.test';

describe('email in over a real SMTP listener', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>;
  let staff: Staff;
  let listener: MailListener;
  let worker: JobWorker;
  let integrationKey: string;
  let seq = 0;

  type Mail = { from: string; to: string | string[]; subject: string; text: string; headers?: Record<string, string>; inReplyTo?: string; references?: string[]; attachments?: Array<{ filename: string; content: Buffer; contentType: string }>; envelopeFrom?: string };

  /** Sends over SMTP to the listener, like any mail server would; resolves with the server's answer. */
  async function send(mail: Mail): Promise<string> {
    const transport = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
    try {
      const info = await transport.sendMail({
        ...mail,
        messageId: `<test-${++seq}-${Date.now()}@sender.example>`,
        ...(mail.envelopeFrom !== undefined ? { envelope: { from: mail.envelopeFrom, to: mail.to } } : {}),
      });
      return String(info.response);
    } finally {
      transport.close();
    }
  }

  async function drain(): Promise<void> {
    for (let i = 0; i < 50; i++) if ((await worker.runOnce()) === 0) return;
  }

  const lastMail = async () => ctx.deps.db.selectFrom('inbound_mails').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
  const integrationAddress = () => `incidents+${integrationKey}@vigil.test`;

  beforeAll(async () => {
    ctx = await createTestApp({ smtpInboundAddress: INBOUND });
    staff = await setupIncidentWorld(ctx.deps);
    listener = await startMailListener(ctx.deps, { port: 0, host: '127.0.0.1' });
    worker = createWorker({ deps: ctx.deps, registry: createJobRegistry(mailInJobs) });
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/integrations', headers: staff.admin.headers, payload: { kind: 'email', name: 'Service desk mailbox', type: 'it-outage' } });
    expect(res.statusCode, res.body).toBe(201);
    integrationKey = res.json().key;
  });
  afterAll(async () => {
    await listener.close();
    await ctx.close();
  });

  it('stores a new mail to an integration address before answering, then opens an incident reported by the sender with its attachment', async () => {
    const answer = await send({
      from: `Rita Reporter <${staff.reporter.email}>`,
      to: integrationAddress(),
      subject: 'Elevator B stuck between floors 2 and 3',
      text: 'The elevator in building B stopped. Nobody is inside.',
      attachments: [{ filename: 'panel.png', content: Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2b6d2f20000000049454e44ae426082', 'hex'), contentType: 'image/png' }],
    });
    expect(answer).toMatch(/^250 /);
    const stored = await lastMail();
    expect(stored).toMatchObject({ status: 'received', envelope_to: [integrationAddress()] });
    expect(Buffer.from(stored.raw).toString('utf8')).toContain('Elevator B stuck');

    await drain();
    const done = await lastMail();
    expect(done).toMatchObject({ status: 'processed', outcome: 'created', subject: 'Elevator B stuck between floors 2 and 3' });
    const incident = await ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', done.incident_id!).executeTakeFirstOrThrow();
    expect(incident).toMatchObject({ source: 'email', reporter_id: staff.reporter.id, title: 'Elevator B stuck between floors 2 and 3' });
    expect(incident.number).toMatch(/^INC-/);
    const files = await ctx.deps.db.selectFrom('attachments').select(['filename', 'content_type', 'uploaded_by']).where('incident_id', '=', incident.id).execute();
    expect(files).toEqual([{ filename: 'panel.png', content_type: 'image/png', uploaded_by: staff.reporter.id }]);
    const audit = await ctx.deps.db.selectFrom('audit_log').selectAll().where('entity_type', '=', 'inbound_mail').where('entity_id', '=', String(done.id)).execute();
    expect(audit).toHaveLength(1);
  });

  it('opens an incident for an unknown sender as an external contact', async () => {
    await send({ from: 'Hans Hausmeister <hans@contractor.example>', to: integrationAddress(), subject: 'Water on the floor in hall 4', text: 'Leaking pipe above the door.' });
    await drain();
    const done = await lastMail();
    const incident = await ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', done.incident_id!).executeTakeFirstOrThrow();
    expect(incident.reporter_id).toBeNull();
    expect(incident.reporter_contact).toEqual({ email: 'hans@contractor.example', name: 'Hans Hausmeister' });
  });

  it('adds a reply to the incident its reply token names, without the quoted original', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    const replyTo = replyAddressFor({ secret: ctx.deps.config.secret, smtpInboundAddress: INBOUND }, inc.id)!;
    await send({ from: staff.reporter.email, to: replyTo, subject: 'Re: your incident', text: 'It happened again at 10:15.\n\nOn Mon, 1 Jun 2026 at 09:00, Vigil wrote:\n> Your report was received.' });
    await drain();
    const done = await lastMail();
    expect(done).toMatchObject({ status: 'processed', outcome: 'commented', incident_id: inc.id, detail: 'matched by reply_token' });
    const comment = await ctx.deps.db.selectFrom('comments').selectAll().where('id', '=', done.comment_id!).executeTakeFirstOrThrow();
    expect(comment).toMatchObject({ author_id: staff.reporter.id, visibility: 'public', body: 'It happened again at 10:15.' });
    expect((await timelineOf(ctx.deps, inc.id)).at(-1)).toMatchObject({ type: 'comment.added' });
  });

  it('refuses a forged reply token and falls back to nothing', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const real = replyAddressFor({ secret: ctx.deps.config.secret, smtpInboundAddress: INBOUND }, inc.id)!;
    const forged = real.replace(/[a-z2-7](@)/, (m, at) => (m[0] === 'a' ? 'b' : 'a') + at);
    await send({ from: 'mallory@evil.example', to: forged, subject: 'Re: hello', text: 'Injected comment' });
    await drain();
    expect(await lastMail()).toMatchObject({ status: 'dropped', outcome: 'unmatched' });
  });

  it('threads by our Message-IDs in In-Reply-To; staff replies stay internal', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    const root = rootMessageId(messageIdHost(ctx.deps.config.baseUrl), inc.id);
    await send({ from: staff.agent.email, to: INBOUND, subject: 'Re: paged', text: 'Looking into it.', inReplyTo: root, references: [root] });
    await drain();
    const done = await lastMail();
    expect(done).toMatchObject({ outcome: 'commented', incident_id: inc.id, detail: 'matched by message_id' });
    const comment = await ctx.deps.db.selectFrom('comments').selectAll().where('id', '=', done.comment_id!).executeTakeFirstOrThrow();
    expect(comment).toMatchObject({ author_id: staff.agent.id, visibility: 'internal' });
  });

  it('matches the number in the subject only from known participants', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    await send({ from: 'stranger@elsewhere.example', to: INBOUND, subject: `About ${inc.number}`, text: 'Let me in' });
    await drain();
    expect(await lastMail()).toMatchObject({ status: 'dropped', outcome: 'unmatched' });

    await send({ from: staff.reporter.email, to: INBOUND, subject: `About ${inc.number}`, text: 'Any news?' });
    await drain();
    expect(await lastMail()).toMatchObject({ status: 'processed', outcome: 'commented', incident_id: inc.id, detail: 'matched by subject' });
  });

  it('quotes an outsider who holds the token, as an internal system comment', async () => {
    const inc = await postIncident(ctx.app, staff.agent.headers);
    const replyTo = replyAddressFor({ secret: ctx.deps.config.secret, smtpInboundAddress: INBOUND }, inc.id)!;
    await send({ from: 'Vendor Support <support@vendor.example>', to: replyTo, subject: 'Re: case', text: 'A patch is available.' });
    await drain();
    const done = await lastMail();
    const comment = await ctx.deps.db.selectFrom('comments').selectAll().where('id', '=', done.comment_id!).executeTakeFirstOrThrow();
    expect(comment).toMatchObject({ author_id: null, visibility: 'internal' });
    expect(comment.body).toBe('Email from Vendor Support <support@vendor.example>:\n\nA patch is available.');
  });

  it('drops auto-replies, bounces, mailing lists and its own mail, and acts on a resent message once', async () => {
    const inc = await postIncident(ctx.app, staff.reporter.headers);
    const replyTo = replyAddressFor({ secret: ctx.deps.config.secret, smtpInboundAddress: INBOUND }, inc.id)!;
    const before = await ctx.deps.db.selectFrom('comments').select((eb) => eb.fn.countAll<string>().as('n')).where('incident_id', '=', inc.id).executeTakeFirstOrThrow();
    const cases: Array<[Partial<Mail>, string]> = [
      [{ headers: { 'Auto-Submitted': 'auto-replied' } }, 'auto_submitted'],
      [{ headers: { Precedence: 'bulk' } }, 'precedence'],
      [{ headers: { 'List-Id': '<ops.lists.example>' } }, 'mailing_list'],
      [{ headers: { 'X-Vigil-Delivery': '123' } }, 'own_delivery'],
      [{ from: ctx.deps.config.smtpFrom }, 'own_address'],
      [{ envelopeFrom: '' }, 'bounce'],
    ];
    for (const [extra, outcome] of cases) {
      await send({ from: staff.reporter.email, to: replyTo, subject: 'Out of office', text: 'I am away until Monday.', ...extra });
      await drain();
      expect(await lastMail(), outcome).toMatchObject({ status: 'dropped', outcome });
    }
    const after = await ctx.deps.db.selectFrom('comments').select((eb) => eb.fn.countAll<string>().as('n')).where('incident_id', '=', inc.id).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    // Auto-Submitted: no is a person's mail.
    await send({ from: staff.reporter.email, to: replyTo, subject: 'Re', text: 'Written by me.', headers: { 'Auto-Submitted': 'no' } });
    await drain();
    const personal = await lastMail();
    expect(personal).toMatchObject({ status: 'processed', outcome: 'commented' });

    // The same message delivered twice (same Message-ID) is acted on once.
    await ctx.deps.db
      .insertInto('inbound_mails')
      .values({ envelope_from: staff.reporter.email, envelope_to: [replyTo], size: personal.size, raw: Buffer.from(personal.raw), received_at: ctx.deps.clock.now() })
      .execute();
    const { processInboundMail } = await import('./mail-in.commands.js');
    await processInboundMail(ctx.deps, (await lastMail()).id);
    expect(await lastMail()).toMatchObject({ status: 'dropped', outcome: 'duplicate' });
  });

  it('refuses foreign recipients at RCPT TO and never relays', async () => {
    await expect(send({ from: staff.reporter.email, to: 'someone@other.example', subject: 'relay?', text: 'x' })).rejects.toThrow(/550|No such recipient/);
    await expect(send({ from: staff.reporter.email, to: 'postmaster@vigil.test', subject: 'x', text: 'x' })).rejects.toThrow(/550|No such recipient/);
  });

  it('lists what came in for admins only; an auditor mailing in is reported as an outsider', async () => {
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/inbound-mails?limit=3', headers: staff.admin.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(3);
    expect(list.json().items[0]).toMatchObject({ status: expect.any(String), envelopeTo: expect.any(Array) });
    expect(list.json().items[0]).not.toHaveProperty('raw');
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/inbound-mails', headers: staff.agent.headers })).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'GET', url: '/api/v1/inbound-mails?status=nope', headers: staff.admin.headers })).statusCode).toBe(400);

    const auditorMail = await createPerson(ctx.deps, 'auditor');
    await send({ from: auditorMail.email, to: integrationAddress(), subject: 'Auditors report as outsiders', text: 'Seen in the audit.' });
    await drain();
    const asOutsider = await lastMail();
    const inc = await ctx.deps.db.selectFrom('incidents').selectAll().where('id', '=', asOutsider.incident_id!).executeTakeFirstOrThrow();
    expect(inc.reporter_id).toBeNull();
  });
});
