import type { LiveIncidentEvent } from '@vigil/shared';
import { useEffect, useEffectEvent, useState } from 'react';
import { apiUrl } from '../../lib/api';

export type LiveState = 'connecting' | 'live' | 'offline';

/** 1 s, 2 s, 4 s … up to 30 s, with jitter so several tabs do not reconnect in step. */
function retryDelay(failures: number): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/**
 * Listens to GET /api/v1/events while the page is open and calls `onChange` when something happened
 * to the incident `incidentId` (or when events may have been missed: after a reconnect that could not
 * resume, or a `resync`). Reconnects itself with backoff, resuming after the last event seen.
 */
export function useIncidentLive(incidentId: string | undefined, onChange: () => void): LiveState {
  const [state, setState] = useState<LiveState>('connecting');
  const changed = useEffectEvent(onChange);

  useEffect(() => {
    if (!incidentId || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: number | undefined;
    let failures = 0;
    let lastEventId: string | null = null;
    let opened = false;
    let stopped = false;

    const connect = () => {
      window.clearTimeout(timer);
      source?.close();
      const resuming = lastEventId !== null;
      const es = new EventSource(apiUrl('/events', resuming ? { lastEventId } : undefined), { withCredentials: true });
      source = es;
      es.onopen = () => {
        setState('live');
        if (opened && !resuming) changed();
        opened = true;
        failures = 0;
      };
      es.addEventListener('incident', (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        try {
          const event = JSON.parse(message.data) as LiveIncidentEvent;
          if (event.id === incidentId) changed();
        } catch {
          // A malformed event is skipped; the next change or resync brings the page up to date.
        }
      });
      es.addEventListener('resync', () => changed());
      es.onerror = () => {
        es.close();
        if (stopped) return;
        failures += 1;
        setState(failures > 1 || !opened ? 'offline' : 'connecting');
        timer = window.setTimeout(connect, retryDelay(failures));
      };
    };
    const reconnectNow = () => {
      if (stopped || !source || source.readyState !== EventSource.CLOSED) return;
      failures = 0;
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
  }, [incidentId]);

  return state;
}
