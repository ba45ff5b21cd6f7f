import { describe, expect, it } from 'vitest';
import { createFormatter, localeTag } from './format';

const at = '2026-03-29T00:30:00Z'; // 01:30 in Berlin (CET), 30 minutes before the switch to summer time

describe('formatting per language and time zone', () => {
  it('formats one instant in the user time zone and language', () => {
    const de = createFormatter({ locale: 'de', timeZone: 'Europe/Berlin' }, []);
    const en = createFormatter({ locale: 'en', timeZone: 'America/New_York' }, []);
    expect(de.dateTime(at)).toBe('29.03.2026, 01:30');
    expect(de.zoneName(at)).toBe('MEZ');
    expect(de.zoneName('2026-03-29T02:00:00Z')).toBe('MESZ');
    expect(en.dateTime(at)).toBe('Mar 28, 2026, 8:30 PM');
    expect(en.date(at)).toBe('Mar 28, 2026');
    expect(de.number(1234567.5)).toBe('1.234.567,5');
    expect(en.number(1234567.5)).toBe('1,234,567.5');
  });

  it('uses the browser regional variant of the chosen language', () => {
    expect(localeTag('en', ['de-DE', 'en-GB'])).toBe('en-GB');
    expect(localeTag('de', ['en-US'])).toBe('de-DE');
    expect(createFormatter({ locale: 'en', timeZone: 'UTC' }, ['en-GB']).dateTime(at)).toBe('29 Mar 2026, 00:30');
  });

  it('says relative times and durations in words of the language', () => {
    const now = new Date('2026-03-29T12:00:00Z');
    const en = createFormatter({ locale: 'en', timeZone: 'UTC' }, []);
    const de = createFormatter({ locale: 'de', timeZone: 'UTC' }, []);
    expect(en.relative('2026-03-29T11:55:00Z', now)).toBe('5 minutes ago');
    expect(en.relative('2026-03-29T14:00:00Z', now)).toBe('in 2 hours');
    expect(de.relative('2026-03-28T12:00:00Z', now)).toBe('gestern');
    expect(en.duration(2 * 3_600_000 + 5 * 60_000 + 7000)).toBe('2h 5m');
    expect(en.duration(45_000)).toBe('45s');
    expect(de.duration(3 * 86_400_000 + 4 * 3_600_000)).toMatch(/^3 T 4\s?(h|Std\.)$/);
  });

  it('gives an empty string for a missing or invalid date', () => {
    const f = createFormatter({ locale: 'en', timeZone: 'UTC' }, []);
    expect(f.dateTime(null)).toBe('');
    expect(f.date(undefined)).toBe('');
    expect(f.time('not a date')).toBe('');
    expect(f.relative('')).toBe('');
  });
});
