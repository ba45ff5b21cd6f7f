import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, createUser } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { expectNoPageErrors, launchBrowser, newContext, open, signIn, watchPage } from './support/browser.js';
import { screenshot } from './support/screenshots.js';

/** A person from the demo seed (read-only use). */
function demoUser(role: string, locale: 'en' | 'de') {
  const found = inject('server').demoUsers.find((u) => u.role === role && u.locale === locale);
  if (!found) throw new Error(`the demo seed has no ${role} with language ${locale}`);
  return { email: found.email, password: inject('server').demoPassword, name: found.name };
}

/** Letters only, so it fits names, slugs and prefixes alike. */
const suffix = () =>
  Array.from({ length: 4 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)]).join('');

/** expect.poll with room for a loaded machine (lazy pages, server round trips). */
const poll = <T,>(fn: () => T | Promise<T>, opts: { timeout?: number } = {}) => expect.poll(fn, { timeout: 15_000, interval: 100, ...opts });

/** axe at the top of the page: the shell's sticky header covers whatever is scrolled under it, which axe counts against those targets. */
async function expectAccessibleAtTop(page: Page, context: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectAccessible(page, context);
}

const toast = (page: Page, text: string | RegExp) => poll(() => page.getByRole('status').allTextContents(), { timeout: 15_000 }).toContainEqual(expect.stringMatching(text));

type TypeDto = { key: string; version: number; fields: Array<{ key: string; kind: string; options?: unknown[] }>; workflow: { states: Array<{ key: string; category: string }>; transitions: Array<{ key: string; from: string[]; to: string; requires?: { fields?: string[]; comment?: boolean } }> }; priorityMatrix: Record<string, Record<string, string>> };

