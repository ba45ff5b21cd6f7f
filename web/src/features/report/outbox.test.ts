import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { memoryStore } from './device-store';
import { Outbox, isTransient, type OutboxDeps, type OutboxItem } from './outbox';
import type { ReportValues } from './report-values';

const values: ReportValues = { title: 'Printer on fire', description: '', category: '', severity: 'high', impact: 'medium', urgency: 'high', times: {}, lists: {}, custom: {} };
const offline = () => new ApiError(0, 'network_error', 'The server could not be reached');

/** A server that makes one incident per Idempotency-Key, can be "offline", and records what arrived. */
function fakeServer() {
  const incidents = new Map<string, { id: string; number: string }>();
  const attachments: Array<{ incidentId: string; filename: string; size: number; sha256: string }> = [];
  const state = { online: true, creates: 0, uploads: 0, loseUploadAnswer: false, refuse: null as ApiError | null };
  const deps: Omit<OutboxDeps, 'store'> = {
    create: async (_body, key) => {
      if (!state.online) throw offline();
      if (state.refuse) throw state.refuse;
      state.creates += 1;
      if (!incidents.has(key)) incidents.set(key, { id: `id-${incidents.size + 1}`, number: `INC-2026-00000${incidents.size + 1}` });
      return incidents.get(key)!;
    },
    upload: async (incidentId, blob, filename) => {
      if (!state.online) throw offline();
      state.uploads += 1;
      attachments.push({ incidentId, filename, size: blob.size, sha256: `sha-${filename}` });
      if (state.loseUploadAnswer) {
        state.loseUploadAnswer = false;
        state.online = false;
        throw offline();
      }
    },
    listAttachments: async (incidentId) => {
      if (!state.online) throw offline();
      return attachments.filter((a) => a.incidentId === incidentId);
    },
    digest: async (blob) => `sha-${(blob as Blob & { name?: string }).name ?? 'x'}`,
  };
  return { incidents, attachments, state, deps };
}

function report(id: string, files: OutboxItem['files'] = []) {
  return { id, userId: 'u1', typeKey: 'it-outage', typeName: { en: 'IT outage' }, title: values.title, values, body: { type: 'it-outage', title: values.title }, files };
}

const photo = (name: string): OutboxItem['files'][number] => {
  const blob = new File(['jpeg bytes'], name, { type: 'image/jpeg' });
  return { id: name, name, type: 'image/jpeg', size: blob.size, blob, state: 'pending' };
};

