// `npm run dev`: the Vigil server (restarted when server/ or shared/ sources change) and the Vite dev
// server with hot reload, which proxies /api to it. Open the URL Vite prints (http://localhost:5173).
// PORT sets the server's port (default 3000); VIGIL_DEV_WEB_PORT the Vite port (default 5173).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = process.env.PORT ?? '3000';
const children = [
  spawn(process.execPath, ['--watch-path=server/src', '--watch-path=shared/src', 'server/bin/vigil.mjs', 'start'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, PORT: apiPort, VIGIL_WEB_BUILD: 'skip' },
  }),
  spawn(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), '--config', 'web/vite.config.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, VIGIL_DEV_API_PORT: apiPort },
  }),
];

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
};
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
