/* global self, caches, Response */
// Vigil's service worker. It keeps the app shell (index.html, manifest, icons) and the build's hashed
// files in the cache, so the installed app opens and the report form works without a connection. It
// never answers API requests (/api/*) or the server's own pages (acknowledge links, calendar feeds): those
// always go to the network, and nothing they return is kept.
const version = 'v1';
const shellCache = `vigil-shell-${version}`;
const assetCache = `vigil-assets-${version}`;
const maxAssets = 400;
const shellUrls = ['/', '/manifest.webmanifest', '/favicon.svg', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon-maskable-512.png'];
const indexKey = '/';

const sameOrigin = (url) => url.origin === self.location.origin;
/** Paths the server answers itself, not the web app. */
const serverPrefixes = ['/api/', '/ack/', '/ical/', '/v2/'];
const serverPaths = ['/api', '/healthz', '/readyz'];
const isServerPath = (url) => serverPaths.includes(url.pathname) || serverPrefixes.some((p) => url.pathname.startsWith(p));
const isAsset = (url) => url.pathname.startsWith('/assets/');
const cacheable = (response) => response && response.ok && response.type === 'basic';

/** The /assets/ files an index.html loads first (entry script, its preloads, styles). */
function entryAssets(html) {
  const urls = new Set();
  for (const m of html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) urls.add(m[1]);
  return [...urls];
}

/** Puts the given /assets/ URLs into the cache unless they are there; drops the oldest beyond the limit. */
async function cacheAssets(urls) {
  const cache = await caches.open(assetCache);
  for (const raw of urls) {
    let url;
    try {
      url = new URL(raw, self.location.origin);
    } catch {
      continue;
    }
    if (!sameOrigin(url) || !isAsset(url) || url.search) continue;
    if (await cache.match(url.pathname)) continue;
    try {
      const response = await fetch(url.pathname, { credentials: 'same-origin' });
      if (cacheable(response)) await cache.put(url.pathname, response);
    } catch {
      // Offline or gone: it is fetched again when the page next asks for it.
    }
  }
  const keys = await cache.keys();
  for (const stale of keys.slice(0, Math.max(0, keys.length - maxAssets))) await cache.delete(stale);
}

/** Keeps a fresh index.html as the offline shell, with the files it loads first; any other page is not kept. */
async function keepShell(response) {
  const html = await response.clone().text();
  if (!html.includes('<div id="root">')) return;
  const cache = await caches.open(shellCache);
  await cache.put(indexKey, response);
  await cacheAssets(entryAssets(html));
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(shellCache);
      await cache.addAll(shellUrls.filter((u) => u !== indexKey));
      const index = await fetch(indexKey, { cache: 'no-cache', credentials: 'same-origin' });
      if (cacheable(index)) await keepShell(index);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('vigil-') && name !== shellCache && name !== assetCache) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** Pages: the network first (a new build shows at once), the cached shell when offline. */
async function navigate(event) {
  const { request } = event;
  try {
    const response = await fetch(request);
    const type = response.headers.get('content-type') || '';
    if (cacheable(response) && type.includes('text/html')) event.waitUntil(keepShell(response.clone()));
    return response;
  } catch (err) {
    const shell = await caches.match(indexKey, { cacheName: shellCache });
    if (shell) return shell;
    throw err;
  }
}

/** Hashed build files never change: the cache first, else the network (and kept). */
async function asset(request, url) {
  const cache = await caches.open(assetCache);
  const hit = await cache.match(url.pathname);
  if (hit) return hit;
  const response = await fetch(request);
  if (cacheable(response) && !url.search) await cache.put(url.pathname, response.clone());
  return response;
}

/** Icons, manifest, favicon: the cached copy at once, refreshed in the background. */
async function staleWhileRevalidate(event, url) {
  const cache = await caches.open(shellCache);
  const hit = await cache.match(url.pathname);
  const refresh = fetch(event.request)
    .then(async (response) => {
      if (cacheable(response)) await cache.put(url.pathname, response.clone());
      return response;
    })
    .catch(() => undefined);
  if (hit) {
    event.waitUntil(refresh);
    return hit;
  }
  return (await refresh) ?? Response.error();
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!sameOrigin(url) || isServerPath(url)) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigate(event));
    return;
  }
  if (isAsset(url)) {
    event.respondWith(asset(request, url));
    return;
  }
  if (shellUrls.includes(url.pathname) && !url.search) event.respondWith(staleWhileRevalidate(event, url));
});

// The page lists the build files it loaded before this worker took control, so they work offline too.
self.addEventListener('message', (event) => {
  const data = event.data;
  if (data && data.type === 'cache-assets' && Array.isArray(data.urls)) event.waitUntil(cacheAssets(data.urls.filter((u) => typeof u === 'string').slice(0, 500)));
});
