import type { LiveIncidentEvent } from '@vigil/shared';
import { useEffect, useEffectEvent, useState } from 'react';
import { api, apiUrl } from '../../lib/api';

export type LiveStatus = 'connecting' | 'live' | 'offline';

/** Reconnection delay after the n-th failure in a row: 1 s, 2 s, 4 s ... up to 30 s, with jitter so tabs do not reconnect in step. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}

/**
 * Subscribes to GET /api/v1/events (Server-Sent Events with the session cookie) while mounted.
 * Reconnects with backoff itself rather than leaving it to EventSource (which gives up for good on a
 * 401 or 429), resuming after the last event seen; when it cannot resume (nothing seen yet, or the
 * server says events were lost) it asks for a reload of what is on screen through `onResync`.
 */
export function useLiveEvents(handlers: { onIncident: (event: LiveIncidentEvent) => void; onResync: () => void }): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const onIncident = useEffectEvent(handlers.onIncident);
  const onResync = useEffectEvent(handlers.onResync);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: number | undefined;
    let failures = 0;
    let lastEventId: string | null = null;
    let everOpen = false;
    let stopped = false;

    const connect = () => {
      window.clearTimeout(timer);
      source?.close();
      const resuming = lastEventId !== null;
      const es = new EventSource(apiUrl('/events', resuming ? { lastEventId } : undefined), { withCredentials: true });
      source = es;
      es.onopen = () => {
        setStatus('live');
        // A reconnect that cannot resume may have missed changes: reload what is shown.
        if (everOpen && !resuming) onResync();
        everOpen = true;
        failures = 0;
      };
      es.addEventListener('incident', (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        try {
          onIncident(JSON.parse(message.data) as LiveIncidentEvent);
        } catch {
          // A malformed event is skipped; the next resync covers it.
        }
      });
      es.addEventListener('resync', () => onResync());
      es.onerror = () => {
        es.close();
        if (stopped) return;
        failures += 1;
        setStatus(failures > 1 || !everOpen ? 'offline' : 'connecting');
        // EventSource does not say why it failed: if the session ended, this request tells the app (sign-in page).
        if (failures === 2) api.get('/me').catch(() => {});
        timer = window.setTimeout(connect, backoffMs(failures));
      };
    };

    const reconnectNow = () => {
      if (stopped || !source || source.readyState !== EventSource.CLOSED) return;
      failures = 0;
      setStatus('connecting');
      connect();
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') reconnectNow();
    };
    connect();
    window.addEventListener('online', reconnectNow);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
      window.removeEventListener('online', reconnectNow);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, []);

  return status;
}
