import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { limits, type Attachment } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/harness.js';
import { actorFor, auditOf, createIncidentAs, createPerson, setupIncidentWorld, timelineOf, type Person, type Staff } from '../../../test/factories/incidents.js';
import type { IncidentRow } from '../../db/schema.js';
import { addComment, addWatcher } from '../incidents/index.js';
import { attachmentsRoot, blobPath } from './attachment.storage.js';
import { multipartBody, pdfBytes, pngBytes } from './attachment.test-fixtures.js';

type FileSpec = { filename: string; contentType?: string; data: Buffer };

describe('attachments over HTTP', () => {
  let ctx: TestContext & { app: FastifyInstance };
  let staff: Staff;
  let dataDir: string;
  let open: IncidentRow;
  let restricted: IncidentRow;
  let outsider: Person;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'vigil-attachments-'));
    ctx = await createTestApp({ dataDir });
    staff = await setupIncidentWorld(ctx.deps);
    outsider = await createPerson(ctx.deps, 'agent', { name: 'Outsider' });
    open = await createIncidentAs(ctx.deps, staff.reporter.id, { title: 'Printer on fire' });
    restricted = await createIncidentAs(ctx.deps, staff.admin.id, { type: 'security', title: 'Phishing wave', detectedAt: '2026-01-10T08:00:00Z' });
  });
  afterAll(async () => {
    await ctx.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function upload(who: Person, incidentRef: string, file: FileSpec, fields: Record<string, string> = {}) {
    const form = multipartBody([...Object.entries(fields).map(([name, value]) => ({ name, value })), { name: 'file', ...file }]);
    return ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${incidentRef}/attachments`, headers: { ...who.headers, ...form.headers }, payload: form.payload });
  }
  const get = (who: Person, url: string) => ctx.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: who.headers });
  const storedBlobs = () =>
    readdirSync(attachmentsRoot(dataDir), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  const stagedFiles = () => storedBlobs().filter((f) => f.startsWith(path.join(attachmentsRoot(dataDir), 'tmp') + path.sep));
  const attachmentCount = async () => Number((await ctx.deps.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('stores an upload under its SHA-256 and serves it back with the safe headers', async () => {
    const res = await upload(staff.agent, open.number, { filename: 'screenshot.png', contentType: 'image/png', data: pngBytes });
    expect(res.statusCode).toBe(201);
    const created = res.json() as Attachment;
    const sha256 = createHash('sha256').update(pngBytes).digest('hex');
    expect(created).toMatchObject({ incidentId: open.id, commentId: null, filename: 'screenshot.png', contentType: 'image/png', size: pngBytes.length, sha256, uploadedBy: { id: staff.agent.id, name: 'The agent' } });
    expect(existsSync(blobPath(dataDir, sha256))).toBe(true);
    expect(blobPath(dataDir, sha256)).toBe(path.join(dataDir, 'attachments', sha256.slice(0, 2), sha256.slice(2, 4), sha256));

    const meta = await get(staff.agent, `/attachments/${created.id}`);
    expect(meta.statusCode).toBe(200);
    expect(meta.json()).toEqual(created);

    const content = await get(staff.agent, `/attachments/${created.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(pngBytes)).toBe(true);
    expect(content.headers['content-type']).toBe('image/png');
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.headers['content-disposition']).toBe(`attachment; filename="screenshot.png"; filename*=UTF-8''screenshot.png`);
    expect(content.headers['content-security-policy']).toBe("sandbox; default-src 'none'");
    expect(content.headers['cache-control']).toBe('private, no-store');

    const inline = await get(staff.agent, `/attachments/${created.id}/content?inline=1`);
    expect(inline.headers['content-disposition']).toMatch(/^inline; /);

    const [event] = (await timelineOf(ctx.deps, open.id)).filter((e) => e.type === 'attachment.added');
    expect(event).toMatchObject({ actor_id: staff.agent.id, visibility: 'internal', data: { attachmentId: created.id, filename: 'screenshot.png', contentType: 'image/png', size: pngBytes.length, commentId: null } });
    const audit = await auditOf(ctx.deps, created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'attachment', action: 'create', actor_id: staff.agent.id, before: null });
    expect(audit[0]!.after).toEqual({ ...created, uploadedBy: staff.agent.id, incidentNumber: open.number });

    const list = await get(staff.agent, `/incidents/${open.id}/attachments`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [created] });
  });

  it('stores identical content once, however often and under whatever name it is uploaded', async () => {
    const other = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'Second outage' });
    const before = storedBlobs().length;
    const first = await upload(staff.manager, other.id, { filename: 'again.png', contentType: 'image/png', data: pngBytes });
    const second = await upload(staff.admin, other.id, { filename: 'once more.png', contentType: 'application/octet-stream', data: pngBytes });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    const [a, b] = [first.json() as Attachment, second.json() as Attachment];
    expect(a.id).not.toBe(b.id);
    expect(a.sha256).toBe(b.sha256);
    expect(storedBlobs()).toHaveLength(before);
    expect(stagedFiles()).toEqual([]);
  });

  it('refuses a file over the limit with 413 and keeps nothing of it', async () => {
    const rows = await attachmentCount();
    const res = await upload(staff.agent, open.id, { filename: 'huge.txt', contentType: 'text/plain', data: Buffer.alloc(limits.attachmentBytes + 1, 0x61) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
    expect(await attachmentCount()).toBe(rows);
    expect(stagedFiles()).toEqual([]);
  });

  it('refuses content whose magic bytes disagree with its name or declared type (415), and markup', async () => {
    const rows = await attachmentCount();
    const blobs = storedBlobs().length;
    const cases: FileSpec[] = [
      { filename: 'report.pdf', contentType: 'application/pdf', data: pngBytes },
      { filename: 'photo.png', contentType: 'text/html', data: pngBytes },
      { filename: 'report.pdf', contentType: 'image/png', data: pdfBytes },
      { filename: 'page.html', contentType: 'text/html', data: Buffer.from('<!doctype html><script>alert(1)</script>') },
      { filename: 'logo.svg', contentType: 'image/svg+xml', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
      { filename: 'notes.txt', contentType: 'text/plain', data: Buffer.from('<html><body onload=alert(1)>') },
    ];
    for (const file of cases) {
      const res = await upload(staff.agent, open.id, file);
      expect(res.statusCode, file.filename).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
    expect(await attachmentCount()).toBe(rows);
    expect(storedBlobs()).toHaveLength(blobs);
  });

  it('keeps only the last part of a path-like file name; the stored path comes from the hash alone', async () => {
    const data = Buffer.from('id,name\n1,traversal\n');
    const res = await upload(staff.agent, open.id, { filename: '../../../../etc/cron.d/evil.csv', contentType: 'text/csv', data });
    expect(res.statusCode).toBe(201);
    const created = res.json() as Attachment;
    expect(created.filename).toBe('evil.csv');
    expect(created.contentType).toBe('text/csv');
    const backslashes = await upload(staff.agent, open.id, { filename: '..\\..\\windows\\win.ini.txt', contentType: 'text/plain', data: Buffer.from('[x]\n') });
    expect((backslashes.json() as Attachment).filename).toBe('win.ini.txt');
    expect(storedBlobs()).toContain(blobPath(dataDir, created.sha256));
    expect(storedBlobs().every((f) => f.startsWith(attachmentsRoot(dataDir) + path.sep))).toBe(true);
    const content = await get(staff.agent, `/attachments/${created.id}/content?inline=1`);
    expect(content.headers['content-disposition']).toBe(`attachment; filename="evil.csv"; filename*=UTF-8''evil.csv`);
  });

  it('encodes a Unicode name in filename* and never shows a non-image inline', async () => {
    const res = await upload(staff.agent, open.id, { filename: 'Prüfbericht (Halle 3) – 50%.pdf', contentType: 'application/pdf', data: pdfBytes });
    expect(res.statusCode).toBe(201);
    const created = res.json() as Attachment;
    expect(created.filename).toBe('Prüfbericht (Halle 3) – 50%.pdf');
    const content = await get(staff.agent, `/attachments/${created.id}/content?inline=1`);
    expect(content.headers['content-type']).toBe('application/pdf');
    expect(content.headers['content-disposition']).toBe(`attachment; filename="Pr_fbericht (Halle 3) _ 50_.pdf"; filename*=UTF-8''Pr%C3%BCfbericht%20%28Halle%203%29%20%E2%80%93%2050%25.pdf`);
  });

  it('answers 404 to someone who cannot see a restricted incident, for the list, the metadata and the content', async () => {
    const res = await upload(staff.admin, restricted.number, { filename: 'headers.eml', contentType: 'message/rfc822', data: Buffer.from('From: a@example.com\r\nSubject: win\r\n\r\nclick') });
    expect(res.statusCode).toBe(201);
    const created = res.json() as Attachment;
    for (const url of [`/incidents/${restricted.id}/attachments`, `/incidents/${restricted.number}/attachments`, `/attachments/${created.id}`, `/attachments/${created.id}/content`]) {
      const denied = await get(outsider, url);
      expect(denied.statusCode, url).toBe(404);
      expect(denied.json().error.code).toBe('not_found');
    }
    const refused = await upload(outsider, restricted.id, { filename: 'x.png', contentType: 'image/png', data: pngBytes });
    expect(refused.statusCode).toBe(404);
    expect((await get(staff.auditor, `/attachments/${created.id}/content`)).statusCode).toBe(200);
    expect((await get(staff.admin, `/attachments/${created.id}`)).statusCode).toBe(200);
  });

  it('lets auditors read but not upload', async () => {
    const res = await upload(staff.auditor, open.id, { filename: 'a.png', contentType: 'image/png', data: pngBytes });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('forbidden');
    expect((await get(staff.auditor, `/incidents/${open.id}/attachments`)).statusCode).toBe(200);
  });

  it('lets reporters attach to their own incidents, shows them public attachments only', async () => {
    const mine = await upload(staff.reporter, open.id, { filename: 'photo.jpg', contentType: 'image/png', data: pngBytes });
    expect(mine.statusCode).toBe(415);
    const ok = await upload(staff.reporter, open.id, { filename: 'photo.png', contentType: 'image/png', data: pngBytes });
    expect(ok.statusCode).toBe(201);
    const own = ok.json() as Attachment;
    const event = (await timelineOf(ctx.deps, open.id)).find((e) => e.type === 'attachment.added' && (e.data as { attachmentId: string }).attachmentId === own.id);
    expect(event?.visibility).toBe('public');
    expect(await auditOf(ctx.deps, own.id)).toMatchObject([{ action: 'create', actor_id: staff.reporter.id }]);

    const agentActor = await actorFor(ctx.deps, staff.agent.id);
    const publicComment = await addComment(ctx.deps, agentActor, open.id, { body: 'Here is the log', visibility: 'public' });
    const shared = await upload(staff.agent, open.id, { filename: 'shared.txt', contentType: 'text/plain', data: Buffer.from('for the reporter') }, { commentId: publicComment.id });
    expect(shared.statusCode).toBe(201);
    expect((shared.json() as Attachment).commentId).toBe(publicComment.id);

    const listed = (await get(staff.reporter, `/incidents/${open.id}/attachments`)).json() as { items: Attachment[] };
    const names = listed.items.map((a) => a.filename);
    expect(names).toEqual(['photo.png', 'shared.txt']);
    const internal = (await get(staff.agent, `/incidents/${open.id}/attachments`)).json() as { items: Attachment[] };
    const hidden = internal.items.find((a) => a.filename === 'screenshot.png')!;
    expect((await get(staff.reporter, `/attachments/${hidden.id}`)).statusCode).toBe(404);
    expect((await get(staff.reporter, `/attachments/${hidden.id}/content`)).statusCode).toBe(404);

    const othersIncident = await createIncidentAs(ctx.deps, staff.agent.id, { title: 'Not the reporter’s' });
    expect((await upload(staff.reporter, othersIncident.id, { filename: 'a.png', contentType: 'image/png', data: pngBytes })).statusCode).toBe(404);
    await addWatcher(ctx.deps, agentActor, othersIncident.id, staff.reporter.id);
    const watching = await upload(staff.reporter, othersIncident.id, { filename: 'a.png', contentType: 'image/png', data: pngBytes });
    expect(watching.statusCode).toBe(403);
  });

  it('attaches to a comment only when it is the uploader’s own comment on the same incident', async () => {
    const agentActor = await actorFor(ctx.deps, staff.agent.id);
    const theirs = await addComment(ctx.deps, agentActor, open.id, { body: 'agent note' });
    const res = await upload(staff.manager, open.id, { filename: 'a.png', contentType: 'image/png', data: pngBytes }, { commentId: theirs.id });
    expect(res.statusCode).toBe(422);
    const bad = await upload(staff.manager, open.id, { filename: 'a.png', contentType: 'image/png', data: pngBytes }, { commentId: 'not-a-uuid' });
    expect(bad.statusCode).toBe(400);
    expect(stagedFiles()).toEqual([]);
  });

  it('refuses a body that is not one file in the field "file"', async () => {
    const json = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${open.id}/attachments`, headers: staff.agent.headers, payload: { file: 'x' } });
    expect(json.statusCode).toBe(415);
    const noFile = multipartBody([{ name: 'commentId', value: '00000000-0000-4000-8000-000000000000' }]);
    const empty = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${open.id}/attachments`, headers: { ...staff.agent.headers, ...noFile.headers }, payload: noFile.payload });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('validation_failed');
    const wrongField = multipartBody([{ name: 'upload', filename: 'a.png', contentType: 'image/png', data: pngBytes }]);
    const wrong = await ctx.app.inject({ method: 'POST', url: `/api/v1/incidents/${open.id}/attachments`, headers: { ...staff.agent.headers, ...wrongField.headers }, payload: wrongField.payload });
    expect(wrong.statusCode).toBe(400);
    const zero = await upload(staff.agent, open.id, { filename: 'empty.txt', contentType: 'text/plain', data: Buffer.alloc(0) });
    expect(zero.statusCode).toBe(400);
    expect(stagedFiles()).toEqual([]);
  });

  it('documents the routes in OpenAPI', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { tags?: string[]; requestBody?: { content: Record<string, unknown> } }>> };
    const post = doc.paths['/api/v1/incidents/{id}/attachments']?.post;
    expect(post?.tags).toEqual(['attachments']);
    expect(Object.keys(post?.requestBody?.content ?? {})).toEqual(['multipart/form-data']);
    expect(doc.paths['/api/v1/attachments/{id}/content']?.get?.tags).toEqual(['attachments']);
  });
});
