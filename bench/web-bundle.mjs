// Web app bundle size: `node bench/web-bundle.mjs [--json] [--budget-kb 300]`.
// Builds web/ with Vite into a temporary directory (web/dist is left alone) and reads the build's
// manifest. "First load" is what index.html makes the browser fetch before anything else: the entry
// chunk and, transitively, its static imports (modulepreload). Lazy chunks (pages, translations) are
// listed apart, with the two that the sign-in page also waits for before its first paint.
// Sizes are gzip level 9 (as Vite reports them), in KB of 1,000 bytes. Exits 1 over the budget.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: opt } = parseArgs({ options: { json: { type: 'boolean', default: false }, 'budget-kb': { type: 'string', default: '300' } } });
const budgetKb = Number(opt['budget-kb']);

process.env.NODE_ENV = 'production';
const { build } = await import('vite');
const out = mkdtempSync(path.join(os.tmpdir(), 'vigil-web-bench-'));
const started = Date.now();
try {
  await build({ configFile: path.join(root, 'web/vite.config.ts'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
  const buildMs = Date.now() - started;
  const manifest = JSON.parse(readFileSync(path.join(out, '.vite/manifest.json'), 'utf8'));
  const size = (file) => {
    const bytes = readFileSync(path.join(out, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
  if (!entryKey) throw new Error('no entry in the Vite manifest');

  // The entry and its static imports, transitively: all fetched before the app runs.
  const firstLoad = new Map();
  const css = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || firstLoad.has(chunk.file)) return;
    firstLoad.set(chunk.file, size(chunk.file));
    for (const c of chunk.css ?? []) css.add(c);
    for (const imp of chunk.imports ?? []) visit(imp);
  };
  visit(entryKey);

  // What the sign-in page needs on top before its first paint: the login page chunk and the English common texts.
  const beforePaint = new Map();
  for (const key of ['src/features/auth/login.page.tsx', 'src/i18n/en/common.json', 'src/i18n/en/auth.json']) {
    const walk = (k) => {
      const chunk = manifest[k];
      if (!chunk || firstLoad.has(chunk.file) || beforePaint.has(chunk.file)) return;
      beforePaint.set(chunk.file, size(chunk.file));
      for (const imp of chunk.imports ?? []) walk(imp);
    };
    walk(key);
  }

  const allJs = [...new Set(Object.values(manifest).map((c) => c.file).filter((f) => f.endsWith('.js')))].map(size);
  const sum = (items, key) => items.reduce((n, i) => n + i[key], 0);
  const kb = (n) => Math.round(n / 100) / 10;
  const first = [...firstLoad.values()];
  const paint = [...beforePaint.values()];
  const cssSizes = [...css].map(size);
  const result = {
    at: new Date().toISOString(),
    buildMs,
    budgetKb,
    firstLoadJs: { files: first.map((f) => ({ ...f, gzipKb: kb(f.gzip) })), rawKb: kb(sum(first, 'raw')), gzipKb: kb(sum(first, 'gzip')) },
    signInBeforePaintJs: { files: paint.map((f) => f.file), gzipKb: kb(sum(first, 'gzip') + sum(paint, 'gzip')) },
    firstLoadCss: { gzipKb: kb(sum(cssSizes, 'gzip')) },
    allJs: { chunks: allJs.length, rawKb: kb(sum(allJs, 'raw')), gzipKb: kb(sum(allJs, 'gzip')) },
  };
  if (opt.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`web bundle (vite build ${buildMs} ms, gzip -9, KB = 1000 bytes)\n`);
    console.log('| what | gzip KB | raw KB |\n| --- | ---: | ---: |');
    for (const f of first) console.log(`| ${f.file} | ${kb(f.gzip)} | ${kb(f.raw)} |`);
    console.log(`| **first load JS (entry + static imports)** | **${result.firstLoadJs.gzipKb}** | ${result.firstLoadJs.rawKb} |`);
    console.log(`| sign-in page before first paint (+ ${paint.length} lazy chunks) | ${result.signInBeforePaintJs.gzipKb} | |`);
    console.log(`| first load CSS | ${result.firstLoadCss.gzipKb} | |`);
    console.log(`| all JS (${allJs.length} chunks) | ${result.allJs.gzipKb} | ${result.allJs.rawKb} |`);
    console.log(`\nbudget ${budgetKb} KB: ${result.firstLoadJs.gzipKb <= budgetKb ? 'met' : 'EXCEEDED'}`);
  }
  if (result.firstLoadJs.gzipKb > budgetKb) process.exitCode = 1;
} finally {
  rmSync(out, { recursive: true, force: true });
}
