import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web app: built into web/dist (served by the Vigil server), or served by `npm run dev` with the API proxied.
const apiTarget = `http://127.0.0.1:${process.env.VIGIL_DEV_API_PORT ?? '3000'}`;

const firstLoadLibraries =
  /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|cookie|set-cookie-parser|@tanstack[\\/](query-core|react-query)|i18next|react-i18next|html-parse-stringify|void-elements|use-sync-external-store|@babel[\\/]runtime)[\\/]/;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      output: {
        // The libraries every page needs, in a chunk of their own: it changes less often than the app, so
        // browsers keep it across updates. Only these: a library used by one lazy page must stay in that page's chunk.
        codeSplitting: { groups: [{ name: 'vendor', test: firstLoadLibraries }] },
      },
    },
  },
  server: {
    port: Number(process.env.VIGIL_DEV_WEB_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/healthz': apiTarget,
      '/readyz': apiTarget,
    },
  },
});
