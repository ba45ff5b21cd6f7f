import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOf, createIncidentAs, setupIncidentWorld, type Staff } from '../../../test/factories/incidents.js';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { enqueueDelivery } from './delivery.commands.js';
import { deliveryWorker, startHttpReceiver, type HttpReceiver } from './delivery.test-support.js';

const evil = 'Disk full <!channel> <@U123> @here *bold* [click](javascript:alert(1)) <script>x</script>';

describe('chat channels: Slack, Mattermost and Teams incoming webhooks against a real receiver', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let receiver: HttpReceiver;
  const channels: Record<string, { id: string; urlHint: string }> = {};
  beforeAll(async () => {
    receiver = await startHttpReceiver((r) => (r.path.startsWith('/slack/revoked') ? { status: 404, body: 'no_service' } : { status: r.path.startsWith('/teams') ? 202 : 200, body: 'ok' }));
    ctx = await createTestApp({ outboundAllowList: ['127.0.0.1'], baseUrl: 'https://vigil.example.org' });
    staff = await setupIncidentWorld(ctx.deps);
    for (const [kind, path, locale] of [
      ['slack', '/slack/T000/B000/XXXXsecretXXXX', 'en'],
      ['mattermost', '/mattermost/hooks/secretkey123', 'de'],
      ['teams', '/teams/workflows/secretsig', 'en'],
    ] as const) {
      const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/chat-channels', headers: staff.admin.headers, payload: { kind, name: `#ops ${kind}`, url: receiver.url(path), locale } });
      expect(res.statusCode, res.body).toBe(201);
      channels[kind] = res.json();
    }
  });
  afterAll(async () => {
    await ctx.close();
    await receiver.close();
  });

  it('never shows the webhook URL after creation, keeps it sealed in the database, and audits the change', async () => {
    expect(channels.slack!.urlHint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…XXXX$/);
    const list = await ctx.app.inject({ method: 'GET', url: '/api/v1/chat-channels', headers: staff.admin.headers });
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain('secret');
    const rows = await ctx.deps.db.selectFrom('chat_channels').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('secret');
    const [created] = await auditOf(ctx.deps, channels.slack!.id);
    expect(created).toMatchObject({ action: 'create', actor_id: staff.admin.id, after: { kind: 'slack', name: '#ops slack' } });
    expect(JSON.stringify(await auditOf(ctx.deps, channels.slack!.id))).not.toContain('secret');
    const forbidden = await ctx.app.inject({ method: 'GET', url: '/api/v1/chat-channels', headers: staff.manager.headers });
    expect(forbidden.statusCode).toBe(403);
  });

  it('posts a test message in each format, with the shapes each service expects', async () => {
    for (const kind of ['slack', 'mattermost', 'teams']) {
      const res = await ctx.app.inject({ method: 'POST', url: `/api/v1/chat-channels/${channels[kind]!.id}/test`, headers: staff.admin.headers });
      expect(res.statusCode, res.body).toBe(202);
    }
    await deliveryWorker(ctx.deps).drain();
    const slack = JSON.parse(receiver.requests.find((r) => r.path.startsWith('/slack'))!.body);
    expect(slack.text).toBe('Vigil test message');
    expect(slack.blocks[0]).toEqual({ type: 'section', text: { type: 'mrkdwn', text: expect.stringContaining('*Vigil test message*') } });
    const mm = JSON.parse(receiver.requests.find((r) => r.path.startsWith('/mattermost'))!.body);
    expect(mm.text).toContain('Vigil\\-Testnachricht');
    expect(mm.attachments[0]).toMatchObject({ color: expect.any(String), footer: 'Gesendet von Vigil Incident Management.' });
    const teamsReq = receiver.requests.find((r) => r.path.startsWith('/teams'))!;
    expect(teamsReq.headers['content-type']).toBe('application/json');
    const teams = JSON.parse(teamsReq.body);
    expect(teams).toMatchObject({ type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: { type: 'AdaptiveCard', version: '1.4' } }] });
    const statuses = await ctx.deps.db.selectFrom('deliveries').select(['channel', 'status', 'response_code']).where('event_kind', '=', 'channel.test').orderBy('channel').execute();
    expect(statuses).toEqual([
      { channel: 'mattermost', status: 'delivered', response_code: 200 },
      { channel: 'slack', status: 'delivered', response_code: 200 },
      { channel: 'teams', status: 'delivered', response_code: 202 },
    ]);
  });

  it('defuses mentions, links and markup from incident text in every format', async () => {
    const incident = await createIncidentAs(ctx.deps, staff.agent.id, { title: evil });
    const message = {
      kind: 'incident.paged' as const,
      incident: { id: incident.id, number: incident.number, title: evil, priority: 'P1', severity: 'critical', state: 'New', url: `https://vigil.example.org/incidents/${incident.number}` },
      reason: evil,
      ackUrl: 'https://vigil.example.org/ack/t0k3n',
    };
    const before = receiver.requests.length;
    await ctx.deps.db.transaction().execute(async (tx) => {
      for (const kind of ['slack', 'mattermost', 'teams'] as const) {
        await enqueueDelivery(tx, ctx.deps.clock.now(), { channel: kind, target: channels[kind]!.id, incidentId: incident.id, eventKind: 'incident.paged', payload: { message } });
      }
    });
    await deliveryWorker(ctx.deps).drain();
    const got = receiver.requests.slice(before);
    const slack = got.find((r) => r.path.startsWith('/slack'))!.body;
    expect(slack).not.toMatch(/<!channel>|<@U123>|<script>/);
    expect(slack).toContain('&lt;!channel&gt;');
    expect(JSON.parse(slack).blocks.at(-2)).toEqual({
      type: 'actions',
      elements: [
        { type: 'button', text: { type: 'plain_text', text: 'Acknowledge' }, url: 'https://vigil.example.org/ack/t0k3n', style: 'primary' },
        { type: 'button', text: { type: 'plain_text', text: 'Open incident' }, url: `https://vigil.example.org/incidents/${incident.number}` },
      ],
    });
    const mm = JSON.parse(got.find((r) => r.path.startsWith('/mattermost'))!.body);
    // Markdown fields: escaped, mentions broken by a zero-width space; title and fallback are plain text
    const markdown = [mm.text, mm.attachments[0].text, ...mm.attachments[0].fields.map((f: { value: string }) => f.value)].join('\n');
    expect(markdown).not.toMatch(/@here|\]\(javascript|<!channel>/);
    expect(markdown).toContain('@\u200bhere');
    expect(markdown).toContain('\\[click\\]\\(javascript');
    expect(JSON.stringify(mm)).not.toMatch(/@here|@all|@channel/);
    const teams = got.find((r) => r.path.startsWith('/teams'))!.body;
    // user text only in TextRuns, which Teams does not read as Markdown
    const card = JSON.parse(teams).attachments[0].content;
    expect(card.body.every((b: { type: string; inlines: Array<{ type: string }> }) => b.type === 'RichTextBlock' && b.inlines.every((i) => i.type === 'TextRun'))).toBe(true);
    expect(Buffer.byteLength(teams)).toBeLessThan(28_000);
    expect(JSON.parse(teams).attachments[0].content.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Acknowledge', url: 'https://vigil.example.org/ack/t0k3n', style: 'positive' },
      { type: 'Action.OpenUrl', title: 'Open incident', url: `https://vigil.example.org/incidents/${incident.number}` },
    ]);
  });

  it('disables a Slack channel whose hook was revoked (404), audited, and re-enables it on request', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/api/v1/chat-channels', headers: staff.admin.headers, payload: { kind: 'slack', name: '#old', url: receiver.url('/slack/revoked') } });
    const channel = res.json() as { id: string };
    await ctx.app.inject({ method: 'POST', url: `/api/v1/chat-channels/${channel.id}/test`, headers: staff.admin.headers });
    await deliveryWorker(ctx.deps).drain();
    const after = (await ctx.app.inject({ method: 'GET', url: `/api/v1/chat-channels/${channel.id}`, headers: staff.admin.headers })).json();
    expect(after).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^HTTP 404/) });
    expect((await auditOf(ctx.deps, channel.id)).map((a) => [a.action, a.actor_type])).toEqual([
      ['create', 'token'],
      ['test', 'token'],
      ['disable', 'system'],
    ]);
    const enabled = await ctx.app.inject({ method: 'PATCH', url: `/api/v1/chat-channels/${channel.id}`, headers: staff.admin.headers, payload: { enabled: true, url: receiver.url('/slack/new-hook') } });
    expect(enabled.json()).toMatchObject({ enabled: true, disabledReason: null, urlHint: expect.stringMatching(/…hook$/) });
  });
});
