import type { RotationKind, Weekday } from '@vigil/shared';
import { IANAZone } from 'luxon';

/**
 * The on-call rotation model (pure, no I/O). docs/decisions/0014-on-call-rotations.md explains it.
 *
 * Local wall-clock times are handled as "wall" numbers: the epoch milliseconds of the same calendar
 * fields read as UTC, a space without DST in which a day is always 24 hours. A wall time becomes an
 * instant at the first instant whose local clock reads that time or later: in a DST gap that is the
 * transition itself, in the repeated hour the first occurrence. That mapping never goes backwards, so
 * hand-offs stay in order whatever the zone does.
 */

export type ResolverOverride = { userId: string; start: Date; end: Date };

/** One rotation layer, as in the shared `ScheduleLayer` (its name aside). */
export type ResolverLayer = {
  participants: readonly string[];
  rotation: RotationKind;
  shiftHours?: number | undefined;
  handoffTime: string;
  startDate: string;
  endsAt: string | null;
  restrictions: ReadonlyArray<{ days: readonly Weekday[]; start: string; end: string }>;
};

/** What the resolver needs of a schedule; overrides in creation order (a later one wins where they overlap). */
export type ResolverSchedule = {
  timeZone: string;
  layers: readonly ResolverLayer[];
  overrides: readonly ResolverOverride[];
};

/** A final shift: who covers `[start, end)` and which layer (by index) or override put them there. */
export type ResolvedShift = { userId: string; start: Date; end: Date; source: number | 'override' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const weekdayIndex: Record<Weekday, number> = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 };

type Interval = { start: number; end: number };
type Segment = Interval & { userId: string };

/** Converts between instants and wall times of one zone. */
class ZoneClock {
  private readonly zone: IANAZone;
  private readonly cache = new Map<number, number>();

  constructor(name: string) {
    this.zone = IANAZone.create(name);
    if (!this.zone.isValid) throw new RangeError(`Unknown time zone ${name}`);
  }

  offset(t: number): number {
    return this.zone.offset(t) * MINUTE;
  }

  wallOf(t: number): number {
    return t + this.offset(t);
  }

  /** The first instant whose local clock reads `wall` or later. */
  toInstant(wall: number): number {
    const cached = this.cache.get(wall);
    if (cached !== undefined) return cached;
    if (this.cache.size >= 100_000) this.cache.clear();
    const before = this.offset(wall - DAY);
    const after = this.offset(wall + DAY);
    let result = Number.POSITIVE_INFINITY;
    for (const o of before === after ? [before] : [before, after]) {
      const t = wall - o;
      if (this.offset(t) === o) result = Math.min(result, t);
    }
    if (result === Number.POSITIVE_INFINITY) {
      // In a gap the clock jumps over `wall`: find the jump (wall(lo) < wall <= wall(hi)).
      let lo = wall - Math.max(before, after);
      let hi = wall - Math.min(before, after);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (this.wallOf(mid) >= wall) hi = mid;
        else lo = mid;
      }
      result = hi;
    }
    this.cache.set(wall, result);
    return result;
  }
}

const parseLocalDate = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const parseLocalTime = (t: string) => Number(t.slice(0, 2)) * HOUR + Number(t.slice(3, 5)) * MINUTE;
/** ISO weekday (1 = Monday) of a wall day. */
const isoWeekday = (wallDay: number) => ((new Date(wallDay).getUTCDay() + 6) % 7) + 1;

/** One layer, prepared for repeated questions. */
class CompiledLayer {
  private readonly anchorWall: number;
  private readonly length: number;
  private readonly startsAt: number;
  private readonly endsAt: number;
  private readonly restrictions: ReadonlyArray<{ days: ReadonlySet<number>; start: number; end: number }>;

  constructor(
    private readonly clock: ZoneClock,
    private readonly layer: ResolverLayer,
  ) {
    this.anchorWall = parseLocalDate(layer.startDate) + parseLocalTime(layer.handoffTime);
    this.length = layer.rotation === 'daily' ? DAY : layer.rotation === 'weekly' ? 7 * DAY : (layer.shiftHours ?? 24) * HOUR;
    this.startsAt = clock.toInstant(this.anchorWall);
    this.endsAt = layer.endsAt === null ? Number.POSITIVE_INFINITY : Date.parse(layer.endsAt);
    this.restrictions = layer.restrictions.map((r) => {
      const start = parseLocalTime(r.start);
      const end = parseLocalTime(r.end);
      return { days: new Set(r.days.map((d) => weekdayIndex[d])), start, end: end > start ? end : end + DAY };
    });
  }

  /** Start of shift k: the hand-off k shift lengths (in wall time) after the anchor. */
  private boundary(k: number): number {
    return this.clock.toInstant(this.anchorWall + k * this.length);
  }

  /** The index of the shift covering t (t at or after the layer's first hand-off). */
  private shiftIndexAt(t: number): number {
    let k = Math.max(0, Math.floor((this.clock.wallOf(t) - this.anchorWall) / this.length));
    while (k > 0 && this.boundary(k) > t) k--;
    while (this.boundary(k + 1) <= t) k++;
    return k;
  }

  private participant(k: number): string {
    return this.layer.participants[k % this.layer.participants.length]!;
  }

