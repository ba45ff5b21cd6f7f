import type { Locale } from '@vigil/shared';

/** Dates and numbers in the user's language and time zone; every screen formats through here. */

export type FormatPrefs = { locale: Locale; timeZone: string };

type DateInput = string | number | Date | null | undefined;

/** The BCP 47 tag for a language: the browser's own regional variant when it speaks that language (en-GB, de-AT), else a default. */
export function localeTag(locale: Locale, browserLanguages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): string {
  const regional = browserLanguages.find((l) => l.toLowerCase().startsWith(`${locale}-`));
  return regional ?? (locale === 'de' ? 'de-DE' : 'en-US');
}

const toDate = (value: DateInput): Date | null => {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
};

const relativeSteps: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.345],
  ['month', 12],
  ['year', Infinity],
];

/** Formatters bound to one language and time zone; empty string for a missing or invalid date. */
export function createFormatter(prefs: FormatPrefs, browserLanguages?: readonly string[]) {
  const tag = localeTag(prefs.locale, browserLanguages);
  const timeZone = prefs.timeZone;
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const dateFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const timeFmt = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone });
  const zoneFmt = new Intl.DateTimeFormat(tag, { timeZone, timeZoneName: 'short' });
  const relativeFmt = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const numberFmt = new Intl.NumberFormat(tag);
  const fmt = (f: Intl.DateTimeFormat) => (value: DateInput) => {
    const d = toDate(value);
    return d ? f.format(d) : '';
  };
  return {
    locale: prefs.locale,
    tag,
    timeZone,
    /** 28 Nov 2026, 14:05 */
    dateTime: fmt(dateTimeFmt),
    date: fmt(dateFmt),
    time: fmt(timeFmt),
    /** The zone's short name at that instant (CET, GMT+1). */
    zoneName(value: DateInput = new Date()): string {
      const d = toDate(value);
      return d ? (zoneFmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? timeZone) : '';
    },
    /** "5 minutes ago", "in 2 hours", relative to `now`. */
    relative(value: DateInput, now: Date = new Date()): string {
      const d = toDate(value);
      if (!d) return '';
      let amount = (d.getTime() - now.getTime()) / 1000;
      for (const [unit, size] of relativeSteps) {
        if (Math.abs(amount) < size) return relativeFmt.format(Math.round(amount), unit);
        amount /= size;
      }
      return relativeFmt.format(Math.round(amount), 'year');
    },
    number: (value: number, options?: Intl.NumberFormatOptions) => (options ? new Intl.NumberFormat(tag, options).format(value) : numberFmt.format(value)),
    /** A length of time in the largest fitting units: "2 h 5 min", "3 d 4 h". */
    duration(ms: number): string {
      const units: [Intl.NumberFormatOptions['unit'], number][] = [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1000]];
      const parts: string[] = [];
      let rest = Math.abs(ms);
      for (const [unit, size] of units) {
        const n = Math.floor(rest / size);
        if (n > 0 || (parts.length === 0 && unit === 'second')) parts.push(new Intl.NumberFormat(tag, { style: 'unit', unit, unitDisplay: 'narrow' }).format(n));
        rest -= n * size;
        if (parts.length === 2) break;
      }
      return (ms < 0 ? '-' : '') + parts.join(' ');
    },
  };
}

export type Formatter = ReturnType<typeof createFormatter>;

/** The browser's own time zone, for people who are not signed in yet. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
