/**
 * Per-integration rate limit over a sliding 60-second window (PagerDuty's "calls per minute per
 * integration key, 60-second look-back"), counted in one-second buckets. Kept in the memory of each
 * web process: with several web processes each admits up to the limit (docs/decisions/0016-alert-ingestion.md).
 */
export type RateLimiter = {
  /** Counts one accepted event, or says how many seconds until one would be accepted. */
  take: (id: string, limitPerMinute: number, nowMs: number) => { ok: true } | { ok: false; retryAfterS: number };
};

const WINDOW_S = 60;

export function createRateLimiter(): RateLimiter {
  const windows = new Map<string, { seconds: Float64Array; counts: Uint32Array }>();
  return {
    take(id, limit, nowMs) {
      const now = Math.floor(nowMs / 1000);
      let w = windows.get(id);
      if (!w) {
        w = { seconds: new Float64Array(WINDOW_S).fill(-Infinity), counts: new Uint32Array(WINDOW_S) };
        windows.set(id, w);
      }
      let total = 0;
      let oldest = Infinity;
      for (let i = 0; i < WINDOW_S; i++) {
        const s = w.seconds[i]!;
        if (s > now - WINDOW_S && s <= now && w.counts[i]! > 0) {
          total += w.counts[i]!;
          if (s < oldest) oldest = s;
        }
      }
      if (total >= limit) return { ok: false, retryAfterS: Math.max(1, oldest + WINDOW_S - now) };
      const slot = now % WINDOW_S;
      if (w.seconds[slot] !== now) {
        w.seconds[slot] = now;
        w.counts[slot] = 0;
      }
      w.counts[slot] = (w.counts[slot] ?? 0) + 1;
      return { ok: true };
    },
  };
}
