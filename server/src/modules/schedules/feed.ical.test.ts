import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtc, renderCalendar } from './feed.ical.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('iCalendar text', () => {
  it('escapes backslash first, then semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets with CRLF and a space, never inside a UTF-8 sequence', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    const multibyte = `${'a'.repeat(74)}é${'ü'.repeat(40)}🚨🚨`;
    const lines = foldLine(multibyte).split('\r\n');
    expect(lines[0]).toBe('a'.repeat(74));
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(lines.map((l, i) => (i === 0 ? l : l.slice(1))).join('')).toBe(multibyte);
  });

  it('writes UTC times without milliseconds', () => {
    expect(formatUtc(new Date('2026-03-29T01:00:00.000Z'))).toBe('20260329T010000Z');
  });

  it('renders a calendar that an independent parser reads back, lines ending in CRLF', () => {
    const summary = `On call: ${'Zahlungsverkehr Übergabe; Bereitschaft, '.repeat(4)}🚨`;
    const text = renderCalendar({
      name: 'Payments primary',
      stamp: new Date('2026-03-20T12:00:00Z'),
      events: [{ uid: 'a-b-1@vigil.test', start: new Date('2026-03-28T08:00:00Z'), end: new Date('2026-03-29T07:00:00Z'), summary, description: 'Schedule: X\nLayer: Primary', sequence: 3 }],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(text).toContain('\r\n ');
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Payments primary');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.summary).toBe(summary);
    expect(event.description).toBe('Schedule: X\nLayer: Primary');
    expect(event.uid).toBe('a-b-1@vigil.test');
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(event.sequence).toBe(3);
  });
});
