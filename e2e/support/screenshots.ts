import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');

/** True in `npm run screenshots` (VIGIL_SCREENSHOTS=1). */
export const screenshotsEnabled = process.env.VIGIL_SCREENSHOTS === '1';

/** Saves docs/screenshots/<name>.png when screenshots are on; a no-op in the normal test run. */
export async function screenshot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  if (!screenshotsEnabled) return;
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
}