// Administration (users, teams, incident types, public report links), personal API tokens and the audit view.
describe('administration, API tokens and the audit trail', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('an admin creates a user and a team, adds the user to the team, and deactivates them', async () => {
    const admin = await createUser('admin', { name: 'Ada Admin' });
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, admin);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).click();
    await poll(() => page.locator('main h1').textContent()).toBe('Administration');
    // This file's sections come first; the operations setup adds its own after them.
    expect((await page.getByRole('main').getByRole('link').allTextContents()).slice(0, 4)).toEqual(['Users', 'Teams', 'Your API tokens', 'Incident types']);
    await expectAccessible(page, 'admin landing page');
    await screenshot(page, 'admin');

    await page.getByRole('link', { name: 'Users' }).click();
    await poll(() => page.locator('main h1').textContent()).toBe('Users');
    await poll(() => page.getByRole('table').getByRole('row').count()).toBeGreaterThan(10);
    await expectAccessible(page, 'users');
    await screenshot(page, 'admin-users');

    // Field errors before anything is sent, then the server's: an email in use.
    const s = suffix();
    const name = `Nora Night ${s}`;
    const email = `nora.${s}@e2e.example`;
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await poll(() => dialog.getByText('Fill this in.').count()).toBeGreaterThan(0);
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByLabel('Email').fill(admin.email);
    await dialog.getByLabel('Role').selectOption('agent');
    await dialog.getByRole('button', { name: 'Generate' }).click();
    expect((await dialog.getByLabel('Initial password').inputValue()).length).toBeGreaterThanOrEqual(16);
    await expectAccessible(page, 'new user dialog');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await poll(() => dialog.getByText('This is already in use.').isVisible()).toBe(true);
    expect(await dialog.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await toast(page, `${name} can now sign in.`);
    await page.getByLabel('Search').fill(s);
    await poll(() => page.getByRole('table').getByRole('row').allTextContents()).toEqual([expect.any(String), expect.stringContaining(email)]);

    // A team, found by name, with the new user as its lead.
    const teamName = `Night Shift ${s}`;
    await open(page, '/admin/teams');
    await page.getByRole('button', { name: 'New team' }).click();
    const teamDialog = page.getByRole('dialog', { name: 'New team' });
    await teamDialog.getByLabel(/^Name/).fill(teamName);
    expect(await teamDialog.getByLabel('Short name').inputValue()).toBe(`night-shift-${s}`);
    await teamDialog.getByRole('button', { name: 'Create team' }).click();
    await poll(() => page.locator('main h1').textContent()).toBe(teamName);
    expect(page.url()).toMatch(/\/admin\/teams\/[0-9a-f-]{36}$/);
    await page.getByLabel('Find a person').fill(name);
    await page.getByLabel('Add as').selectOption('lead');
    await page.getByRole('button', { name: `Add ${name} to the team` }).click();
    await toast(page, `${name} is added as Lead.`);
    const members = page.getByRole('table', { name: '1 member' });
    await poll(() => members.getByRole('row').nth(1).textContent()).toContain(email);
    expect(await members.getByLabel(`Team role of ${name}`).inputValue()).toBe('lead');
    await members.getByLabel(`Team role of ${name}`).selectOption('member');
    await toast(page, `${name} is now Member.`);
    await expectAccessibleAtTop(page, 'team page');

    // The user's own page names the team; deactivation asks first.
    await open(page, `/admin/users?q=${s}`);
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    const userDialog = page.getByRole('dialog', { name });
    await poll(() => userDialog.getByRole('link', { name: teamName }).isVisible()).toBe(true);
    await userDialog.getByRole('button', { name: 'Deactivate' }).click();
    const confirm = page.getByRole('dialog', { name: `Deactivate ${name}?` });
    await expectAccessible(page, 'deactivate confirmation');
    await confirm.getByRole('button', { name: 'Deactivate' }).click();
    await toast(page, `${name} is deactivated.`);
    await poll(() => userDialog.getByRole('button', { name: 'Reactivate' }).isVisible()).toBe(true);
    await userDialog.getByRole('button', { name: 'Close' }).first().click();
    await open(page, `/admin/users?q=${s}&status=all`);
    await poll(() => page.getByRole('table').getByRole('row').nth(1).textContent()).toContain('Deactivated');

    // Demo teams, for the screenshot.
    await open(page, '/admin/teams');
    await page.getByRole('link', { name: 'IT Operations' }).click();
    await poll(() => page.locator('main h1').textContent()).toBe('IT Operations');
    await screenshot(page, 'admin-team', { fullPage: true });
    expectNoPageErrors(watch);
    await context.close();
  });

  it('a user creates an API token, sees its secret once, uses it and revokes it', async () => {
    const agent = await createUser('agent');
    const context = await newContext(browser, 'desktop');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API tokens' }).click();
    await poll(() => page.locator('main h1').textContent()).toBe('API tokens');
    await expectAccessible(page, 'tokens (empty)');

    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog', { name: 'New token' });
    await dialog.getByLabel('Name').fill('Monitoring export');
    await dialog.getByLabel('Read only').check();
    await dialog.getByLabel('Expires').selectOption('30');
    await expectAccessible(page, 'new token dialog');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: 'Your new token' });
    const secret = await shown.getByLabel('Token "Monitoring export"').inputValue();
    expect(secret).toMatch(/^vgl_[A-Za-z0-9_-]{43}$/);
    await shown.getByRole('button', { name: 'Copy token' }).click();
    await poll(() => shown.getByRole('button', { name: 'Copied' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await expectAccessible(page, 'token secret dialog');
    await shown.getByRole('button', { name: 'Done, I copied it' }).click();

    // The secret works, and is nowhere on the page any more.
    const base = `${inject('server').baseUrl}/api/v1`;
    const me = await fetch(`${base}/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    await page.reload();
    const row = page.getByRole('table', { name: 'API tokens' }).getByRole('row').nth(1);
    await poll(() => row.textContent()).toContain('Monitoring export');
    expect(await row.textContent()).toContain('Read only');
    expect(await row.textContent()).toContain('Active');
    expect(await row.textContent()).not.toContain('Never');
    expect(await page.content()).not.toContain(secret);
    await screenshot(page, 'tokens');

    await row.getByRole('button', { name: 'Revoke Monitoring export' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke "Monitoring export"?' });
    await confirm.getByRole('button', { name: 'Revoke' }).click();
    await toast(page, '"Monitoring export" is revoked.');
    await poll(() => page.getByRole('button', { name: 'Show 1 revoked token' }).isVisible()).toBe(true);
    expect((await fetch(`${base}/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    await page.getByRole('button', { name: 'Show 1 revoked token' }).click();
    await poll(() => page.getByRole('table', { name: 'API tokens' }).getByRole('row').nth(1).textContent()).toContain('Revoked');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('an admin edits an incident type: an enum field, a state and transition, a matrix cell, the public link; conflicts and refusals are explained', async () => {
    const admin = await createUser('admin');
    const api = await apiSession(admin);
    const context = await newContext(browser, 'desktop');
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, admin);

    await open(page, '/admin/incident-types');
    await poll(() => page.getByRole('table').getByRole('row').count()).toBeGreaterThanOrEqual(6);
    await expectAccessible(page, 'incident types');
    await screenshot(page, 'admin-types');

    // A new type starts with the usual workflow.
    const s = suffix();
    const prefix = `Z${s.slice(0, 3).toUpperCase()}`;
    await page.getByRole('button', { name: 'New incident type' }).click();
    const create = page.getByRole('dialog', { name: 'New incident type' });
    await create.getByLabel('Name (English)').fill(`Canteen issue ${s}`);
    await create.getByLabel('Name (German)').fill(`Kantinenproblem ${s}`);
    expect(await create.getByLabel('Key').inputValue()).toBe(`canteen-issue-${s}`);
    await create.getByLabel('Prefix').fill(prefix);
    await create.getByRole('button', { name: 'Create type' }).click();
    await poll(() => page.locator('main h1').textContent()).toBe(`Canteen issue ${s}`);
    const key = `canteen-issue-${s}`;
    expect(page.url()).toContain(`/admin/incident-types/${key}?tab=fields`);

    // An enum field: the dialog insists on options, then takes two.
    await page.getByRole('button', { name: 'Add field' }).click();
    const field = page.getByRole('dialog', { name: 'New field' });
    await field.getByLabel('Label (English)').fill('Affected area');
    await field.getByLabel('Label (German)').fill('Betroffener Bereich');
    await field.getByLabel('Label (English)').blur();
    expect(await field.getByLabel(/^Key/).inputValue()).toBe('affected_area');
    await field.getByLabel('Kind').selectOption('enum');
    await field.getByRole('button', { name: 'Apply' }).click();
    await poll(() => field.getByText('Add at least one option.').isVisible()).toBe(true);
    for (const [en, de] of [['Kitchen', 'Küche'], ['Dining room', 'Speisesaal']] as const) {
      await field.getByRole('button', { name: 'Add option' }).click();
      const n = await field.getByRole('listitem').count();
      await field.getByLabel(`Label of option ${n} (English)`).fill(en);
      await field.getByLabel(`Label of option ${n} (German)`).fill(de);
      await field.getByLabel(`Label of option ${n} (English)`).blur();
    }
    expect(await field.getByLabel('Value of option 2').inputValue()).toBe('dining_room');
    await field.getByLabel('Required: a report cannot be sent without it').check();
    await expectAccessible(page, 'field dialog');
    await field.getByRole('button', { name: 'Apply' }).click();
    await poll(() => page.getByRole('list', { name: 'Fields' }).textContent()).toContain('affected_area · Choice (one) · 2 options');

    // A waiting state and a transition into it, guarded by the new field and a comment.
    await page.getByRole('tab', { name: /Workflow/ }).click();
    await page.getByRole('button', { name: 'Add state' }).click();
    const states = page.getByRole('list', { name: 'States' });
    await states.getByLabel('English of state 6').fill('Under review');
    await states.getByLabel('German of state 6').fill('In Prüfung');
    await states.getByLabel('English of state 6').blur();
    expect(await states.getByLabel('Key of state 6').inputValue()).toBe('under_review');
    await states.getByLabel('Category of state 6').selectOption('waiting');
    await page.getByRole('button', { name: 'Add transition' }).click();
    const transition = page.getByRole('dialog', { name: 'New transition' });
    await transition.getByLabel('Button label (English)').fill('Send to review');
    await transition.getByLabel('Button label (German)').fill('Zur Prüfung geben');
    await transition.getByLabel('Button label (English)').blur();
    await transition.getByRole('checkbox', { name: 'In progress' }).check();
    await transition.getByLabel('To state').selectOption('under_review');
    await transition.getByRole('checkbox', { name: 'Affected area' }).check();
    await transition.getByRole('checkbox', { name: 'A comment is required' }).check();
    await expectAccessible(page, 'transition dialog');
    await transition.getByRole('button', { name: 'Apply' }).click();
    await poll(() => page.getByRole('list', { name: 'Transitions' }).textContent()).toMatch(/Send to reviewIn progress →\s*to\s*Under review/);
    expect(await page.getByRole('list', { name: 'Transitions' }).textContent()).toContain('needs Affected area · needs a comment');
    await expectAccessibleAtTop(page, 'workflow tab');

    // One cell of the matrix.
    await page.getByRole('tab', { name: /Priority matrix/ }).click();
    await page.getByLabel('Priority for impact low and urgency low').selectOption('P4');
    expect(await page.getByRole('table').textContent()).toContain('was P5');
    await expectAccessibleAtTop(page, 'matrix tab');
    expect(await page.getByRole('region', { name: 'Save' }).textContent()).toContain('Unsaved changes: Fields, Workflow, Priority matrix');
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    await toast(page, 'Saved as version 2.');

    let saved = await api.get<TypeDto>(`/incident-types/${key}`);
    expect(saved.version).toBe(2);
    expect(saved.fields).toEqual([expect.objectContaining({ key: 'affected_area', kind: 'enum', required: true, options: [{ value: 'kitchen', label: { en: 'Kitchen', de: 'Küche' } }, { value: 'dining_room', label: { en: 'Dining room', de: 'Speisesaal' } }] })]);
    expect(saved.workflow.states).toContainEqual({ key: 'under_review', label: { en: 'Under review', de: 'In Prüfung' }, category: 'waiting' });
    expect(saved.workflow.transitions).toContainEqual({ key: 'send_to_review', label: { en: 'Send to review', de: 'Zur Prüfung geben' }, from: ['in_progress'], to: 'under_review', requires: { fields: ['custom.affected_area'], comment: true } });
    expect(saved.priorityMatrix.low!.low).toBe('P4');

    // Someone else saves meanwhile: the editor says so and puts this change on top of theirs.
    await api.patch(`/incident-types/${key}`, { version: 2, restricted: true });
    await page.getByRole('tab', { name: /General/ }).click();
    await page.getByLabel('Description (English)').fill('Food, drinks and the canteen rooms.');
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    const conflict = page.getByRole('dialog', { name: 'Someone else changed this type' });
    await poll(() => conflict.textContent()).toContain('You started from version 2; meanwhile version 3 was saved.');
    expect(await conflict.textContent()).toContain('Their changesRestricted');
    await expectAccessible(page, 'conflict dialog');
    await conflict.getByRole('button', { name: 'Apply mine to their version' }).click();
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    await toast(page, 'Saved as version 4.');
    saved = await api.get<TypeDto>(`/incident-types/${key}`);
    expect(saved).toMatchObject({ version: 4, restricted: true, description: { en: 'Food, drinks and the canteen rooms.' } });

    // What only the server knows, said at the field: the prefix of another type.
    await page.getByLabel(/^Prefix/).fill('INC');
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    await poll(() => page.getByText('This is already in use.').isVisible()).toBe(true);
    expect(await page.getByLabel(/^Prefix/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('tab', { name: /General/ }).textContent()).toContain('1 problem');
    await page.getByLabel(/^Prefix/).fill(prefix);
    await poll(() => page.getByText('This is already in use.').count()).toBe(0);

    // A state incidents are in cannot change its category: the server refuses, the page says why.
    await api.post('/incidents', { type: key, title: 'Coffee machine leaks', custom: { affected_area: 'kitchen' } });
    await page.getByRole('tab', { name: /Workflow/ }).click();
    await page.getByRole('list', { name: 'States' }).getByLabel('Category of state 1').selectOption('active');
    await page.getByRole('button', { name: 'Save changes' }).first().click();
    await poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('new: category changed, but 1 incident is in it'));
    await page.getByRole('button', { name: 'Keep these states' }).click();
    await poll(() => page.getByRole('region', { name: 'Save' }).textContent()).toContain('All changes saved (version 4)');

    // The public report link: on, with its address to copy.
    await page.getByRole('tab', { name: /Public link/ }).click();
    const toggle = page.getByRole('switch', { name: 'Public report link' });
    expect(await toggle.isChecked()).toBe(false);
    await toggle.click();
    await toast(page, 'The public report link is on.');
    const address = await page.getByLabel('Address of the form').inputValue();
    expect(address).toMatch(/\/report\/[A-Za-z0-9_-]{22,}$/);
    await page.getByRole('button', { name: 'Copy address' }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
    await expectAccessibleAtTop(page, 'public link tab');
    expect(await api.get(`/incident-types/${key}/public-report`)).toMatchObject({ enabled: true, url: address });

    // A type guests cannot fill in: the refusal lists why.
    await api.post('/incident-types', {
      key: `staff-only-${s}`,
      name: { en: `Staff only ${s}` },
      prefix: `Y${s.slice(0, 3).toUpperCase()}`,
      fields: [{ key: 'owner', label: { en: 'Owner' }, kind: 'user', required: true }],
      workflow: { initial: 'open', states: [{ key: 'open', label: { en: 'Open' }, category: 'new' }], transitions: [] },
    });
    await open(page, `/admin/incident-types/staff-only-${s}?tab=link`);
    await page.getByRole('switch', { name: 'Public report link' }).click();
    await poll(() => page.getByRole('alert').allTextContents()).toContainEqual(expect.stringContaining('The required field Owner can only be filled in by people with an account.'));
    expect(await page.getByRole('switch', { name: 'Public report link' }).isChecked()).toBe(false);

    // Demo data, for the screenshots: a pack type's fields, workflow and matrix.
    await open(page, '/admin/incident-types/it-outage?tab=fields');
    await screenshot(page, 'admin-type-fields');
    await page.getByRole('button', { name: 'Edit Environment' }).click();
    await page.getByRole('dialog', { name: 'Edit field' }).waitFor();
    await expectAccessible(page, 'field dialog of a pack type');
    await screenshot(page, 'admin-type-field-dialog');
    await page.getByRole('dialog', { name: 'Edit field' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('tab', { name: /Workflow/ }).click();
    await expectAccessibleAtTop(page, 'workflow of a pack type');
    await screenshot(page, 'admin-type-workflow');
    await page.getByRole('tab', { name: /Categories/ }).click();
    await expectAccessibleAtTop(page, 'categories of a pack type');
    await page.getByRole('tab', { name: /Priority matrix/ }).click();
    await screenshot(page, 'admin-type-matrix');
    await page.getByRole('tab', { name: /JSON/ }).click();
    expect(await page.getByLabel('Definition as JSON').textContent()).toContain('"key": "it-outage"');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('an auditor filters the audit trail, reads a change and verifies the chain', async () => {
    const auditor = demoUser('auditor', 'en');
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, auditor);
    // The start page (the queue) may still be settling its address; go to the audit by its own address.
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' }).getAttribute('href')).toBe('/audit');
    await open(page, '/audit');
    await poll(() => page.locator('main h1').textContent()).toBe('Audit trail');
    const records = page.getByRole('list', { name: 'Audit records, newest first' });
    await poll(() => records.getByRole('listitem').count()).toBe(50);
    await expectAccessible(page, 'audit trail');

    await page.getByLabel('Kind of item').selectOption('team');
    await page.getByLabel('Action').fill('member_add');
    await page.getByRole('button', { name: 'Apply filter' }).click();
    await poll(() => page.url()).toContain('entityType=team');
    await poll(async () => {
        const texts = await records.getByRole('listitem').allTextContents();
      return texts.length > 0 && texts.every((t) => t.includes('member_add') && t.includes('Team'));
    }).toBe(true);
    const first = records.getByRole('listitem').first();
    await first.getByRole('button', { name: 'Show changes' }).click();
    const changes = first.getByRole('table', { name: 'Changed values' });
    await poll(() => changes.getByRole('rowheader').allTextContents()).toEqual(expect.arrayContaining(['userId', 'role']));

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await poll(() => page.getByRole('status').allTextContents(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^Verified: \d+ records, chain intact/));
    await expectAccessible(page, 'audit trail after verifying');
    await page.getByRole('button', { name: /^Clear 2 filters$/ }).click();
    await poll(() => records.getByRole('listitem').count()).toBe(50);

    // For the screenshot: the changes of teams, the newest opened, and the chain verified.
    await open(page, '/audit?entityType=team');
    await poll(() => records.getByRole('listitem').count()).toBeGreaterThan(0);
    await records.getByRole('listitem').first().getByRole('button', { name: 'Show changes' }).click();
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await poll(() => page.getByRole('status').allTextContents(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^Verified/));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'audit', { fullPage: true });
    expectNoPageErrors(watch);
    await context.close();
  });

  it('keeps administration from agents and shows managers the teams they lead', async () => {
    const agent = demoUser('agent', 'en');
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    await signIn(page, agent);
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Administration' }).count()).toBe(0);
    for (const path of ['/admin', '/admin/users', '/admin/incident-types/it-outage', '/audit']) {
      await open(page, path);
      await poll(() => page.locator('main h1').textContent()).toBe('No access');
    }
    await context.close();

    const manager = inject('server').demoUsers.find((u) => u.email.startsWith('jonas.weber'))!;
    const managerContext = await newContext(browser, 'desktop');
    const managerPage = await managerContext.newPage();
    await signIn(managerPage, { email: manager.email, password: inject('server').demoPassword });
    await open(managerPage, '/admin');
    expect(await managerPage.getByRole('main').getByRole('link').allTextContents()).toEqual(['Teams']);
    await open(managerPage, '/admin/teams');
    await poll(() => managerPage.getByRole('table').getByRole('row').allTextContents()).toEqual([expect.any(String), expect.stringContaining('it-operations')]);
    expect(await managerPage.getByRole('button', { name: 'Neues Team' }).count()).toBe(0);
    await managerPage.getByRole('link', { name: 'IT Operations' }).click();
    await poll(() => managerPage.locator('main h1').textContent()).toBe('IT Operations');
    expect(await managerPage.getByRole('button', { name: 'Team löschen' }).count()).toBe(0);
    expect(await managerPage.getByRole('combobox').count()).toBe(0);
    await managerContext.close();
  });

  it('speaks German to a German administrator and fits a phone', async () => {
    const admin = demoUser('admin', 'de');
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, admin);
    await open(page, '/admin/incident-types/it-outage?tab=workflow');
    await poll(() => page.getByRole('tab', { selected: true }).textContent()).toBe('Workflow');
    expect(await page.getByRole('heading', { name: 'Übergänge' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Status hinzufügen' }).isVisible()).toBe(true);
    await expectAccessible(page, 'workflow in German');
    await screenshot(page, 'admin-type-workflow-de');
    await open(page, '/audit');
    await poll(() => page.locator('main h1').textContent()).toBe('Audit-Protokoll');
    expectNoPageErrors(watch);
    await context.close();

    const phone = await newContext(browser, 'phone');
    const phonePage = await phone.newPage();
    await signIn(phonePage, inject('server').admin);
    for (const path of ['/admin/users', '/admin/incident-types/it-outage?tab=workflow', '/account/tokens']) {
      await open(phonePage, path);
      const width = await phonePage.evaluate(() => document.documentElement.scrollWidth);
      expect(width, path).toBeLessThanOrEqual(390);
    }
    await expectAccessible(phonePage, 'tokens on a phone');
    await open(phonePage, '/admin/incident-types/it-outage?tab=fields');
    await screenshot(phonePage, 'admin-type-phone');
    await phone.close();
  });
});
