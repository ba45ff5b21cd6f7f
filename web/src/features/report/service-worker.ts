/**
 * The PWA's service worker (web/public/sw.js): registered in the built app only, never in `npm run dev`
 * (Vite's dev server serves modules that must not be cached). Kept tiny: this file is on the entry path.
 */

/** The build files this page loaded so far (the worker caches them, so they also load offline). */
function loadedAssets(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((url) => url.startsWith(`${location.origin}/assets/`));
}

/** Asks the active worker to keep the build files this page has loaded (the report form's chunks among them). */
export function cacheLoadedAssets(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'cache-assets', urls: loadedAssets() }));
}

/** Registers /sw.js once the page has loaded; a failure leaves the app working online as before. */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(cacheLoadedAssets, () => undefined);
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
