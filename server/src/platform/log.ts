import { pino, type Logger } from 'pino';

export type { Logger };

/** Paths that never reach a log line. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'config.secret',
  'config.adminPassword',
  'config.databaseUrl',
];

/** Structured JSON logs on stdout. */
export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' }, base: { service: 'vigil' } });
}
