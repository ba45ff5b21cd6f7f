#!/usr/bin/env node
// The `vigil` command: `vigil start` runs the server (src/main.ts); everything else is src/cli.ts.
import { register } from 'tsx/esm/api';

register();
const command = process.argv[2];
if (command === undefined || command === 'start') {
  await import('../src/main.ts');
} else {
  const { runCli } = await import('../src/cli.ts');
  process.exitCode = await runCli(process.argv.slice(2));
}
