import { useEffect, useEffectEvent } from 'react';
import { api, apiUrl } from '../../lib/api';

/**
 * Calls `onNotification` whenever the live stream (GET /api/v1/events) says a notification of the caller
 * arrived or changed, and `onResync` after a reconnect (something may have been missed). Reconnects with
 * a growing delay, since EventSource gives up for good on some failures.
 */
export function useNotificationEvents(handlers: { onNotification: () => void; onResync: () => void }): void {
  const onNotification = useEffectEvent(handlers.onNotification);
  const onResync = useEffectEvent(handlers.onResync);

  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let timer: number | undefined;
    let failures = 0;
    let everOpen = false;
    let stopped = false;

    const connect = () => {
      source?.close();
      const es = new EventSource(apiUrl('/events'), { withCredentials: true });
      source = es;
      es.onopen = () => {
        if (everOpen) onResync();
        everOpen = true;
        failures = 0;
      };
      es.addEventListener('notification', () => onNotification());
      es.addEventListener('resync', () => onResync());
      es.onerror = () => {
        es.close();
        if (stopped) return;
        failures += 1;
        // EventSource does not say why it failed: if the session ended, this request tells the app.
        if (failures === 2) api.get('/me').catch(() => {});
        timer = window.setTimeout(connect, Math.min(30_000, 1000 * 2 ** (failures - 1)) * (0.75 + Math.random() * 0.5));
      };
    };
    connect();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      source?.close();
    };
  }, []);
}
