import { describe, expect, it } from 'vitest';
import { uiLocales } from './i18n';

const files = import.meta.glob<Record<string, unknown>>('./*/*.json', { eager: true, import: 'default' });

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: unknown): string[] {
  return typeof text === 'string' ? [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!).sort() : [];
}

function lookup(obj: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
}

const namespaces = [...new Set(Object.keys(files).map((f) => f.split('/')[2]!.replace(/\.json$/, '')))].sort();

// Every screen must be complete in every language: the same keys, the same placeholders, no empty text.
describe('translations', () => {
  it.each(namespaces)('namespace %s has the same keys and placeholders in every language', (ns) => {
    const [first, ...others] = uiLocales.map((lang) => ({ lang, data: files[`./${lang}/${ns}.json`] }));
    for (const { lang, data } of [first!, ...others]) expect(data, `${lang}/${ns}.json is missing`).toBeDefined();
    const reference = keys(first!.data).sort();
    for (const { lang, data } of others) {
      expect(keys(data).sort(), `${lang}/${ns}.json keys`).toEqual(reference);
      for (const key of reference) {
        expect(placeholders(lookup(data, key)), `${lang}/${ns}.json ${key}`).toEqual(placeholders(lookup(first!.data, key)));
      }
    }
    for (const { lang, data } of [first!, ...others]) {
      for (const key of reference) expect(String(lookup(data, key)).trim(), `${lang}/${ns}.json ${key} is empty`).not.toBe('');
    }
  });

  it('has a common namespace with a text for every API error code', async () => {
    const { errorCodes } = await import('@vigil/shared');
    for (const lang of uiLocales) {
      const errors = (files[`./${lang}/common.json`] as { errors: Record<string, string> }).errors;
      for (const code of [...Object.keys(errorCodes), 'network_error', 'unexpected_response', 'unexpected']) {
        expect(errors[code], `${lang}/common.json errors.${code}`).toBeTruthy();
      }
    }
  });
});
