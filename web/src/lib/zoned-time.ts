/**
 * `<input type="datetime-local">` holds a wall-clock time without a zone. People enter times in the
 * time zone of their settings (which may differ from the browser's), so the conversion goes through
 * that zone explicitly.
 */

const partsCache = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  let f = partsCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsCache.set(timeZone, f);
  }
  return f;
}

/** The zone's wall clock at an instant, as the UTC milliseconds of the same wall-clock reading. */
function wallMs(instant: number, timeZone: string): number {
  const p = Object.fromEntries(partsFormat(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-29T16:05` in `timeZone` for an ISO instant; '' for null or an invalid value. */
export function toWallTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return '';
  const d = new Date(wallMs(at, timeZone));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const wallPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The ISO instant of a wall-clock time in `timeZone`; null when the text is not a wall time. A time
 * that does not exist (skipped by a DST change) is taken after the jump; a repeated one, its first occurrence.
 */
export function fromWallTime(wall: string, timeZone: string): string | null {
  const m = wallPattern.exec(wall.trim());
  if (!m) return null;
  const target = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(target)) return null;
  // Two rounds of "guess minus the zone's offset at the guess" settle on the instant (offsets differ at most once around a change).
  let guess = target - (wallMs(target, timeZone) - target);
  guess = target - (wallMs(guess, timeZone) - guess);
  const earlier = guess - 3_600_000;
  if (wallMs(earlier, timeZone) === target) guess = earlier;
  return new Date(guess).toISOString();
}

/** `YYYY-MM-DD` of today in `timeZone`. */
export function todayIn(timeZone: string, now: number = Date.now()): string {
  return toWallTime(new Date(now).toISOString(), timeZone).slice(0, 10);
}
