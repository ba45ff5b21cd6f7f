import type { LocalizedText } from '@vigil/shared';
import { ApiError, validationIssues, type FieldIssue } from '../../lib/api';
import type { DeviceStore } from './device-store';
import type { ReportValues } from './report-values';

/**
 * Reports on their way to the server. A report is stored on the device before it is sent and keeps its
 * Idempotency-Key, so when the network drops it waits here and is sent again with the same key until the
 * server has it, and the server makes exactly one incident of it however often it arrives. Its files are
 * uploaded after the incident exists; a file whose upload may have arrived is looked up before it is sent again.
 */

export type OutboxFile = {
  id: string;
  name: string;
  type: string;
  size: number;
  /** Dropped once the file is on the server. */
  blob: Blob | null;
  sha256?: string;
  state: 'pending' | 'attempted' | 'done' | 'failed';
  error?: string;
};

export type OutboxState = 'queued' | 'created' | 'sent' | 'rejected';

export type OutboxItem = {
  /** Also the Idempotency-Key of the create. */
  id: string;
  userId: string;
  typeKey: string;
  typeName: LocalizedText;
  title: string;
  /** The form as it was sent, to reopen it when the server refuses the report. */
  values: ReportValues;
  body: Record<string, unknown>;
  files: OutboxFile[];
  state: OutboxState;
  incident?: { id: string; number: string };
  error?: { code: string; message: string; issues: FieldIssue[] };
  attempts: number;
  /** It waited for the network at least once (the page says so). */
  waited: boolean;
  createdAt: string;
  sentAt?: string;
};

export type OutboxDeps = {
  store: DeviceStore<OutboxItem>;
  create: (body: Record<string, unknown>, idempotencyKey: string) => Promise<{ id: string; number: string }>;
  upload: (incidentId: string, file: Blob, filename: string) => Promise<unknown>;
  listAttachments: (incidentId: string) => Promise<Array<{ filename: string; size: number; sha256: string }>>;
  digest?: (blob: Blob) => Promise<string | undefined>;
  /** Runs `fn` alone across this browser's tabs (Web Locks where available). */
  exclusive?: <R>(fn: () => Promise<R>) => Promise<R>;
  now?: () => Date;
};

/** Failures worth trying again later with the same key: no answer, the server or a proxy unavailable, throttled, signed out. */
export function isTransient(err: unknown): boolean {
  if (!(err instanceof ApiError)) return !(err instanceof DOMException && err.name === 'AbortError');
  if (['network_error', 'unavailable', 'rate_limited', 'unauthenticated', 'csrf_failed'].includes(err.code)) return true;
  return err.code === 'unexpected_response' && (err.status === 0 || err.status >= 500);
}

/** What a report became after one attempt. */
export type SendOutcome = { item: OutboxItem; outcome: 'sent' | 'waiting' | 'rejected'; error?: unknown };

/** Retry delays while reports wait: soon at first, then every two minutes. */
export const retryDelaysMs = [5_000, 15_000, 30_000, 60_000, 120_000] as const;

export class Outbox {
  private items: OutboxItem[] = [];
  private listeners = new Set<() => void>();
  private userId: string | null = null;
  private loaded: string | null = null;
  private running: Promise<void> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly deps: OutboxDeps;

