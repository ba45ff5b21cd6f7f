import { useEffect, useSyncExternalStore } from 'react';
import { deviceStore } from './device-store';
import { Outbox, retryDelaysMs, sha256Hex, withTabLock, type OutboxItem } from './outbox';
import { createReport, listAttachments, uploadAttachment } from './report.api';

let outbox: Outbox | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let round = 0;

/** Tries the waiting reports again after a growing pause, while any still wait. */
export function scheduleRetry(): void {
  const box = getOutbox();
  clearTimeout(timer);
  timer = undefined;
  if (!box.hasWaiting()) {
    round = 0;
    return;
  }
  const delay = retryDelaysMs[Math.min(round, retryDelaysMs.length - 1)]!;
  round += 1;
  timer = setTimeout(flushOutbox, delay);
}

/** Tries the waiting reports now, then again later while any still wait. */
export function flushOutbox(): void {
  clearTimeout(timer);
  void getOutbox()
    .flush()
    .catch(() => undefined)
    .finally(scheduleRetry);
}

/** The outbox of this tab: created on first use, sending again when the connection returns or the tab is shown. */
export function getOutbox(): Outbox {
  if (outbox) return outbox;
  outbox = new Outbox({
    store: deviceStore<OutboxItem>('outbox'),
    create: async (body, key) => {
      const incident = await createReport(body, key);
      return { id: incident.id, number: incident.number };
    },
    upload: uploadAttachment,
    listAttachments: async (id) => (await listAttachments(id)).items,
    digest: sha256Hex,
    exclusive: withTabLock,
  });
  window.addEventListener('online', () => {
    round = 0;
    flushOutbox();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && outbox?.hasWaiting()) flushOutbox();
  });
  return outbox;
}

/** The signed-in person's reports on this device (waiting, sent, refused), kept current; starts sending waiting ones. */
export function useOutbox(userId: string): { items: readonly OutboxItem[]; ready: boolean } {
  const box = getOutbox();
  useEffect(() => {
    let live = true;
    void box.load(userId).then(() => {
      if (live && box.hasWaiting()) flushOutbox();
    });
    return () => {
      live = false;
    };
  }, [box, userId]);
  const items = useSyncExternalStore(box.subscribe, box.snapshot);
  return { items, ready: box.readyFor(userId) };
}
