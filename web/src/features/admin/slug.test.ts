import { describe, expect, it } from 'vitest';
import { keyify, slugify } from './slug';

describe('slugs and keys from names', () => {
  it('makes lower-kebab-case slugs, spelling out German letters', () => {
    expect(slugify('IT-Betrieb Süd')).toBe('it-betrieb-sued');
    expect(slugify('  Straße & Gebäude  ')).toBe('strasse-gebaeude');
    expect(slugify('Café Crème')).toBe('cafe-creme');
    expect(slugify('***')).toBe('');
    expect(slugify('a'.repeat(80))).toHaveLength(63);
    expect(slugify('abc def', 4)).toBe('abc');
  });

  it('makes lower_snake_case keys that start with a letter', () => {
    expect(keyify('Root cause')).toBe('root_cause');
    expect(keyify('2nd line team')).toBe('nd_line_team');
    expect(keyify('Größe (m²)')).toBe('groesse_m2');
    expect(keyify('123')).toBe('');
  });
});