  /** The restriction windows touching [from, to), merged, as instants. */
  private windows(from: number, to: number): Interval[] {
    const firstDay = Math.floor(this.clock.wallOf(from) / DAY) * DAY - 2 * DAY;
    const lastDay = Math.floor(this.clock.wallOf(to) / DAY) * DAY + DAY;
    const found: Interval[] = [];
    for (let day = firstDay; day <= lastDay; day += DAY) {
      const weekday = isoWeekday(day);
      for (const r of this.restrictions) {
        if (!r.days.has(weekday)) continue;
        const start = this.clock.toInstant(day + r.start);
        const end = this.clock.toInstant(day + r.end);
        if (end > start && end > from && start < to) found.push({ start, end });
      }
    }
    found.sort((a, b) => a.start - b.start);
    const merged: Interval[] = [];
    for (const w of found) {
      const last = merged[merged.length - 1];
      if (last && w.start <= last.end) last.end = Math.max(last.end, w.end);
      else merged.push({ ...w });
    }
    return merged;
  }

  /** Who this layer has on call at t, or null. */
  userAt(t: number): string | null {
    if (t < this.startsAt || t >= this.endsAt) return null;
    if (this.restrictions.length > 0 && !this.windows(t, t + 1).some((w) => w.start <= t && t < w.end)) return null;
    return this.participant(this.shiftIndexAt(t));
  }

  /** This layer's own shifts within [from, to), cut to its restriction windows; sorted, disjoint. */
  segments(from: number, to: number): Segment[] {
    const lo = Math.max(from, this.startsAt);
    const hi = Math.min(to, this.endsAt);
    if (lo >= hi) return [];
    const shifts: Segment[] = [];
    for (let k = this.shiftIndexAt(lo), start = this.boundary(k); start < hi; k++) {
      const end = this.boundary(k + 1);
      const s = Math.max(start, lo);
      const e = Math.min(end, hi);
      if (e > s) shifts.push({ start: s, end: e, userId: this.participant(k) });
      start = end;
    }
    if (this.restrictions.length === 0) return shifts;
    const windows = this.windows(lo, hi);
    const out: Segment[] = [];
    let w = 0;
    for (const shift of shifts) {
      while (w < windows.length && windows[w]!.end <= shift.start) w++;
      for (let i = w; i < windows.length && windows[i]!.start < shift.end; i++) {
        const s = Math.max(shift.start, windows[i]!.start);
        const e = Math.min(shift.end, windows[i]!.end);
        if (e > s) out.push({ start: s, end: e, userId: shift.userId });
      }
    }
    return out;
  }
}

/** Clocks by zone, kept across calls: the same hand-offs are converted again and again. */
const clocks = new Map<string, ZoneClock>();
function clockOf(zone: string): ZoneClock {
  let clock = clocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    clocks.set(zone, clock);
  }
  return clock;
}

function compile(schedule: ResolverSchedule) {
  const clock = clockOf(schedule.timeZone);
  const layers = schedule.layers.map((layer) => new CompiledLayer(clock, layer));
  const overrides = schedule.overrides.map((o) => ({ userId: o.userId, start: o.start.getTime(), end: o.end.getTime() }));
  return { layers, overrides };
}

/** Who is on call at `at`: the newest override covering it, else the highest layer that has someone. */
export function whoIsOnCall(schedule: ResolverSchedule, at: Date): string | null {
  const t = at.getTime();
  const { layers, overrides } = compile(schedule);
  for (let i = overrides.length - 1; i >= 0; i--) {
    const o = overrides[i]!;
    if (o.start <= t && t < o.end) return o.userId;
  }
  for (let i = layers.length - 1; i >= 0; i--) {
    const userId = layers[i]!.userAt(t);
    if (userId !== null) return userId;
  }
  return null;
}

/**
 * The final shifts within [from, to): sorted, non-overlapping, periods with nobody left out, and
 * adjacent pieces of the same person from the same source merged into one shift.
 */
export function resolveShifts(schedule: ResolverSchedule, from: Date, to: Date): ResolvedShift[] {
  const lo = from.getTime();
  const hi = to.getTime();
  if (!(hi > lo)) return [];
  const compiled = compile(schedule);
  const overrides = compiled.overrides.filter((o) => o.end > o.start && o.end > lo && o.start < hi);
  const layers = compiled.layers.map((layer) => ({ segments: layer.segments(lo, hi), next: 0 }));

  const points = new Set<number>([lo, hi]);
  for (const o of overrides) {
    if (o.start > lo) points.add(o.start);
    if (o.end < hi) points.add(o.end);
  }
  for (const layer of layers) for (const s of layer.segments) points.add(s.start).add(s.end);
  const sorted = [...points].sort((a, b) => a - b);

  const shifts: Array<{ userId: string; start: number; end: number; source: number | 'override' }> = [];
  for (let p = 0; p + 1 < sorted.length; p++) {
    const start = sorted[p]!;
    const end = sorted[p + 1]!;
    let winner: { userId: string; source: number | 'override' } | null = null;
    for (let i = overrides.length - 1; i >= 0 && !winner; i--) {
      const o = overrides[i]!;
      if (o.start <= start && start < o.end) winner = { userId: o.userId, source: 'override' };
    }
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i]!;
      while (layer.next < layer.segments.length && layer.segments[layer.next]!.end <= start) layer.next++;
      const s = layer.segments[layer.next];
      if (!winner && s && s.start <= start) winner = { userId: s.userId, source: i };
    }
    if (!winner) continue;
    const last = shifts[shifts.length - 1];
    if (last && last.end === start && last.userId === winner.userId && last.source === winner.source) last.end = end;
    else shifts.push({ ...winner, start, end });
  }
  return shifts.map((s) => ({ userId: s.userId, start: new Date(s.start), end: new Date(s.end), source: s.source }));
}
