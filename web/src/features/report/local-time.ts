/**
 * `<input type="datetime-local">` holds a wall-clock time without a zone. A signed-in person enters times
 * in the zone of their settings (which may differ from the device's), a guest in the device's zone; the
 * conversion to an instant goes through that zone explicitly.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function partsIn(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formats.set(timeZone, format);
  }
  return format;
}

/** The zone's wall-clock reading at an instant, expressed as the UTC milliseconds of that same reading. */
function wallMs(instant: number, timeZone: string): number {
  const p = Object.fromEntries(partsIn(timeZone).formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `2026-11-29T16:05` in `timeZone` for an instant; '' for nothing or an invalid value. */
export function toLocalInput(value: string | number | Date | null | undefined, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  const at = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (Number.isNaN(at)) return '';
  const d = new Date(wallMs(at, timeZone));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

const localPattern = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The ISO instant of a wall-clock time in `timeZone`; null when the text is not one. A time skipped by a
 * daylight-saving change is taken after the jump; a repeated one, at its first occurrence.
 */
export function fromLocalInput(local: string, timeZone: string): string | null {
  const m = localPattern.exec(local.trim());
  if (!m) return null;
  const target = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  if (Number.isNaN(target)) return null;
  // Guess minus the zone's offset at the guess, twice: offsets differ at most once around a change.
  let guess = target - (wallMs(target, timeZone) - target);
  guess = target - (wallMs(guess, timeZone) - guess);
  const hourEarlier = guess - 3_600_000;
  if (wallMs(hourEarlier, timeZone) === target) guess = hourEarlier;
  return new Date(guess).toISOString();
}
