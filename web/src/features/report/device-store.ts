/**
 * Key-value stores on this device: IndexedDB (which keeps files, so photos survive a reload), or memory
 * where IndexedDB is not available (some private windows), so the form still works for this visit.
 */

export type DeviceStore<T> = {
  get(id: string): Promise<T | undefined>;
  put(id: string, value: T): Promise<void>;
  delete(id: string): Promise<void>;
  all(): Promise<T[]>;
  /** False when values live in memory only and are lost on reload. */
  readonly persistent: () => boolean;
};

/** A store in memory (tests, and the fallback without IndexedDB). */
export function memoryStore<T>(): DeviceStore<T> {
  const map = new Map<string, T>();
  return {
    get: async (id) => map.get(id),
    put: async (id, value) => {
      map.set(id, value);
    },
    delete: async (id) => {
      map.delete(id);
    },
    all: async () => [...map.values()],
    persistent: () => false,
  };
}

const dbName = 'vigil-report';
const storeNames = ['drafts', 'outbox'] as const;
export type StoreName = (typeof storeNames)[number];

let opening: Promise<IDBDatabase | null> | undefined;

function openDb(): Promise<IDBDatabase | null> {
  opening ??= new Promise((resolve) => {
    try {
      if (typeof indexedDB === 'undefined') return resolve(null);
      const req = indexedDB.open(dbName, 1);
      req.onupgradeneeded = () => {
        for (const name of storeNames) if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => resolve(null);
      req.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opening;
}

function run<R>(db: IDBDatabase, name: StoreName, mode: IDBTransactionMode, fn: (store: IDBObjectStore) => IDBRequest<R>): Promise<R> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(name, mode);
    const req = fn(tx.objectStore(name));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** A store of this device's IndexedDB; falls back to memory when it cannot be opened. */
export function deviceStore<T>(name: StoreName): DeviceStore<T> {
  const fallback = memoryStore<T>();
  let persistent = true;
  const db = async () => {
    const opened = await openDb();
    if (!opened) persistent = false;
    return opened;
  };
  return {
    async get(id) {
      const d = await db();
      return d ? ((await run(d, name, 'readonly', (s) => s.get(id))) as T | undefined) : fallback.get(id);
    },
    async put(id, value) {
      const d = await db();
      if (d) await run(d, name, 'readwrite', (s) => s.put(value, id));
      else await fallback.put(id, value);
    },
    async delete(id) {
      const d = await db();
      if (d) await run(d, name, 'readwrite', (s) => s.delete(id));
      else await fallback.delete(id);
    },
    async all() {
      const d = await db();
      return d ? ((await run(d, name, 'readonly', (s) => s.getAll())) as T[]) : fallback.all();
    },
    persistent: () => persistent,
  };
}

/** A random id for drafts, files and Idempotency-Keys (crypto.randomUUID needs HTTPS; getRandomValues does not). */
export function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
