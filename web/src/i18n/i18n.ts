import i18next, { type BackendModule, type ReadCallback } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@vigil/shared';

/**
 * Translations live in `i18n/<lang>/<namespace>.json`, one namespace per feature, loaded on first use
 * (`useTranslation('queue')`), so each feature owns its files and no two people edit the same one.
 */
const files = import.meta.glob<{ default: Record<string, unknown> }>('./*/*.json');

const lazyJson: BackendModule = {
  type: 'backend',
  init() {},
  read(language: string, namespace: string, callback: ReadCallback) {
    const load = files[`./${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`no translations for ${language}/${namespace}`), false);
      return;
    }
    load().then(
      (mod) => callback(null, mod.default),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err)), false),
    );
  },
};

const storageKey = 'vigil.locale';

/** The languages with translation files (a type import only: the entry chunk must not pull zod in via @vigil/shared). */
export const uiLocales = ['en', 'de'] as const satisfies readonly Locale[];

/** The language before sign-in: the last one chosen in this browser, else the browser's. */
export function initialLocale(): Locale {
  const stored = safeStorage()?.getItem(storageKey);
  if (isLocale(stored)) return stored;
  const fromBrowser = navigator.languages.map((l) => l.slice(0, 2).toLowerCase()).find(isLocale);
  return fromBrowser ?? 'en';
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (uiLocales as readonly string[]).includes(value);
}

/** Switches the UI language (loading the namespaces in use) and remembers it for the sign-in page. */
export async function setLocale(locale: Locale): Promise<void> {
  safeStorage()?.setItem(storageKey, locale);
  document.documentElement.lang = locale;
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Starts i18next with the `common` namespace loaded, so the shell renders without a flash of keys. */
export async function initI18n(locale: Locale = initialLocale()) {
  document.documentElement.lang = locale;
  await i18next
    .use(lazyJson)
    .use(initReactI18next)
    .init({
      lng: locale,
      fallbackLng: 'en',
      supportedLngs: [...uiLocales],
      ns: ['common'],
      defaultNS: 'common',
      interpolation: { escapeValue: false },
      returnNull: false,
      react: { useSuspense: true },
    });
  return i18next;
}
