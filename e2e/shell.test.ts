import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { expectNoPageErrors, launchBrowser, newContext, open, openUserMenu, signIn, watchPage } from './support/browser.js';
import { screenshot } from './support/screenshots.js';

/** A person from the demo seed (read-only use: tests that change a user create their own). */
function demoUser(role: string, locale: 'en' | 'de') {
  const found = inject('server').demoUsers.find((u) => u.role === role && u.locale === locale);
  if (!found) throw new Error(`the demo seed has no ${role} with language ${locale}`);
  return found;
}

// The foundation every page builds on: sign-in, the shell, language and time zone, sign-out, session end.
describe('sign-in and shell', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs an admin in, shows the shell, switches to German and back through the user menu, and signs out', async () => {
    const admin = await createUser('admin', { name: 'Alex Admin' });
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);

    const response = await page.goto('/');
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL(/\/login$/);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sign in');
    await expectAccessible(page, 'login page');
    await screenshot(page, 'login');

    const wrong = page.locator('input[name="password"]');
    await page.locator('input[name="email"]').fill(admin.email);
    await wrong.fill('not-the-password');
    await page.locator('form button[type="submit"]').click();
    await expect.poll(() => page.getByRole('alert').allTextContents()).toContain('Email or password is not correct.');

    await signIn(page, admin);
    await open(page, '/account');
    const nav = page.locator('nav#main-nav');
    expect(await nav.getAttribute('aria-label')).toBe('Main');
    await expect.poll(() => nav.getByRole('link').allTextContents()).toContain('Settings');
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await page.getByRole('main').count()).toBe(1);
    await expectAccessible(page, 'shell');

    const menu = await openUserMenu(page);
    expect(await menu.textContent()).toContain(admin.email);
    await expectAccessible(page, 'user menu');
    await menu.getByLabel('Language').selectOption('de');
    await expect.poll(() => nav.getByRole('link').allTextContents()).toContain('Einstellungen');
    expect(await nav.getAttribute('aria-label')).toBe('Hauptnavigation');
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await menu.getByRole('button', { name: 'Abmelden' }).isVisible()).toBe(true);
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Einstellungen');

    // Saved on the server: a reload (and any other browser) comes back in German.
    await page.reload();
    await expect.poll(() => page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link').allTextContents()).toContain('Einstellungen');
    await expectAccessible(page, 'shell in German');

    const menuDe = await openUserMenu(page);
    await menuDe.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => nav.getByRole('link').allTextContents()).toContain('Settings');

    await menuDe.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto('/account');
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    expectNoPageErrors(watch);
    await context.close();
  });

  it('saves the time zone from the user menu and formats times in it', async () => {
    const agent = await createUser('agent', { timeZone: 'UTC' });
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    const menu = await openUserMenu(page);
    const zone = menu.getByLabel('Time zone');
    expect(await zone.inputValue()).toBe('UTC');
    expect(await zone.locator('option').count()).toBeGreaterThan(300);
    await zone.selectOption('Asia/Tokyo');
    await expect.poll(() => menu.textContent()).toMatch(/GMT\+9/);
    await page.reload();
    expect(await (await openUserMenu(page)).getByLabel('Time zone').inputValue()).toBe('Asia/Tokyo');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('returns to sign-in with a notice when the session ends, and back to the page after signing in again', async () => {
    const reporter = await createUser('reporter');
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, reporter);
    await open(page, '/account');
    await page.getByLabel('Name').fill('Renamed Reporter');

    await context.clearCookies();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\/login\?next=%2Faccount$/);
    await expect.poll(() => page.getByRole('status').allTextContents()).toContain('Your session has ended. Please sign in again.');

    await page.locator('input[name="email"]').fill(reporter.email);
    await page.locator('input[name="password"]').fill(reporter.password);
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/account$/);
    await context.close();
  });

  it('works on a phone: navigation behind the menu button, user menu, settings form', async () => {
    const demo = demoUser('reporter', 'en');
    const reporter = { email: demo.email, password: inject('server').demoPassword };
    const context = await newContext(browser, 'phone');
    const page = await context.newPage();
    const watch = watchPage(page);
    await open(page, '/login');
    await expectAccessible(page, 'login page on a phone');
    await screenshot(page, 'login-phone');
    await signIn(page, reporter);

    const toggle = page.getByRole('button', { name: 'Menu', exact: true });
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await nav.getByRole('link', { name: 'Settings' }).click();
    expect(await nav.isVisible()).toBe(false);

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'settings on a phone');
    await screenshot(page, 'settings-phone', { fullPage: true });
    expectNoPageErrors(watch);
    await context.close();
  });

  it('greets demo people in their own language, with their teams', async () => {
    const password = inject('server').demoPassword;
    const agent = demoUser('agent', 'en');
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, { email: agent.email, password });
    await open(page, '/account');
    const facts = await page.locator('main dl').textContent();
    expect(facts).toContain(agent.email);
    expect(facts).toMatch(/Teams.*[A-Z]/);
    await expectAccessible(page, 'settings');
    await screenshot(page, 'settings');
    await openUserMenu(page);
    await screenshot(page, 'user-menu');
    expectNoPageErrors(watch);
    await context.close();

    const admin = demoUser('admin', 'de');
    const german = await newContext(browser, 'desktop');
    const pageDe = await german.newPage();
    await signIn(pageDe, { email: admin.email, password });
    await open(pageDe, '/account');
    await expect.poll(() => pageDe.locator('nav#main-nav').getAttribute('aria-label')).toBe('Hauptnavigation');
    await expect.poll(() => pageDe.locator('main h1').textContent()).toBe('Einstellungen');
    expect(await pageDe.locator('main dl').textContent()).toContain('Administrator');
    await screenshot(pageDe, 'settings-de');
    await german.close();
  });
});