describe('the outbox', () => {
  it('sends a report at once when online and keeps it as sent with its number', async () => {
    const server = fakeServer();
    const box = new Outbox({ ...server.deps, store: memoryStore() });
    await box.load('u1');
    const { outcome, item } = await box.submit(report('key-1', [photo('a.jpg')]));
    expect(outcome).toBe('sent');
    expect(item.incident?.number).toBe('INC-2026-000001');
    expect(item.files[0]).toMatchObject({ state: 'done', blob: null });
    expect(server.attachments).toHaveLength(1);
    expect(box.snapshot().map((i) => i.state)).toEqual(['sent']);
  });

  it('keeps a report that cannot reach the server and sends it once, with the same key, when the network returns', async () => {
    const server = fakeServer();
    const store = memoryStore<OutboxItem>();
    const box = new Outbox({ ...server.deps, store });
    await box.load('u1');
    server.state.online = false;
    const first = await box.submit(report('key-2', [photo('b.jpg')]));
    expect(first.outcome).toBe('waiting');
    expect(first.item).toMatchObject({ state: 'queued', waited: true, attempts: 1 });
    await box.flush();
    expect(box.snapshot()[0]!.state).toBe('queued');

    // A reload: a new outbox on the same device storage finds it and sends it.
    server.state.online = true;
    const again = new Outbox({ ...server.deps, store });
    await again.load('u1');
    await again.flush();
    await again.flush();
    expect(again.snapshot()[0]).toMatchObject({ state: 'sent', incident: { number: 'INC-2026-000001' } });
    expect(server.incidents.size).toBe(1);
    expect(server.attachments).toHaveLength(1);
  });

  it('a create whose answer was lost is sent again with the same key and makes no second incident', async () => {
    const server = fakeServer();
    const box = new Outbox({ ...server.deps, store: memoryStore(), create: async (body, key) => {
      const made = await server.deps.create(body, key);
      if (server.state.creates === 1) throw offline();
      return made;
    } });
    await box.load('u1');
    expect((await box.submit(report('key-3'))).outcome).toBe('waiting');
    await box.flush();
    expect(server.state.creates).toBe(2);
    expect(server.incidents.size).toBe(1);
    expect(box.snapshot()[0]!.state).toBe('sent');
  });

  it('does not upload a file twice when the answer to its upload was lost', async () => {
    const server = fakeServer();
    const box = new Outbox({ ...server.deps, store: memoryStore() });
    await box.load('u1');
    server.state.loseUploadAnswer = true;
    const first = await box.submit(report('key-4', [photo('c.jpg'), photo('d.jpg')]));
    expect(first.outcome).toBe('waiting');
    expect(first.item.state).toBe('created');
    server.state.online = true;
    await box.flush();
    expect(box.snapshot()[0]!.state).toBe('sent');
    expect(server.attachments.map((a) => a.filename)).toEqual(['c.jpg', 'd.jpg']);
  });

  it('gives a refused report back to the form (and off the device); a refused file does not stop the report', async () => {
    const server = fakeServer();
    const box = new Outbox({ ...server.deps, store: memoryStore() });
    await box.load('u1');
    server.state.refuse = new ApiError(400, 'validation_failed', 'bad', [{ path: 'custom.location', message: 'Location is required' }]);
    await expect(box.submit(report('key-5'))).rejects.toMatchObject({ code: 'validation_failed' });
    expect(box.snapshot()).toEqual([]);

    server.state.refuse = null;
    const refusing = new Outbox({ ...server.deps, store: memoryStore(), upload: async () => {
      throw new ApiError(415, 'unsupported_media_type', 'no');
    } });
    await refusing.load('u1');
    const { outcome, item } = await refusing.submit(report('key-6', [photo('e.exe')]));
    expect(outcome).toBe('sent');
    expect(item.files[0]).toMatchObject({ state: 'failed', error: 'unsupported_media_type' });
  });

  it('a waiting report the server later refuses stays on the device, marked, for the person to reopen', async () => {
    const server = fakeServer();
    const box = new Outbox({ ...server.deps, store: memoryStore() });
    await box.load('u1');
    server.state.online = false;
    await box.submit(report('key-7'));
    server.state.online = true;
    server.state.refuse = new ApiError(400, 'validation_failed', 'bad', [{ path: 'title', message: 'must not be empty' }]);
    await box.flush();
    expect(box.snapshot()[0]).toMatchObject({ state: 'rejected', error: { code: 'validation_failed', issues: [{ path: 'title', message: 'must not be empty' }] } });
  });

  it('shows only the signed-in person’s reports and forgets sent ones after a week', async () => {
    const server = fakeServer();
    const store = memoryStore<OutboxItem>();
    let now = new Date('2026-03-01T10:00:00Z');
    const box = new Outbox({ ...server.deps, store, now: () => now });
    await box.load('u1');
    await box.submit(report('key-8'));
    await store.put('other', { ...report('other'), userId: 'u2', state: 'queued', attempts: 0, waited: false, createdAt: now.toISOString() });
    await box.load('u1');
    expect(box.snapshot().map((i) => i.id)).toEqual(['key-8']);
    now = new Date('2026-03-09T10:00:00Z');
    await box.load('u1');
    expect(box.snapshot()).toEqual([]);
    expect(await store.get('other')).toBeDefined();
  });

  it('tells failures to try again from those to show', () => {
    expect(isTransient(offline())).toBe(true);
    expect(isTransient(new ApiError(503, 'unavailable', ''))).toBe(true);
    expect(isTransient(new ApiError(502, 'unexpected_response', ''))).toBe(true);
    expect(isTransient(new ApiError(400, 'validation_failed', ''))).toBe(false);
    expect(isTransient(new ApiError(403, 'forbidden', ''))).toBe(false);
    expect(isTransient(new TypeError('Failed to fetch'))).toBe(true);
  });
});

describe('the outbox without device storage', () => {
  it('still sends a report when the device cannot store it', async () => {
    const server = fakeServer();
    const broken = { ...memoryStore<OutboxItem>(), put: async () => {
      throw new DOMException('quota', 'QuotaExceededError');
    } };
    const box = new Outbox({ ...server.deps, store: broken });
    await box.load('u1');
    const { outcome, item } = await box.submit(report('key-9', [photo('f.jpg')]));
    expect(outcome).toBe('sent');
    expect(item.incident?.number).toBe('INC-2026-000001');
    expect(server.attachments).toHaveLength(1);
  });
});
