import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, createUser } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { expectNoPageErrors, launchBrowser, newContext, signIn, watchPage } from './support/browser.js';
import { screenshot } from './support/screenshots.js';

type Created = { id: string; number: string; title: string; priority: string; version: number };

let counter = 0;
/** A word no other test uses, so searches find only this test's incidents. */
const token = () => `qz${Date.now().toString(36)}${(counter += 1)}`;

const grid = (page: Page) => page.getByRole('grid');
const dataRows = (page: Page) => grid(page).locator('[role="row"][data-id]');
const row = (page: Page, number: string) => grid(page).locator(`[role="row"][data-number="${number}"]`);
const rowNumbers = (page: Page) => dataRows(page).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')));

async function report(who: { email: string; password: string }, title: string, extra: Record<string, unknown> = {}): Promise<Created> {
  const api = await apiSession(who);
  return api.post<Created>('/incidents', { type: 'it-outage', title, description: 'Created by the queue browser test.', ...extra });
}

/** Opens the queue on the list of incidents whose text matches `q`, newest first. */
async function openSearch(page: Page, q: string) {
  await page.goto(`/queue?q=${encodeURIComponent(q)}&sort=created&order=desc`);
  await grid(page).waitFor();
}

const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const states = [
  { key: 'new', label: { en: 'New', de: 'Neu' }, category: 'new' },
  { key: 'investigating', label: { en: 'Investigating', de: 'In Analyse' }, category: 'active' },
  { key: 'resolved', label: { en: 'Resolved', de: 'Gelöst' }, category: 'resolved' },
] as const;

/** One generated incident as GET /incidents presents it. */
function syntheticIncident(n: number) {
  const at = new Date(Date.UTC(2026, 0, 1) - n * 60_000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
    number: `SYN-2026-${String(n).padStart(6, '0')}`,
    type: { id: '00000000-0000-4000-8000-aaaaaaaaaaaa', key: 'it-outage', name: { en: 'IT outage', de: 'IT-Störung' } },
    title: `Generated incident number ${n} for the scrolling test`,
    category: null,
    severity: 'medium',
    impact: 'medium',
    urgency: 'medium',
    priority: priorities[n % 5],
    priorityOverridden: false,
    businessAreas: [],
    services: [],
    assets: [],
    locations: [],
    reporter: null,
    assignee: n % 3 === 0 ? null : { id: '00000000-0000-4000-8000-bbbbbbbbbbbb', name: 'Sam Synthetic' },
    team: { id: '00000000-0000-4000-8000-cccccccccccc', name: 'IT Operations' },
    state: states[n % 3],
    restricted: false,
    confidentiality: 'internal',
    source: 'api',
    dueAt: null,
    occurredAt: null,
    detectedAt: null,
    becameAwareAt: null,
    reportedAt: at,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    mergedInto: null,
    createdAt: at,
    updatedAt: at,
    version: 1,
    clocks: n % 4 === 0 ? [{ id: `00000000-0000-4000-9000-${n.toString(16).padStart(12, '0')}`, kind: 'sla_resolve', state: 'running', dueAt: new Date(Date.now() + (n % 50) * 600_000 - 3_600_000).toISOString(), remainingMs: 0, pausedAt: null }] : [],
  };
}

function demoUser(role: string, locale = 'en') {
  const server = inject('server');
  const user = server.demoUsers.find((u) => u.role === role && u.locale === locale);
  if (!user) throw new Error(`the demo seed has no ${role} speaking ${locale}`);
  return { ...user, password: server.demoPassword };
}

