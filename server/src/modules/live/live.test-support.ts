/** One parsed Server-Sent Event. */
export type SseEvent = { event: string; data: string; id?: string };

/**
 * Reads an event stream over real HTTP (fetch, streaming body) and parses it as EventSource does:
 * events are separated by a blank line; comment lines start with a colon.
 */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let retry: number | null = null;
  let waiters: Array<() => void> = [];
  let ended = false;
  const wake = () => {
    const w = waiters;
    waiters = [];
    for (const fn of w) fn();
  };

  const pump = async () => {
    if (!res.body || res.status !== 200) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: SseEvent = { event: 'message', data: '' };
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('retry: ')) retry = Number(line.slice(7));
            else if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ') || line.startsWith('data: ')) {
              isEvent = true;
              if (line.startsWith('event: ')) e.event = line.slice(7);
              else e.data = line.slice(6);
            }
          }
          if (isEvent) events.push(e);
        }
        wake();
      }
    } catch {
      // aborted by close()
    } finally {
      ended = true;
      wake();
    }
  };
  void pump();

  /** Waits until an event matching `match` has arrived (or fails after `ms`). */
  const waitFor = async (match: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = events.find(match);
      if (found) return found;
      if (ended) throw new Error(`stream ended before a matching event arrived; got ${JSON.stringify(events)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${ms} ms; got ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  };
  const waitForEnd = async (ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!ended && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return ended;
  };

  return {
    res,
    events,
    comments,
    get retry() {
      return retry;
    },
    waitFor,
    waitForEnd,
    /** Incident events as parsed JSON. */
    incidents: () => events.filter((e) => e.event === 'incident').map((e) => ({ ...(JSON.parse(e.data) as { id: string; number: string; eventType: string; at: string }), eventId: Number(e.id) })),
    close: () => controller.abort(),
  };
}
