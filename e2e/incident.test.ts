import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiSession, createUser, type ApiSession } from './support/api.js';
import { expectAccessible } from './support/axe.js';
import { expectNoPageErrors, launchBrowser, newContext, signIn, watchPage } from './support/browser.js';
import { screenshot } from './support/screenshots.js';

type Clock = { kind: string; state: string };
type Incident = { id: string; number: string; title: string; version: number; severity: string; urgency: string; acknowledgedAt: string | null; state: { key: string; category: string }; mergedInto: { number: string } | null; clocks: Clock[] };

/** A 1x1 PNG: the server checks uploads by their magic bytes. */
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

function demoUser(role: string, locale: 'en' | 'de', name?: string) {
  const found = inject('server').demoUsers.find((u) => u.role === role && u.locale === locale && (!name || u.name === name));
  if (!found) throw new Error(`the demo seed has no ${role} ${name ?? ''} with language ${locale}`);
  return { email: found.email, password: inject('server').demoPassword, name: found.name };
}

async function openIncident(page: Page, number: string): Promise<void> {
  await page.goto(`/incidents/${number}`);
  await page.locator('[data-incident] h1').first().waitFor();
  await page.locator('[data-composer], [data-event], [data-comment]').first().waitFor();
}

/** The incident page (issue 3, item 4): work an incident from the header, the timeline and the side panels. */
describe('the incident page', () => {
  let browser: Browser;
  let admin: ApiSession;
  beforeAll(async () => {
    browser = await launchBrowser();
    admin = await apiSession(inject('server').admin);
  });
  afterAll(async () => {
    await browser?.close();
  });

  // One retry: the internal note once did not appear within 30 s (1 of 6 runs; not reproduced since).
  it('acknowledges, resolves with the guard satisfied in the dialog, and comments internally and in public; the reporter reads only the public reply', { retry: 1 }, async () => {
    const reporter = await createUser('reporter', { name: 'Rita Reporter' });
    const agent = await createUser('agent', { name: 'Alex Agent' });
    const reporterApi = await apiSession(reporter);
    const agentApi = await apiSession(agent);
    const created = await reporterApi.post<Incident>('/incidents', { type: 'it-outage', title: 'VPN drops every ten minutes', description: 'Since this morning the VPN client disconnects every ten minutes.' });

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await openIncident(page, created.number);
    expect(await page.locator('main h1').textContent()).toBe('VPN drops every ten minutes');
    expect(await page.title()).toContain(created.number);

    // Acknowledge: the button goes, the header says so, the server has it.
    await page.getByRole('button', { name: 'Acknowledge', exact: true }).click();
    await expect.poll(() => page.locator('header').getByText(/^Acknowledged/).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Acknowledge', exact: true }).count()).toBe(0);
    expect((await agentApi.get<Incident>(`/incidents/${created.id}`)).acknowledgedAt).not.toBeNull();

    // A step without requirements happens at once.
    await page.getByRole('button', { name: 'Start investigation', exact: true }).click();
    await expect.poll(async () => (await agentApi.get<Incident>(`/incidents/${created.id}`)).state.key).toBe('investigating');

    // Resolve asks for the resolution; sent empty, the server's guard refuses and the dialog says so at the field.
    await page.getByRole('button', { name: 'Resolve', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Resolve' });
    await dialog.waitFor();
    const resolution = dialog.getByLabel('Resolution');
    expect(await resolution.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page, 'transition dialog');
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
    await expect.poll(() => dialog.getByText('This is required.').count()).toBe(1);
    expect(await resolution.getAttribute('aria-invalid')).toBe('true');
    expect((await agentApi.get<Incident>(`/incidents/${created.id}`)).state.key).toBe('investigating');
    await resolution.fill('Replaced the expired certificate on the VPN gateway.');
    await dialog.getByRole('button', { name: 'Resolve', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.locator('header [data-category="resolved"]').count()).toBe(1);
    const resolved = await agentApi.get<Incident>(`/incidents/${created.id}`);
    expect(resolved.state).toMatchObject({ key: 'resolved', category: 'resolved' });

    // An internal note with a mention (completed from the directory), sent with Ctrl+Enter, with an image attached.
    const box = page.locator('[data-composer] textarea');
    await box.click();
    await box.pressSequentially('Checked with @pri');
    const option = page.getByRole('listbox', { name: 'People to mention' }).getByRole('option', { name: /Priya Raman/ });
    await option.waitFor();
    expect(await option.getAttribute('aria-selected')).toBe('true');
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Checked with @Priya Raman ');
    await box.pressSequentially('that the gateway logs are clean.');
    await page.locator('[data-composer] input[type="file"]').setInputFiles({ name: 'gateway.png', mimeType: 'image/png', buffer: png });
    await page.getByText('gateway.png').waitFor();
    await box.press('Control+Enter');
    const internal = page.locator('[data-comment="internal"]').filter({ hasText: 'that the gateway logs are clean.' });
    await internal.waitFor();
    expect(await internal.locator('mark').textContent()).toBe('@Priya Raman');
    expect(await internal.textContent()).toContain('Internal');
    const preview = internal.getByRole('img', { name: 'Preview of gateway.png' });
    await expect.poll(() => preview.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(1);

    // A public reply: the composer says the reporter will read it.
    await page.getByRole('radio', { name: 'Public reply' }).check();
    expect(await page.locator('[data-composer]').textContent()).toContain('The reporter sees it too.');
    await box.fill('The VPN is stable again. Please tell us if it drops once more.');
    await page.getByRole('button', { name: 'Send public reply' }).click();
    await page.locator('[data-comment="public"]').filter({ hasText: 'The VPN is stable again.' }).waitFor();
    expect(await page.locator('[data-comment="public"]').first().textContent()).toContain('Public');

    // The public reply goes out by email to the reporter as a public update, recorded on the timeline.
    await page.getByRole('button', { name: 'More', exact: true }).click();
    await page.getByRole('button', { name: 'Send public update…' }).click();
    const update = page.getByRole('dialog', { name: 'Send a public update' });
    await update.getByLabel('Text', { exact: true }).selectOption({ label: 'Alex Agent: The VPN is stable again. Please tell us if it drops once more.' });
    expect(await update.getByRole('checkbox', { name: 'The reporter' }).isChecked()).toBe(true);
    await expectAccessible(page, 'public update dialog');
    await update.getByRole('button', { name: 'Send', exact: true }).click();
    await update.waitFor({ state: 'hidden' });
    await page.locator('[data-event="communication.sent"]').getByText('sent a public update to 1 recipient').waitFor();
    await expectAccessible(page, 'incident page after work');
    expectNoPageErrors(watch);

    // The reporter sees the public reply and the state, never the internal note or its file.
    const reporterContext = await newContext(browser, 'phone');
    const reporterPage = await reporterContext.newPage();
    const reporterWatch = watchPage(reporterPage);
    await signIn(reporterPage, reporter);
    await openIncident(reporterPage, created.number);
    await reporterPage.getByText('The VPN is stable again.').waitFor();
    expect(await reporterPage.getByText('that the gateway logs are clean.').count()).toBe(0);
    expect(await reporterPage.locator('[data-comment="internal"]').count()).toBe(0);
    expect(await reporterPage.getByText('gateway.png').count()).toBe(0);
    expect(await reporterPage.locator('header [data-category="resolved"]').count()).toBe(1);
    expect(await reporterPage.getByRole('button', { name: /^Edit / }).count()).toBe(0);
    await expectAccessible(reporterPage, 'incident page of a reporter');
    expectNoPageErrors(reporterWatch);
    await reporterContext.close();
    await context.close();
  });

  it('edits a field in place, and shows what someone else changed meanwhile before applying the edit again', async () => {
    const agent = await createUser('agent');
    const agentApi = await apiSession(agent);
    const created = await agentApi.post<Incident>('/incidents', { type: 'it-outage', title: 'Printer queue on floor 3 stuck', severity: 'medium', urgency: 'low' });

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await openIncident(page, created.number);

    // A plain edit: Enter in the control saves.
    await page.getByRole('button', { name: 'Edit Users affected (approx.)' }).click();
    const users = page.getByRole('spinbutton', { name: /^Users affected \(approx\.\)/ });
    await users.fill('35');
    await users.press('Enter');
    await expect.poll(() => page.locator('[data-field="custom.users_affected"]').textContent()).toContain('35');
    expect((await agentApi.get<Incident & { custom: Record<string, unknown> }>(`/incidents/${created.id}`)).custom.users_affected).toBe(35);

    // Someone changes the urgency through the API while the severity editor is open.
    await page.getByRole('button', { name: 'Edit Severity' }).click();
    await page.getByRole('combobox', { name: /^Severity/ }).selectOption('critical');
    const before = await agentApi.get<Incident>(`/incidents/${created.id}`);
    await agentApi.patch(`/incidents/${created.id}`, { urgency: 'high', version: before.version });
    await page.getByRole('button', { name: 'Save', exact: true }).click();

    const conflict = page.getByRole('dialog', { name: 'Someone else changed this incident' });
    await conflict.waitFor();
    await expect.poll(() => conflict.locator('[data-changed-field="urgency"]').textContent()).toBe('Urgency: High');
    expect(await conflict.textContent()).toContain('Your change');
    expect(await conflict.textContent()).toContain('Severity: Critical');
    expect((await agentApi.get<Incident>(`/incidents/${created.id}`)).severity).toBe('medium');
    await expectAccessible(page, 'conflict dialog');
    await conflict.getByRole('button', { name: 'Apply my change again' }).click();
    await conflict.waitFor({ state: 'hidden' });
    const after = await agentApi.get<Incident>(`/incidents/${created.id}`);
    expect(after).toMatchObject({ severity: 'critical', urgency: 'high' });
    await expect.poll(() => page.locator('[data-field="severity"]').textContent()).toContain('Critical');

    // Live: a comment written elsewhere appears without a reload.
    await agentApi.post(`/incidents/${created.id}/comments`, { body: 'Written in another tab', visibility: 'internal' });
    await page.locator('[data-comment="internal"]').filter({ hasText: 'Written in another tab' }).waitFor({ timeout: 15_000 });
    expectNoPageErrors(watch);
    await context.close();
  });

  it('links incidents by number and merges a duplicate into its original after confirmation', async () => {
    const agent = await createUser('agent');
    const agentApi = await apiSession(agent);
    const original = await agentApi.post<Incident>('/incidents', { type: 'it-outage', title: 'Mail server rejects outgoing mail' });
    const related = await agentApi.post<Incident>('/incidents', { type: 'it-outage', title: 'Spam filter update failed' });
    const duplicate = await agentApi.post<Incident>('/incidents', { type: 'it-outage', title: 'Cannot send emails' });

    const context = await newContext(browser, 'desktop');
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await openIncident(page, duplicate.number);

    const links = page.getByRole('region', { name: 'Linked incidents' });
    await links.getByLabel('Link type').selectOption('caused_by');
    await links.getByLabel('Incident number').fill(related.number);
    await links.getByRole('button', { name: 'Add link' }).click();
    await links.locator('[data-link="caused_by"]').getByRole('link', { name: related.number }).waitFor();
    await page.locator('[data-event="link.added"]').getByRole('link', { name: related.number }).waitFor();

    await links.getByRole('button', { name: 'Merge into another incident…' }).click();
    const dialog = page.getByRole('dialog', { name: `Merge ${duplicate.number} as a duplicate` });
    await dialog.getByLabel('Number of the original incident').fill(original.number);
    await dialog.getByRole('button', { name: 'Continue' }).click();
    await dialog.getByText('This cannot be undone').waitFor();
    expect(await dialog.textContent()).toContain('Mail server rejects outgoing mail');
    await expectAccessible(page, 'merge confirmation');
    await dialog.getByRole('button', { name: `Merge into ${original.number}` }).click();
    await page.waitForURL(new RegExp(`/incidents/${original.number}$`));
    await expect.poll(() => page.locator('main h1').textContent()).toBe('Mail server rejects outgoing mail');
    await page.locator('[data-event="incident.duplicate_merged"]').getByRole('link', { name: duplicate.number }).waitFor();
    expect((await agentApi.get<Incident>(`/incidents/${duplicate.id}`)).mergedInto?.number).toBe(original.number);

    // The duplicate's reporter (this agent) follows the original as a watcher; stop watching and watch again.
    const people = page.getByRole('region', { name: 'People' });
    expect(await people.textContent()).toContain('(you)');
    await people.getByRole('button', { name: 'Stop watching' }).click();
    await people.getByRole('button', { name: 'Watch', exact: true }).click();
    await people.getByRole('button', { name: 'Stop watching' }).waitFor();
    expect(await people.textContent()).toContain('(you)');

    // Start an escalation by hand from the policy list.
    const escalations = page.getByRole('region', { name: 'Escalations' });
    const policy = escalations.getByLabel('Escalation policy');
    const policyLabel = await policy.locator('option:not([disabled]):not([value=""])').first().textContent();
    await policy.selectOption({ label: policyLabel! });
    await escalations.getByLabel('Reason (optional)').fill('Customers cannot mail us');
    await escalations.getByRole('button', { name: 'Start escalation' }).click();
    await escalations.locator('[data-escalation="running"]').waitFor();
    expect(await escalations.locator('[data-escalation="running"]').textContent()).toContain('Customers cannot mail us');
    await page.locator('[data-event="escalation.started"]').first().waitFor();
    expectNoPageErrors(watch);
    await context.close();
  });

  it('shows a demo incident with its clocks and timeline on a desktop and a phone, accessible, with the actions in a sheet', async () => {
    const outage = (await admin.get<{ items: Incident[] }>('/incidents?type=it-outage&limit=100')).items.find((i) => i.title.startsWith('ERP database server'));
    if (!outage) throw new Error('the demo seed has no ERP outage journey');
    const agent = demoUser('agent', 'en', 'Priya Raman');

    const desktop = await newContext(browser, 'desktop');
    const page = await desktop.newPage();
    const watch = watchPage(page);
    await signIn(page, agent);
    await openIncident(page, outage.number);
    await page.locator('[data-clock="sla_resolve"]').waitFor();
    expect(await page.locator('[data-clock="sla_resolve"]').textContent()).toContain('Met');
    await page.locator('[data-comment="public"]').first().waitFor();
    expect(await page.locator('[data-comment="internal"]').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'demo incident');
    await screenshot(page, 'incident');
    await page.getByRole('heading', { name: 'Timeline' }).evaluate((h) => {
      h.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -72);
    });
    await screenshot(page, 'incident-timeline');
    expectNoPageErrors(watch);
    await desktop.close();

    const phone = await newContext(browser, 'phone');
    const phonePage = await phone.newPage();
    const phoneWatch = watchPage(phonePage);
    await signIn(phonePage, agent);
    await openIncident(phonePage, outage.number);
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(phonePage, 'demo incident on a phone');
    await screenshot(phonePage, 'incident-phone');
    await phonePage.getByRole('button', { name: 'Actions', exact: true }).click();
    const sheet = phonePage.getByRole('dialog', { name: 'Actions' });
    await sheet.getByRole('button', { name: 'Close', exact: true }).first().waitFor();
    expect(await sheet.getByRole('button', { name: 'Reopen' }).count()).toBe(1);
    await expectAccessible(phonePage, 'actions sheet on a phone');
    await screenshot(phonePage, 'incident-phone-actions');
    await phonePage.keyboard.press('Escape');
    await sheet.waitFor({ state: 'hidden' });
    // The narrowest phones: one column, nothing wider than the screen.
    await phonePage.setViewportSize({ width: 360, height: 740 });
    await expect.poll(() => phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expectNoPageErrors(phoneWatch);
    await phone.close();
  });

  it('shows a data breach with its running GDPR clock, in German, and records the awareness time with a justification', async () => {
    const breaches = (await admin.get<{ items: Incident[] }>('/incidents?type=data-breach&stateCategory=active&limit=50')).items;
    const breach = breaches.find((i) => i.clocks.some((c) => c.kind === 'gdpr_art33' && c.state === 'running'));
    if (!breach) throw new Error('the demo seed has no data breach with a running Art. 33 clock');
    const officer = demoUser('manager', 'de', 'Dr. Katharina Vogel');

    const context = await newContext(browser, 'desktop', { locale: 'de-DE' });
    const page = await context.newPage();
    const watch = watchPage(page);
    await signIn(page, officer);
    await openIncident(page, breach.number);
    const clock = page.locator('[data-clock="gdpr_art33"]');
    await clock.waitFor();
    expect(await clock.textContent()).toMatch(/Art\. 33 DSGVO/);
    expect(await clock.textContent()).toMatch(/Fällig in|Überfällig/);
    expect(await page.getByRole('heading', { name: 'Chronik' }).count()).toBe(1);
    await expectAccessible(page, 'data breach in German');
    await screenshot(page, 'incident-de');

    // The rest changes things: on a breach of its own, so the demo data stays as it is.
    const officerApi = await apiSession(officer);
    const own = await officerApi.post<Incident>('/incidents', {
      type: 'data-breach',
      title: 'USB-Stick mit Kundenliste verloren',
      becameAwareAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
    });
    await openIncident(page, own.number);
    await clock.waitFor();

    // A new awareness time needs a justification; the legal clock restarts from it.
    await page.getByRole('button', { name: 'Kenntniszeitpunkt ändern' }).click();
    const dialog = page.getByRole('dialog', { name: 'Kenntniszeitpunkt setzen' });
    const when = dialog.getByLabel('Kenntnis erlangt am');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => dialog.getByText('Pflichtangabe.').count()).toBe(1);
    // One hour earlier than recorded (wall-clock arithmetic in UTC terms is exact for a whole hour here).
    const earlier = new Date(Date.parse(`${await when.inputValue()}:00Z`) - 3_600_000).toISOString().slice(0, 16);
    await when.fill(earlier);
    await dialog.getByLabel('Begründung').fill('Der Dienstleister hat uns erst am Telefon informiert.');
    await dialog.getByRole('button', { name: 'Speichern' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-awareness]').getByText('Der Dienstleister hat uns erst am Telefon informiert.').waitFor();

    // Record the notification to the supervisory authority: the Art. 33 clock is met.
    await clock.getByRole('button', { name: 'Meldung erfassen' }).click();
    const submission = page.getByRole('dialog', { name: /^Meldung erfassen/ });
    await submission.getByLabel('Aktenzeichen oder Vorgangsnummer').fill('LDA-2026-0815');
    await submission.getByLabel('Was übermittelt wurde').fill('Meldung über das Online-Formular der Aufsichtsbehörde.');
    await expectAccessible(page, 'submission dialog in German');
    await submission.getByRole('button', { name: 'Meldung erfassen' }).click();
    await submission.waitFor({ state: 'hidden' });
    await expect.poll(() => clock.getAttribute('data-phase')).toBe('met');
    expect(await clock.textContent()).toContain('LDA-2026-0815');
    expectNoPageErrors(watch);
    await context.close();
  });
});
