import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  VIGIL_DATA_DIR: z.string().min(1).default('./data'),
  VIGIL_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  VIGIL_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  VIGIL_ADMIN_EMAIL: z.email('must be an email address').optional(),
  VIGIL_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  VIGIL_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  VIGIL_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  VIGIL_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(60),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  SMTP_FROM: z.string().min(3).max(320).optional(),
  SMTP_INBOUND_ADDRESS: z.email('must be an email address').optional(),
  SMTP_LISTEN_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SMTP_LISTEN_HOST: z.string().min(1).optional(),
  SMTP_MAX_MESSAGE_BYTES: z.coerce.number().int().min(1024).max(100 * 1024 * 1024).default(30 * 1024 * 1024),
  VIGIL_OUTBOUND_ALLOWLIST: z
    .string()
    .default('')
    .refine((v) => v.split(',').map((s) => s.trim()).filter(Boolean).every(isAllowListEntry), 'must be a comma-separated list of host names, IP addresses and CIDR ranges (10.0.0.0/8, ::1/128)'),
  VIGIL_OUTBOUND_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type Config = Readonly<{
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  baseUrl: string;
  secret: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  role: 'all' | 'web' | 'worker';
  logLevel: (typeof logLevels)[number];
  trustProxy: boolean;
  /** Sign-in attempts per address and minute (in memory, before the database throttle); many users behind one NAT may need more. */
  loginRateLimitPerMinute: number;
  secureCookies: boolean;
  /** Outbound email (nodemailer); email deliveries are disabled without it. */
  smtpUrl: string | undefined;
  smtpFrom: string;
  /** Replies to this address (sub-addressed with a per-incident token) find their incident; none when unset. */
  smtpInboundAddress: string | undefined;
  /** The built-in SMTP listener for email in (off when unset); needs SMTP_INBOUND_ADDRESS. */
  smtpListenPort: number | undefined;
  smtpListenHost: string;
  smtpMaxMessageBytes: number;
  /** Hosts and CIDRs outbound webhooks and chat messages may reach although they are private, loopback or link-local. */
  outboundAllowList: readonly string[];
  outboundTimeoutMs: number;
}>;

export class ConfigError extends Error {}

/** A host name, an IP address, or an IP range in CIDR notation. */
function isAllowListEntry(entry: string): boolean {
  const [ip, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !ip) return false;
  const family = isIP(ip);
  if (prefix !== undefined) return family !== 0 && /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
  return family !== 0 || /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(ip);
}

/** Reads and validates the environment once; the only place that touches process.env. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if ((e.VIGIL_ADMIN_EMAIL === undefined) !== (e.VIGIL_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  VIGIL_ADMIN_EMAIL and VIGIL_ADMIN_PASSWORD must be set together');
  }
  if (e.SMTP_LISTEN_PORT !== undefined && !e.SMTP_INBOUND_ADDRESS) {
    throw new ConfigError('Invalid configuration:\n  SMTP_LISTEN_PORT needs SMTP_INBOUND_ADDRESS (the address mail to Vigil is sent to)');
  }
  if (e.VIGIL_ROLE !== 'all' && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  VIGIL_ROLE=web|worker needs DATABASE_URL (the embedded database serves one process)');
  }
  const dataDir = path.resolve(overrides.dataDir ?? e.VIGIL_DATA_DIR);
  const baseUrl = (e.VIGIL_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const config: Config = {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    baseUrl,
    secret: e.VIGIL_SECRET ?? readOrCreateSecret(dataDir),
    adminEmail: e.VIGIL_ADMIN_EMAIL,
    adminPassword: e.VIGIL_ADMIN_PASSWORD,
    role: e.VIGIL_ROLE,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.VIGIL_TRUST_PROXY === 'true',
    loginRateLimitPerMinute: e.VIGIL_LOGIN_RATE_LIMIT,
    secureCookies: baseUrl.startsWith('https://'),
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM ?? `Vigil <vigil@${new URL(baseUrl).hostname}>`,
    smtpInboundAddress: e.SMTP_INBOUND_ADDRESS,
    smtpListenPort: e.SMTP_LISTEN_PORT,
    smtpListenHost: e.SMTP_LISTEN_HOST ?? e.HOST,
    smtpMaxMessageBytes: e.SMTP_MAX_MESSAGE_BYTES,
    outboundAllowList: Object.freeze(e.VIGIL_OUTBOUND_ALLOWLIST.split(',').map((s) => s.trim()).filter(Boolean)),
    outboundTimeoutMs: e.VIGIL_OUTBOUND_TIMEOUT_MS,
    ...overrides,
  };
  return Object.freeze(config);
}

/** The secret signs one-click links and cookies; generated once and kept in the data directory. */
function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}