  constructor(deps: OutboxDeps) {
    this.deps = deps;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The signed-in user's reports on this device, newest first. */
  snapshot = (): readonly OutboxItem[] => this.items;

  private emit() {
    this.items = [...this.items];
    for (const l of this.listeners) l();
  }

  private async save(item: OutboxItem) {
    try {
      await this.deps.store.put(item.id, item);
    } catch {
      // A full or unavailable device storage: the report still goes out from this tab, it just does not survive a reload.
    }
    const i = this.items.findIndex((x) => x.id === item.id);
    if (i >= 0) this.items[i] = item;
    else if (item.userId === this.userId) this.items.unshift(item);
    this.emit();
  }

  /** Loads the user's reports from the device; sent ones older than a week are forgotten. */
  async load(userId: string): Promise<void> {
    this.userId = userId;
    const weekAgo = this.now().getTime() - 7 * 86_400_000;
    const all = await this.deps.store.all().catch((): OutboxItem[] => []);
    const keep: OutboxItem[] = [];
    for (const item of all) {
      if (item.state === 'sent' && Date.parse(item.sentAt ?? item.createdAt) < weekAgo) await this.deps.store.delete(item.id);
      else if (item.userId === userId) keep.push(item);
    }
    this.items = keep.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    this.loaded = userId;
    this.emit();
  }

  /** True once the user's reports were read from the device. */
  readyFor(userId: string): boolean {
    return this.loaded === userId && this.userId === userId;
  }

  /** True while some report of the user still has to reach the server. */
  hasWaiting(): boolean {
    return this.items.some((i) => i.state === 'queued' || i.state === 'created');
  }

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** One attempt at a time in this tab, and across tabs where the browser has Web Locks. */
  private exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = () => (this.deps.exclusive ? this.deps.exclusive(fn) : fn());
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /**
   * Sends a new report: stored first, then one attempt. A report the server refuses (validation and the
   * like) is taken off the device again and the error thrown, for the form to show; one that could not
   * reach the server stays and waits.
   */
  async submit(input: Omit<OutboxItem, 'state' | 'attempts' | 'waited' | 'createdAt'>): Promise<SendOutcome> {
    const item: OutboxItem = { ...input, state: 'queued', attempts: 0, waited: false, createdAt: this.now().toISOString() };
    await this.save(item);
    const result = await this.exclusive(() => this.attempt(item.id, item));
    if (result.outcome === 'rejected') {
      await this.remove(item.id);
      throw result.error;
    }
    return result;
  }

  /** Tries every waiting report once (one run at a time); resolves when done. */
  flush(): Promise<void> {
    this.running ??= this.exclusive(async () => {
      for (const item of [...this.items]) {
        if (item.state !== 'queued' && item.state !== 'created') continue;
        const fresh = (await this.deps.store.get(item.id).catch(() => undefined)) ?? item;
        if (fresh.state === 'queued' || fresh.state === 'created') await this.attempt(fresh.id, fresh);
        else await this.save(fresh);
      }
    }).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Forgets a report on this device (a sent one after it was seen, or a refused one the person gives up). */
  async remove(id: string): Promise<void> {
    await this.deps.store.delete(id);
    this.items = this.items.filter((i) => i.id !== id);
    this.emit();
  }

  private async attempt(id: string, known?: OutboxItem): Promise<SendOutcome> {
    let item = known ?? (await this.deps.store.get(id));
    if (!item) throw new Error(`report ${id} is not on this device`);
    if (item.state === 'queued') {
      try {
        const created = await this.deps.create(item.body, item.id);
        item = { ...item, state: 'created', incident: { id: created.id, number: created.number }, attempts: item.attempts + 1 };
        await this.save(item);
      } catch (err) {
        if (isTransient(err)) {
          item = { ...item, attempts: item.attempts + 1, waited: true };
          await this.save(item);
          return { item, outcome: 'waiting' };
        }
        item = { ...item, state: 'rejected', attempts: item.attempts + 1, error: toError(err) };
        await this.save(item);
        return { item, outcome: 'rejected', error: err };
      }
    }
    if (item.state === 'created') {
      const result = await this.uploadFiles(item);
      item = result;
      if (item.files.some((f) => f.state === 'pending' || f.state === 'attempted')) return { item, outcome: 'waiting' };
      item = { ...item, state: 'sent', sentAt: this.now().toISOString() };
      await this.save(item);
    }
    return { item, outcome: 'sent' };
  }

  /** Uploads the files not yet on the server; stops at the first that cannot reach it (tried again later). */
  private async uploadFiles(start: OutboxItem): Promise<OutboxItem> {
    let item = start;
    const incidentId = item.incident!.id;
    let onServer: Array<{ filename: string; size: number; sha256: string }> | null = null;
    for (const file of item.files) {
      if (file.state === 'done' || file.state === 'failed') continue;
      const update = async (patch: Partial<OutboxFile>) => {
        item = { ...item, files: item.files.map((f) => (f.id === file.id ? { ...f, ...patch } : f)) };
        await this.save(item);
      };
      try {
        if (file.state === 'attempted') {
          // The last upload may have arrived with its answer lost: look before sending it again.
          onServer ??= await this.deps.listAttachments(incidentId);
          const arrived = onServer.some((a) => a.size === file.size && (file.sha256 ? a.sha256 === file.sha256 : a.filename === file.name));
          if (arrived) {
            await update({ state: 'done', blob: null });
            continue;
          }
        }
        if (!file.blob) {
          await update({ state: 'failed', error: 'not_found' });
          continue;
        }
        const sha256 = file.sha256 ?? (await this.deps.digest?.(file.blob));
        await update({ state: 'attempted', ...(sha256 ? { sha256 } : {}) });
        await this.deps.upload(incidentId, file.blob, file.name);
        await update({ state: 'done', blob: null });
      } catch (err) {
        if (isTransient(err)) {
          item = { ...item, waited: true };
          await this.save(item);
          return item;
        }
        await update({ state: 'failed', blob: null, error: err instanceof ApiError ? err.code : 'unexpected' });
      }
    }
    return item;
  }
}

function toError(err: unknown): OutboxItem['error'] {
  if (err instanceof ApiError) return { code: err.code, message: err.message, issues: validationIssues(err) };
  return { code: 'unexpected', message: err instanceof Error ? err.message : String(err), issues: [] };
}

/** SHA-256 of a file, hex (needs a secure context; undefined elsewhere, and files are then matched by name). */
export async function sha256Hex(blob: Blob): Promise<string | undefined> {
  if (!globalThis.crypto?.subtle) return undefined;
  try {
    const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return undefined;
  }
}

/** Runs `fn` holding a Web Lock shared by this origin's tabs, so two tabs never send the same report at once. */
export function withTabLock<R>(fn: () => Promise<R>): Promise<R> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  return locks ? (locks.request('vigil-report-outbox', fn) as Promise<unknown> as Promise<R>) : fn();
}
