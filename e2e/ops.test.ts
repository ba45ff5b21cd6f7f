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
});
