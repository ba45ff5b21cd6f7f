import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, createUser, type ApiSession } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { expectNoPageErrors, launchBrowser, newContext, open, signIn, watchPage } from './support/browser.js';
import { screenshot } from './support/screenshots.js';

type Ref = { id: string; number: string };

let counter = 0;
const unique = (label: string) => `${label} ${Date.now().toString(36)}${(counter += 1)}`;

// Operations pages: the inbox (live notifications, acknowledge), on-call calendar, upcoming deadlines.
describe('operations', () => {
  let browser: Browser;
  let admin: ApiSession;
  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await apiSession(inject('server').admin);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows a page in the inbox as it arrives and acknowledges the incident from it', async () => {
    const agent = await createUser('agent', { name: unique('Inbox Agent') });
    const teams = await admin.get<{ items: { id: string }[] }>('/teams');
    const teamId = teams.items[0]!.id;
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await open(page, '/inbox');
    expect(await page.locator('main h1').textContent()).toBe('Inbox');

    const policy = await admin.post<{ id: string }>('/escalation-policies', { teamId, name: unique('Inbox e2e policy'), levels: [{ delayMinutes: 30, targets: [{ kind: 'user', id: agent.id }] }] });
    const incident = await admin.post<Ref>('/incidents', { type: 'it-outage', title: unique('Inbox e2e outage'), teamId });
    await admin.post(`/incidents/${incident.id}/escalations`, { policyId: policy.id });

    // The worker pages the agent; the live stream brings the notification without a reload.
    const item = page.locator('main li').filter({ has: page.getByRole('link', { name: new RegExp(`Open ${incident.number}`) }) });
    await item.first().waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('main h1').textContent(), { timeout: 20_000 }).toMatch(/Inbox \(\d+ unread\)/);
    await expectAccessible(page, 'inbox');
    await screenshot(page, 'inbox');

    await item.first().getByRole('button', { name: 'Acknowledge' }).click();
    await expect.poll(async () => (await page.getByRole('status').allTextContents()).join(' ')).toContain(`${incident.number} acknowledged.`);
    const escalations = await admin.get<{ items: { state: string }[] }>(`/incidents/${incident.id}/escalations`);
    expect(escalations.items[0]?.state).toBe('acknowledged');
    await expect.poll(() => item.first().getByRole('button', { name: 'Mark as read' }).count()).toBe(0);

    // Phone width: the list stays usable.
    await page.setViewportSize({ width: 360, height: 740 });
    await expectAccessible(page, 'inbox on a phone');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('shows the on-call calendar of a schedule, week and month, and an override created in the page', async () => {
    const teams = await admin.get<{ items: { id: string }[] }>('/teams');
    const teamId = teams.items[0]!.id;
    const first = await createUser('agent', { name: unique('Rota First') });
    const second = await createUser('agent', { name: unique('Rota Second') });
    const startDate = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
    const schedule = await admin.post<{ id: string; name: string }>('/schedules', {
      teamId,
      name: unique('E2E rota'),
      timeZone: 'Europe/Berlin',
      layers: [{ name: 'Primary', participants: [first.id, second.id], rotation: 'daily', handoffTime: '09:00', startDate }],
    });

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, inject('server').admin);
    await open(page, `/oncall?schedule=${schedule.id}`);
    const calendar = page.getByRole('list', { name: 'Shifts by day' });
    await expect.poll(() => calendar.textContent(), { timeout: 20_000 }).toContain(first.name);
    expect(await calendar.textContent()).toContain(second.name);
    expect(await page.getByRole('list', { name: 'People on call' }).textContent()).toContain(first.name);

    await page.getByRole('button', { name: 'Add override' }).click();
    const dialog = page.getByRole('dialog');
    const who = dialog.getByLabel('Who covers');
    await who.locator('option').nth(1).waitFor({ state: 'attached' });
    const coverName = (await who.locator('option').nth(1).textContent())!;
    await who.selectOption({ index: 1 });
    await dialog.getByRole('button', { name: 'Create override' }).click();
    await expect.poll(async () => (await page.getByRole('status').allTextContents()).join(' ')).toContain(`${coverName} now covers the chosen time.`);
    await expect.poll(() => calendar.textContent()).toContain(`${coverName} · override`);
    await expectAccessible(page, 'on-call calendar');
    await calendar.scrollIntoViewIfNeeded();
    await screenshot(page, 'oncall-calendar');

    await page.getByRole('button', { name: 'Month', exact: true }).click();
    const month = page.getByRole('list', { name: 'Shifts in the month' });
    await expect.poll(() => month.textContent()).toContain(coverName);
    await expectAccessible(page, 'on-call month');
    await month.scrollIntoViewIfNeeded();
    await screenshot(page, 'oncall-month');

    await page.setViewportSize({ width: 360, height: 740 });
    await expectAccessible(page, 'on-call on a phone');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('lists the GDPR clock of a data breach among the upcoming deadlines with a countdown', async () => {
    const incident = await admin.post<Ref>('/incidents', { type: 'data-breach', title: unique('Deadlines e2e breach'), becameAwareAt: new Date(Date.now() - 2 * 3_600_000).toISOString() });

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, inject('server').admin);
    await open(page, '/deadlines');
    expect(await page.locator('main h1').textContent()).toBe('Upcoming deadlines');
    await page.getByRole('group', { name: 'Kind of clock' }).getByRole('button', { name: 'Legal' }).click();
    const row = page.locator('main tr').filter({ has: page.getByRole('link', { name: new RegExp(incident.number) }) }).filter({ hasText: 'GDPR Art. 33' });
    await row.first().waitFor({ timeout: 30_000 });
    await expect.poll(() => row.first().textContent()).toMatch(/in (2|3)d|in 69|in 70/);
    expect(await row.first().textContent()).toContain('Running');
    await expectAccessible(page, 'deadlines');
    await screenshot(page, 'deadlines');
    await page.setViewportSize({ width: 360, height: 740 });
    await expectAccessible(page, 'deadlines on a phone');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('creates a routing rule with the builders, previews it against an incident and reorders the list', async () => {
    const marker = unique('Routing e2e');
    const incident = await admin.post<Ref>('/incidents', { type: 'it-outage', title: `${marker} database down` });
    const teams = await admin.get<{ items: { id: string; name: string }[] }>('/teams');
    const team = teams.items.at(-1)!;

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, inject('server').admin);
    await open(page, '/ops/routing-rules/new');
    expect(await page.locator('main h1').textContent()).toBe('New routing rule');
    const ruleName = unique('Route database outages');
    await page.getByLabel(/^Name/).fill(ruleName);
    await page.getByRole('button', { name: 'Add condition' }).click();
    const condition = page.getByRole('group', { name: 'Condition 1' });
    await condition.getByLabel('Field').selectOption('title');
    await condition.getByLabel('Operator').selectOption('contains');
    await condition.getByLabel('Value').fill(marker);
    const effect = page.getByRole('group', { name: 'Effect 1' });
    await effect.getByLabel('Team').selectOption({ label: team.name });

    // Preview the unsaved rule, then save it.
    await page.getByLabel('Incident number or id').fill(incident.number);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain('The rule matches this incident.');
    expect(await page.getByRole('list', { name: 'Conditions and their results' }).textContent()).toContain('Holds');
    expect(await page.getByRole('list', { name: 'Effects and what they would do' }).textContent()).toContain('Set team');
    await expectAccessible(page, 'routing rule editor');
    await screenshot(page, 'routing-rule-editor', { fullPage: true });

    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.waitForURL(/\/ops\/routing-rules\/[0-9a-f-]{36}$/);
    const rules = await admin.get<{ items: { id: string; name: string; conditions: unknown[]; effects: unknown[] }[] }>('/routing-rules');
    const saved = rules.items.find((r) => r.name === ruleName)!;
    expect(saved.conditions).toEqual([{ field: 'title', op: 'contains', value: marker }]);
    expect(saved.effects).toEqual([{ kind: 'set_team', teamId: team.id }]);

    await open(page, '/ops/routing-rules');
    const table = page.getByRole('table');
    await expect.poll(() => table.textContent()).toContain(ruleName);
    if (rules.items.length > 1) {
      await page.getByRole('button', { name: `Move ${ruleName} up` }).click();
      await expect.poll(async () => (await admin.get<{ items: { name: string }[] }>('/routing-rules')).items.findIndex((r) => r.name === ruleName)).toBe(rules.items.length - 2);
    }
    await page.getByRole('button', { name: `Disable: ${ruleName}` }).click();
    await expect.poll(async () => (await page.getByRole('status').allTextContents()).join(' ')).toContain(`${ruleName} is disabled.`);
    await expectAccessible(page, 'routing rules');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('creates an escalation policy with levels and targets in the page', async () => {
    const teams = await admin.get<{ items: { id: string; name: string }[] }>('/teams');
    const team = teams.items[0]!;
    const responder = await createUser('agent', { name: unique('Escalation Responder') });
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, inject('server').admin);
    await open(page, '/ops/escalation-policies');
    await page.getByRole('button', { name: 'New policy' }).click();
    const dialog = page.getByRole('dialog');
    const name = unique('Major outage escalation');
    await dialog.getByLabel(/^Team/).selectOption({ label: team.name });
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByLabel('Add person').selectOption({ label: responder.name });
    await dialog.getByLabel('Minutes to acknowledge').fill('10');
    await dialog.getByRole('button', { name: 'Add level' }).click();
    await dialog.getByLabel('Add team').nth(1).selectOption({ label: team.name });
    await expectAccessible(page, 'escalation policy dialog');
    await dialog.getByRole('button', { name: 'Save policy' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain(name);
    const saved = (await admin.get<{ items: { name: string; levels: { delayMinutes: number; targets: { kind: string; id: string }[] }[] }[] }>('/escalation-policies')).items.find((p) => p.name === name)!;
    expect(saved.levels.map((l) => [l.delayMinutes, l.targets.map((x) => `${x.kind}:${x.id}`)])).toEqual([
      [10, [`user:${responder.id}`]],
      [15, [`team:${team.id}`]],
    ]);
    await expectAccessible(page, 'escalation policies');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('creates a business calendar and sets an SLA target in the type × priority matrix', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, inject('server').admin);
    await open(page, '/ops/sla');
    await page.getByRole('button', { name: 'New calendar' }).click();
    const dialog = page.getByRole('dialog');
    const calendarName = unique('E2E office hours');
    await dialog.getByLabel(/^Name/).fill(calendarName);
    await dialog.getByRole('button', { name: 'Add holiday' }).click();
    await dialog.getByLabel('Date').fill('2026-12-24');
    await dialog.getByLabel('Name', { exact: true }).last().fill('Christmas Eve');
    await expectAccessible(page, 'calendar dialog');
    await dialog.getByRole('button', { name: 'Save calendar' }).click();
    await expect.poll(() => page.getByRole('main').textContent()).toContain(calendarName);
    const calendars = await admin.get<{ items: { id: string; name: string; workingHours: Record<string, unknown[]>; holidays: { date: string }[] }[] }>('/calendars');
    const calendar = calendars.items.find((c) => c.name === calendarName)!;
    expect(calendar.workingHours.mon).toEqual([{ start: '09:00', end: '17:00' }]);
    expect(calendar.workingHours.sat).toEqual([]);
    expect(calendar.holidays.map((h) => h.date)).toEqual(['2026-12-24']);

    const set = page.getByRole('button', { name: /^Set the target for / }).first();
    const label = (await set.getAttribute('aria-label'))!;
    await set.click();
    const target = page.getByRole('dialog');
    await target.getByLabel(/^Minutes to acknowledge/).fill('20');
    await target.getByLabel(/^Minutes to resolve/).fill('300');
    await target.getByLabel('Business calendar').selectOption({ label: calendarName });
    await target.getByRole('button', { name: 'Save target' }).click();
    await expect.poll(async () => (await page.getByRole('status').allTextContents()).join(' ')).toContain('SLA target saved.');
    const priority = label.slice(-2);
    const policies = await admin.get<{ items: { priority: string; timeToAcknowledgeMinutes: number; calendar: { id: string } | null }[] }>('/sla-policies');
    expect(policies.items.some((p) => p.priority === priority && p.timeToAcknowledgeMinutes === 20 && p.calendar?.id === calendar.id)).toBe(true);
    await expectAccessible(page, 'sla policies');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('creates an integration whose key is shown once with its ingest URL, disables it, and opens the delivery log', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, inject('server').admin);
    await open(page, '/ops/integrations');
    await page.getByRole('button', { name: 'New integration' }).click();
    const dialog = page.getByRole('dialog');
    const name = unique('E2E Alertmanager');
    await dialog.getByLabel('Sender').selectOption('alertmanager');
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByLabel(/^Incident type/).selectOption('it-outage');
    await dialog.getByRole('button', { name: 'Create integration' }).click();
    const keyDialog = page.getByRole('dialog', { name: `Key of ${name}` });
    await keyDialog.waitFor();
    const key = await keyDialog.getByLabel('Key').inputValue();
    expect(key).toMatch(/^[a-z0-9]{32}$/);
    expect(await keyDialog.getByLabel('Ingest URL').inputValue()).toContain(key);
    await expectAccessible(page, 'integration key');
    await keyDialog.getByRole('button', { name: 'Close' }).last().click();

    await page.getByRole('button', { name: `Disable: ${name}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
    await expect.poll(async () => (await page.getByRole('status').allTextContents()).join(' ')).toContain(`${name} no longer accepts events.`);
    const row = page.locator('main tr').filter({ hasText: name });
    await expect.poll(() => row.textContent()).toContain('Disabled');
    await expectAccessible(page, 'integrations');

    await open(page, '/ops/deliveries');
    await page.getByLabel('Status').selectOption('delivered');
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Delivered|No deliveries match/);
    await expectAccessible(page, 'delivery log');
    expectNoPageErrors(watch);
    await context.close();
  });

  it('shows the server refusing a private webhook URL at its field, and opens chat channels and the inbound mail log', async () => {
    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, inject('server').admin);
    await open(page, '/ops/destinations');
    await page.getByRole('button', { name: 'New webhook endpoint' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(/^Endpoint URL/).fill('http://127.0.0.1:9/hook');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const url = dialog.getByLabel(/^Endpoint URL/);
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('p[id$="-error"]').first().textContent()).not.toBe('');
    await expectAccessible(page, 'webhook endpoint with a field error');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expectAccessible(page, 'webhooks and chat');

    await open(page, '/ops/inbound-mails');
    expect(await page.locator('main h1').textContent()).toBe('Inbound mail');
    await expectAccessible(page, 'inbound mail');
    expectNoPageErrors(watch);
    await context.close();
  });
});