describe('the queue', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the demo incidents at a glance on a desktop and a phone, with no serious accessibility issue', async () => {
    const agent = demoUser('agent');
    const desktop = await newContext(browser, 'desktop');
    const page = await desktop.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await page.goto('/queue');
    // The first saved view opens by default and the address says which.
    await page.waitForURL(/\/queue\?view=[0-9a-f-]{36}&/);
    expect(await page.getByRole('navigation', { name: 'Saved views' }).locator('a[aria-current="page"]').textContent()).toBe('My open P1-P2');

    await page.getByRole('link', { name: 'All incidents' }).click();
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('priority:desc');
    await grid(page).waitFor();
    await expect.poll(() => dataRows(page).count()).toBeGreaterThan(10);
    const rowCount = Number(await grid(page).getAttribute('aria-rowcount'));
    expect(rowCount).toBeGreaterThan(40);
    // Priority and status are text as well as colour; the header that sorts says so.
    const first = dataRows(page).first();
    expect(await first.locator('[data-col="priority"]').textContent()).toMatch(/P1/);
    expect((await first.locator('[data-col="state"]').textContent())?.trim()).not.toBe('');
    expect(await grid(page).getByRole('columnheader', { name: /Priority/ }).getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByText('Live', { exact: true }).isVisible()).toBe(true);
    // Virtualised: far fewer rows in the page than incidents in the list.
    expect(await page.locator('[role="row"][data-id]').count()).toBeLessThan(rowCount);
    await expectAccessible(page, 'queue');
    await page.mouse.move(0, 0);
    await screenshot(page, 'queue');

    await page.getByRole('button', { name: 'Filters' }).click();
    await expectAccessible(page, 'queue with the filters open');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await expectAccessible(page, 'keyboard help');
    await page.keyboard.press('Escape');
    expectNoPageErrors(watch);
    await desktop.close();

    const phone = await newContext(browser, 'phone');
    const phonePage = await phone.newPage();
    const phoneWatch = watchPage(phonePage);
    await signIn(phonePage, agent);
    await phonePage.goto('/queue?sort=priority&order=desc');
    await grid(phonePage).waitFor();
    await expect.poll(() => dataRows(phonePage).count()).toBeGreaterThan(3);
    // Cards: no sideways scrolling, the title spans the card.
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const card = await dataRows(phonePage).first().boundingBox();
    expect(card!.width).toBeLessThanOrEqual(390);
    expect(card!.height).toBeGreaterThan(100);
    await expectAccessible(phonePage, 'queue on a phone');
    await screenshot(phonePage, 'queue-phone');
    expectNoPageErrors(phoneWatch);
    await phone.close();
  });

  it('filters and searches as an agent, with the list in the address', async () => {
    const agent = await createUser('agent');
    const word = token();
    const urgent = await report(agent, `Printer queue ${word} jammed on floor 3`, { impact: 'high', urgency: 'high' });
    const minor = await report(agent, `Printer toner ${word} low`, { impact: 'low', urgency: 'low' });
    expect(urgent.priority).not.toBe(minor.priority);

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await page.goto('/queue');
    await page.getByRole('link', { name: 'All incidents' }).click();
    await page.getByRole('searchbox', { name: 'Search incidents' }).fill(word);
    await page.waitForURL(new RegExp(`[?&]q=${word}`));
    await expect.poll(() => rowNumbers(page)).toEqual([minor.number, urgent.number]);
    expect(await page.getByText('2 incidents').isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Filters' }).click();
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByRole('group', { name: 'Priority' }).getByLabel(urgent.priority, { exact: true }).click();
    await page.waitForURL(new RegExp(`priority=${urgent.priority}`));
    await expect.poll(() => rowNumbers(page)).toEqual([urgent.number]);
    await filters.getByLabel('Assignee').selectOption('none');
    await page.waitForURL(/assigneeId=none/);
    await filters.getByRole('group', { name: 'Type' }).getByLabel('IT outage').click();
    await page.waitForURL(/type=it-outage/);
    await expect.poll(() => page.getByRole('list', { name: 'Active filters' }).getByRole('listitem').allTextContents()).toEqual(
      expect.arrayContaining([`Search: ${word}×`, `Priority: ${urgent.priority}×`, 'Assignee: Nobody (unassigned)×', 'Type: IT outage×']),
    );

    // The address is the list: a reload (or a colleague with the link) gets the same.
    const address = page.url();
    await page.reload();
    await expect.poll(() => rowNumbers(page)).toEqual([urgent.number]);
    expect(page.url()).toBe(address);

    await page.getByRole('button', { name: `Remove filter Priority: ${urgent.priority}` }).click();
    await expect.poll(() => rowNumbers(page)).toEqual([minor.number, urgent.number]);

    // Sorting by clicking a header, and again to turn it around.
    await grid(page).getByRole('button', { name: /Priority/ }).click();
    await page.waitForURL(/sort=priority&order=desc/);
    const p1First = [urgent, minor].sort((a, b) => a.priority.localeCompare(b.priority)).map((i) => i.number);
    await expect.poll(() => rowNumbers(page)).toEqual(p1First);
    await grid(page).getByRole('button', { name: /Priority/ }).click();
    await page.waitForURL(/sort=priority&order=asc/);
    await expect.poll(() => rowNumbers(page)).toEqual([...p1First].reverse());

    await page.getByRole('searchbox', { name: 'Search incidents' }).fill(`${word}-nothing-matches`);
    await page.getByText('No incidents here').waitFor();
    expectNoPageErrors(watch);
    await context.close();
  });

  it('saves the current filters as a view with its own columns, and deletes it', async () => {
    const agent = await createUser('agent');
    const word = token();
    const incident = await report(agent, `Badge reader ${word} offline`);
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await openSearch(page, word);
    await expect.poll(() => rowNumbers(page)).toEqual([incident.number]);

    await page.getByRole('button', { name: 'Save as view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as a new view' });
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.getByText('Give the view a name.').waitFor();
    await expectAccessible(page, 'save view dialog');
    await dialog.getByLabel('Name').fill(`Badge readers ${word}`);
    await dialog.getByRole('button', { name: 'Save view' }).click();
    const tabs = page.getByRole('navigation', { name: 'Saved views' });
    await expect.poll(() => tabs.locator('a[aria-current="page"]').textContent()).toBe(`Badge readers ${word}`);
    await page.waitForURL(/\?view=[0-9a-f-]{36}&q=/);

    // Columns are the view's own: add Severity and move it first.
    await page.getByRole('button', { name: 'View options' }).click();
    await page.getByRole('button', { name: 'Columns…' }).click();
    const picker = page.getByRole('dialog', { name: 'Columns' });
    await picker.getByRole('list', { name: 'Other columns' }).getByRole('checkbox', { name: 'Severity' }).click();
    expect(await picker.getByRole('list', { name: 'Shown columns, in order' }).getByRole('checkbox', { name: 'Severity' }).isChecked()).toBe(true);
    for (let i = 0; i < 7; i += 1) await picker.getByRole('button', { name: 'Move Severity up' }).click();
    await expectAccessible(page, 'column picker');
    await picker.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => grid(page).getByRole('columnheader').allTextContents()).toEqual(['', 'Severity', 'Number', 'Title', 'Status', 'Priority↕', 'Assignee', 'Team', 'Updated↕']);

    // Saved on the server: another visit starts with it, filters and columns included.
    const views = await (await apiSession(agent)).get<{ items: Array<{ name: string; filters: Record<string, unknown>; columns: string[] }> }>('/views');
    expect(views.items.map((v) => v.name)).toEqual(['My open P1-P2', 'Unassigned', `Badge readers ${word}`]);
    expect(views.items[2]).toMatchObject({ filters: { q: word }, columns: ['severity', 'number', 'title', 'state', 'priority', 'assignee', 'team', 'updatedAt'] });
    await page.goto('/queue');
    await tabs.getByRole('link', { name: `Badge readers ${word}` }).click();
    await expect.poll(() => rowNumbers(page)).toEqual([incident.number]);

    // A changed view offers to save the change; then delete it.
    await page.getByRole('combobox', { name: 'Sort by' }).selectOption('updated:desc');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText(`View "Badge readers ${word}" saved`).waitFor();
    await page.getByRole('button', { name: 'View options' }).click();
    await page.getByRole('button', { name: 'Delete view' }).click();
    await page.getByRole('dialog', { name: `Delete "Badge readers ${word}"?` }).getByRole('button', { name: 'Delete view' }).click();
    await expect.poll(() => tabs.getByRole('link').allTextContents()).toEqual(['My open P1-P2', 'Unassigned', 'All incidents']);
    expectNoPageErrors(watch);
    await context.close();
  });

  it('triages from the queue: bulk assigns one row, and reports the row a bulk transition could not move', async () => {
    const agent = await createUser('agent', { name: 'Tara Triage' });
    const word = token();
    const waiting = await report(agent, `VPN drops ${word} every hour`);
    const started = await report(agent, `Mail delay ${word} for external senders`);
    const api = await apiSession(agent);
    await api.post(`/incidents/${started.id}/transitions`, { to: 'investigating' });
    const teams = await api.get<{ items: Array<{ id: string; name: string }> }>('/teams');
    const team = teams.items[0]!;

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await openSearch(page, word);
    await expect.poll(() => rowNumbers(page)).toEqual([started.number, waiting.number]);

    await row(page, waiting.number).getByRole('checkbox', { name: `Select ${waiting.number}` }).check();
    const bulk = page.getByRole('region', { name: 'Bulk actions' });
    expect(await bulk.getByText('1 selected').isVisible()).toBe(true);
    await bulk.getByRole('button', { name: 'Assign…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign 1 incident' });
    await dialog.getByLabel('Assignee').selectOption('me');
    await dialog.getByLabel('Team').selectOption(team.id);
    await expectAccessible(page, 'bulk assign dialog');
    await dialog.getByRole('button', { name: 'Assign 1 incident' }).click();
    await page.getByText('1 incident changed').waitFor();
    await expect.poll(() => row(page, waiting.number).locator('[data-col="assignee"]').textContent()).toBe('Tara Triage');
    await expect.poll(() => row(page, waiting.number).locator('[data-col="team"]').textContent()).toBe(team.name);
    const assigned = await api.get<{ assignee: { id: string } | null; team: { id: string } | null }>(`/incidents/${waiting.id}`);
    expect(assigned).toMatchObject({ assignee: { id: agent.id }, team: { id: team.id } });

    // Shift-click selects the range; "Identified" is possible for one of the two only.
    await row(page, started.number).getByRole('checkbox').click();
    await row(page, waiting.number).getByRole('checkbox').click({ modifiers: ['Shift'] });
    expect(await bulk.getByText('2 selected').isVisible()).toBe(true);
    await bulk.getByRole('button', { name: 'Change status…' }).click();
    const move = page.getByRole('dialog', { name: 'Change the status of 2 incidents' });
    await move.getByLabel('New status').selectOption('identified');
    expect(await move.getByLabel('New status').locator('option:checked').textContent()).toBe('Cause identified (1 of 2)');
    await move.getByText('Possible for 1 of 2; the others are reported as failed.').waitFor();
    await move.getByRole('button', { name: 'Change 2 incidents' }).click();
    await page.getByText('1 changed, 1 failed; see the marked row.').waitFor();
    await expect.poll(() => row(page, waiting.number).textContent()).toContain('Failed: This step is not possible in the current state.');
    await expect.poll(() => row(page, started.number).locator('[data-col="state"]').textContent()).toBe('Cause identified');
    // The failed row stays selected for another try.
    expect(await bulk.getByText('1 selected').isVisible()).toBe(true);
    expectNoPageErrors(watch);
    await context.close();
  });

  it('shows a new incident and a change made elsewhere in a second browser without reloading', async () => {
    const watcherAgent = await createUser('agent');
    const otherAgent = await createUser('agent', { name: 'Ola Other' });
    const word = token();
    const existing = await report(otherAgent, `Wifi guest ${word} portal down`);

    const contextB = await newContext(browser, 'desktop');
    const pageB = await contextB.newPage();
    const watchB = watchPage(pageB);
    await signIn(pageB, watcherAgent);
    await openSearch(pageB, word);
    await expect.poll(() => rowNumbers(pageB)).toEqual([existing.number]);
    await pageB.getByText('Live', { exact: true }).waitFor();
    // Gone after any reload: proves the updates arrive in the page as it is.
    await pageB.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const notReloaded = () => pageB.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

    // Context A reports a new incident (through the API) ...
    const created = await report(otherAgent, `Wifi office ${word} slow`);
    await expect.poll(() => rowNumbers(pageB), { timeout: 15_000 }).toEqual([created.number, existing.number]);
    expect(await row(pageB, created.number).textContent()).toContain('New');
    expect(await pageB.getByText('2 incidents').isVisible()).toBe(true);

    // ... and assigns the other one to themselves in their own browser; B's row follows.
    const contextA = await newContext(browser, 'desktop');
    const pageA = await contextA.newPage();
    await signIn(pageA, otherAgent);
    await openSearch(pageA, word);
    await row(pageA, existing.number).getByRole('checkbox').check();
    await pageA.getByRole('button', { name: 'Assign…' }).click();
    await pageA.getByRole('dialog').getByLabel('Assignee').selectOption('me');
    await pageA.getByRole('dialog').getByRole('button', { name: 'Assign 1 incident' }).click();
    await pageA.getByText('1 incident changed').waitFor();
    await expect.poll(() => row(pageB, existing.number).locator('[data-col="assignee"]').textContent(), { timeout: 15_000 }).toBe('Ola Other');
    expect(await notReloaded()).toBe(true);

    // A change that takes an incident out of B's filters marks it instead of pulling it away.
    await pageB.goto(`/queue?assigneeId=none&q=${word}&sort=created&order=desc`);
    await expect.poll(() => rowNumbers(pageB)).toEqual([created.number]);
    await pageB.getByText('Live', { exact: true }).waitFor();
    const api = await apiSession(otherAgent);
    const current = await api.get<Created>(`/incidents/${created.id}`);
    await api.patch(`/incidents/${created.id}`, { assigneeId: otherAgent.id, version: current.version });
    await expect.poll(() => row(pageB, created.number).textContent(), { timeout: 15_000 }).toContain('No longer matches');
    expect(await rowNumbers(pageB)).toEqual([created.number]);
    expectNoPageErrors(watchB);
    await contextA.close();
    await contextB.close();
  });

  it('keeps the reader’s place when a new incident arrives above, and offers to jump to it', async () => {
    const agent = await createUser('agent');
    const word = token();
    for (let i = 0; i < 24; i += 6) await Promise.all(Array.from({ length: 6 }, (_, k) => report(agent, `Sensor ${word} reading ${i + k}`)));
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await openSearch(page, word);
    await expect.poll(() => grid(page).getAttribute('aria-rowcount')).toBe('25');
    await page.getByText('Live', { exact: true }).waitFor();

    // Scroll down a little; remember which row is at the top and where.
    await grid(page).evaluate((el) => (el.scrollTop = 8 * 44 + 10));
    const anchor = async () =>
      grid(page).evaluate((el) => {
        const top = el.getBoundingClientRect().top + 41;
        const rows = [...el.querySelectorAll<HTMLElement>('[role="row"][data-number]')];
        const first = rows.map((r) => ({ number: r.dataset.number!, y: r.getBoundingClientRect().top - top })).filter((r) => r.y > -44).sort((a, b) => a.y - b.y)[0]!;
        return first;
      });
    const before = await anchor();

    const fresh = await report(agent, `Sensor ${word} reading new`);
    const jump = page.getByRole('button', { name: '1 new incident' });
    await jump.waitFor({ timeout: 15_000 });
    const after = await grid(page).evaluate((el, number) => {
      const top = el.getBoundingClientRect().top + 41;
      return el.querySelector<HTMLElement>(`[role="row"][data-number="${number}"]`)!.getBoundingClientRect().top - top;
    }, before.number);
    expect(Math.abs(after - before.y)).toBeLessThanOrEqual(1);

    await jump.click();
    await expect.poll(() => grid(page).evaluate((el) => el.scrollTop)).toBe(0);
    expect((await rowNumbers(page))[0]).toBe(fresh.number);
    expect(await row(page, fresh.number).textContent()).toContain('New');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('is driven by the keyboard: / searches, j and k move, x selects, Enter opens the incident', async () => {
    const agent = await createUser('agent');
    const word = token();
    const older = await report(agent, `Scanner ${word} one`);
    const newer = await report(agent, `Scanner ${word} two`);
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await page.goto('/queue?sort=created&order=desc');
    await grid(page).waitFor();

    await page.locator('main h1').click();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('queue-search');
    await page.keyboard.type(word);
    await page.keyboard.press('Enter');
    await expect.poll(() => rowNumbers(page)).toEqual([newer.number, older.number]);

    await page.locator('main h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-number'))).toBe(older.number);
    expect(await row(page, older.number).evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('solid');
    await page.keyboard.press('x');
    expect(await row(page, older.number).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('k');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/incidents/${newer.number}$`));
    expectNoPageErrors(watch);
    await context.close();
  });

  it('stays smooth with 10,000 incidents: rows are virtualised and pages load by cursor while scrolling', async () => {
    const agent = await createUser('agent');
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    // The list endpoint answers from 10,000 generated incidents (the server's own paging is tested on the server).
    const total = 10_000;
    const pageSizes: number[] = [];
    await page.route(
      (url) => url.pathname === '/api/v1/incidents',
      async (route) => {
        const url = new URL(route.request().url());
        const from = Number(url.searchParams.get('cursor') ?? 0);
        const limit = Number(url.searchParams.get('limit') ?? 50);
        pageSizes.push(limit);
        const items = Array.from({ length: Math.min(limit, total - from) }, (_, k) => syntheticIncident(from + k));
        await route.fulfill({ json: { items, total, nextCursor: from + items.length < total ? String(from + items.length) : null } });
      },
    );
    await page.goto('/queue?sort=created&order=desc');
    await grid(page).waitFor();
    expect(await grid(page).getAttribute('aria-rowcount')).toBe(String(total + 1));
    expect(await page.getByText('10,000 incidents').isVisible()).toBe(true);

    // Scroll to the end in big jumps, as someone dragging the scroll bar would; measure the longest frame.
    const slowest = await page.evaluate(async () => {
      const grid = document.querySelector<HTMLElement>('[role="grid"]')!;
      let worst = 0;
      const until = performance.now() + 60_000;
      while (performance.now() < until && !document.querySelector('[role="row"][data-number="SYN-2026-009999"]')) {
        const t0 = performance.now();
        grid.scrollTop = grid.scrollHeight;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        worst = Math.max(worst, performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
      return worst;
    });
    await row(page, 'SYN-2026-009999').waitFor();
    console.log(`queue: 10,000 rows loaded in ${pageSizes.length} pages, slowest scroll step ${Math.round(slowest)} ms`);
    expect(pageSizes.length).toBe(total / pageSizes[0]!);
    // Only the rows on screen (and a few either side) are in the page.
    expect(await page.locator('[role="row"][data-id]').count()).toBeLessThan(60);
    expect(Number(await row(page, 'SYN-2026-009999').getAttribute('aria-rowindex'))).toBe(total + 1);
    // The keyboard walks on from there, and back to the top stays cheap.
    await row(page, 'SYN-2026-009999').focus();
    await page.keyboard.press('k');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-number'))).toBe('SYN-2026-009998');
    await grid(page).evaluate((el) => (el.scrollTop = 0));
    await row(page, 'SYN-2026-000000').waitFor();
    expectNoPageErrors(watch);
    await context.close();
  });

  it('lets a reporter follow their own reports, and an auditor read the queue without bulk actions', async () => {
    const reporter = await createUser('reporter', { locale: 'de' });
    const word = token();
    const mine = await report(reporter, `Kaffeemaschine ${word} defekt`);
    const phone = await newContext(browser, 'phone');
    const page = await phone.newPage();
    const watch = watchPage(page);
    await signIn(page, reporter);
    await page.getByRole('button', { name: 'Menü', exact: true }).click();
    await page.getByRole('link', { name: 'Meine Meldungen' }).click();
    await page.waitForURL(/\/my-reports$/);
    await expect.poll(() => rowNumbers(page)).toEqual([mine.number]);
    expect(await page.getByRole('link', { name: 'Offen', exact: true }).getAttribute('aria-current')).toBe('page');
    expect(await grid(page).getByRole('checkbox').count()).toBe(0);
    await expectAccessible(page, 'my reports on a phone');
    expectNoPageErrors(watch);
    await phone.close();

    // A reporter of the demo organisation, all their reports.
    const demoPhone = await newContext(browser, 'phone');
    const demoPage = await demoPhone.newPage();
    await signIn(demoPage, demoUser('reporter'));
    await demoPage.goto('/my-reports');
    await demoPage.getByRole('link', { name: 'All', exact: true }).click();
    await expect.poll(() => dataRows(demoPage).count()).toBeGreaterThan(2);
    await expectAccessible(demoPage, 'all my reports on a phone');
    await screenshot(demoPage, 'my-reports-phone');
    await demoPhone.close();

    const auditor = await createUser('auditor');
    const context = await newContext(browser, 'desktop');
    const auditPage = await context.newPage();
    await signIn(auditPage, auditor);
    await openSearch(auditPage, word);
    await expect.poll(() => rowNumbers(auditPage)).toEqual([mine.number]);
    expect(await grid(auditPage).getByRole('checkbox').count()).toBe(0);
    await auditPage.keyboard.press('x');
    expect(await auditPage.getByRole('region', { name: 'Bulk actions' }).count()).toBe(0);
    await context.close();
  });
});
