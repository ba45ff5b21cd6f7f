import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';

/** Debian's Chromium (`apt-get install chromium`); playwright-core downloads no browser. */
export function chromiumPath(): string {
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  try {
    return execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('Chromium is not installed: apt-get install -y chromium');
  }
}

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** One browser per test file: `const browser = await launchBrowser()` in beforeAll, `browser.close()` in afterAll. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs, headless: true });
}

export const viewports = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 800 },
} as const;

export type Device = keyof typeof viewports;

/** A fresh browser profile (own cookies) on the test server, phone- or desktop-sized, with an English browser by default. */
export async function newContext(browser: Browser, device: Device = 'desktop', opts: { locale?: string; timezoneId?: string } = {}): Promise<BrowserContext> {
  const phone = device === 'phone';
  return browser.newContext({
    baseURL: inject('server').baseUrl,
    viewport: viewports[device],
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    locale: opts.locale ?? 'en-US',
    timezoneId: opts.timezoneId ?? 'Europe/Berlin',
    reducedMotion: 'reduce',
  });
}

export type PageWatch = { errors: string[] };

/**
 * Records what must never happen on a page: uncaught exceptions, CSP violations, failed script or
 * style loads. `expectNoPageErrors(watch)` asserts none happened.
 */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { errors: [] };
  page.on('pageerror', (err) => watch.errors.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content.Security.Policy/i.test(text)) watch.errors.push(`CSP: ${text}`);
    else if (msg.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(text)) watch.errors.push(`console: ${text}`);
  });
  page.on('requestfailed', (req) => {
    // ERR_ABORTED: the page navigated away while the file was loading, which is no fault of the app.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    if (['script', 'stylesheet', 'document'].includes(req.resourceType())) watch.errors.push(`failed ${req.resourceType()}: ${req.url()} ${req.failure()?.errorText ?? ''}`);
  });
  return watch;
}

export function expectNoPageErrors(watch: PageWatch): void {
  expect(watch.errors).toEqual([]);
}

export type Credentials = { email: string; password: string };

/** Opens a path of the app and waits until its page has rendered its heading (lazy pages load after `load`). */
export async function open(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
}

/** Signs in through the login page and waits for the shell; returns the page on the user's start page. */
export async function signIn(page: Page, who: Credentials): Promise<void> {
  await open(page, '/login');
  await page.locator('input[name="email"]').fill(who.email);
  await page.locator('input[name="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('header nav#main-nav').waitFor({ state: 'attached' });
  await page.locator('main h1').first().waitFor();
}

/** Opens the user menu in the header (name button) and returns its panel. */
export async function openUserMenu(page: Page) {
  const trigger = page.locator('header button[aria-controls][aria-expanded]').last();
  if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
  const panel = page.locator(`[id="${await trigger.getAttribute('aria-controls')}"]`);
  await panel.waitFor();
  return panel;
}
