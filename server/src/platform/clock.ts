/** All time comes from one clock, so tests can move it. */
export type Clock = { now: () => Date };

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved; for tests. */
export function manualClock(start: Date | string = '2026-01-15T09:00:00Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at: Date | string) => void (current = new Date(at).getTime()),
    advance: (ms: number) => void (current += ms),
  };
}
