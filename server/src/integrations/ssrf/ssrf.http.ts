import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkAddress, parseAddress, parseAllowList, type AllowList } from './ssrf.ranges.js';

/** Why an outbound request did not produce an HTTP response. */
export type OutboundErrorKind = 'invalid_url' | 'refused' | 'unresolvable' | 'timeout' | 'network' | 'aborted';

export class OutboundError extends Error {
  constructor(
    readonly kind: OutboundErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'OutboundError';
  }
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export type OutboundTarget = { url: URL; hostname: string; address: string; family: 4 | 6 };

export type GuardOptions = {
  /** Admin allow-list entries (config `VIGIL_OUTBOUND_ALLOWLIST`). */
  allowList: readonly string[] | AllowList;
  /** Name resolution; the system resolver unless a test pins names to addresses. */
  resolve?: Resolver;
  resolveTimeoutMs?: number;
};

const toList = (l: GuardOptions['allowList']): AllowList => ('hosts' in l ? l : parseAllowList(l));

/** Parses a URL an outbound request may use: http(s), a host, no fragment games. */
export function parseOutboundUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundError('invalid_url', 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundError('invalid_url', 'must be an http or https URL');
  if (!url.hostname) throw new OutboundError('invalid_url', 'has no host');
  return url;
}

/**
 * Resolves the URL's host and checks every address it resolves to (an IP literal is checked as
 * is); refuses the URL when any address is refused and not allow-listed. The caller connects to the
 * returned address, so a second, different DNS answer (rebinding) is never used.
 */
export async function resolveOutboundTarget(raw: string, opts: GuardOptions): Promise<OutboundTarget> {
  const url = parseOutboundUrl(raw);
  const list = toList(opts.allowList);
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const literal = parseAddress(hostname);
  let addresses: Array<{ address: string; family: number }>;
  if (literal) {
    addresses = [{ address: hostname, family: literal.family }];
  } else {
    if (/(^|\.)localhost\.?$/i.test(hostname) && !list.hosts.has(hostname.toLowerCase())) {
      throw new OutboundError('refused', `${hostname} is a loopback name`);
    }
    addresses = await withTimeout((opts.resolve ?? systemResolver)(hostname), opts.resolveTimeoutMs ?? 5_000).catch((err: unknown) => {
      throw new OutboundError('unresolvable', `${hostname} does not resolve (${(err as { code?: string }).code ?? (err as Error).message})`);
    });
    if (addresses.length === 0) throw new OutboundError('unresolvable', `${hostname} does not resolve`);
  }
  for (const a of addresses) {
    const verdict = checkAddress(list, hostname, a.address);
    if (!verdict.allowed) throw new OutboundError('refused', `${hostname} resolves to ${a.address}, ${verdict.reason}; an administrator can allow it with VIGIL_OUTBOUND_ALLOWLIST`);
  }
  const first = addresses[0]!;
  return { url, hostname, address: first.address, family: first.family === 6 ? 6 : 4 };
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEOUT' })), ms)));
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type OutboundRequest = GuardOptions & {
  url: string;
  method?: 'POST' | 'PUT';
  headers: Record<string, string>;
  body: string;
  /** Whole request: resolve, connect, send, read the response (default 10 s). */
  timeoutMs?: number;
  signal?: AbortSignal | undefined;
  /** Response body bytes kept (the rest is discarded); default 16 KiB. */
  maxResponseBytes?: number;
};

export type OutboundResponse = { status: number; headers: IncomingHttpHeaders; body: string };

/**
 * Sends one HTTP request to a checked, pinned address: never follows redirects (a 3xx is returned
 * as it is), bounded in time, response body cut to a small size. Throws OutboundError when no HTTP
 * response came back.
 */
export async function sendOutbound(req: OutboundRequest): Promise<OutboundResponse> {
  const timeoutMs = req.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const target = await resolveOutboundTarget(req.url, { ...req, resolveTimeoutMs: Math.min(timeoutMs, req.resolveTimeoutMs ?? 5_000) });
  const remaining = Math.max(1, deadline - Date.now());
  const { url, hostname, address, family } = target;
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const client = url.protocol === 'https:' ? https : http;
  const body = Buffer.from(req.body, 'utf8');
  const maxBytes = req.maxResponseBytes ?? 16_384;

  return new Promise<OutboundResponse>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, res?: OutboundResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(res!);
    };
    const request = client.request(
      {
        method: req.method ?? 'POST',
        protocol: url.protocol,
        hostname,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: { ...req.headers, host: url.host, 'content-length': String(body.length) },
        lookup: pinned,
        agent: false,
        ...(url.username ? { auth: `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` } : {}),
        ...(url.protocol === 'https:' && !parseAddress(hostname) ? { servername: hostname } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
          if (size > maxBytes * 4) res.destroy();
        });
        const done = () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.on('end', done);
        res.on('close', done);
        res.on('error', () => done());
      },
    );
    const timer = setTimeout(() => {
      finish(new OutboundError('timeout', `no answer within ${timeoutMs} ms`));
      request.destroy();
    }, remaining);
    const onAbort = () => {
      finish(new OutboundError('aborted', 'the request was cancelled'));
      request.destroy();
    };
    if (req.signal?.aborted) return onAbort();
    req.signal?.addEventListener('abort', onAbort);
    request.on('error', (err: NodeJS.ErrnoException) => finish(new OutboundError('network', `${err.code ?? 'error'}: ${err.message}`)));
    request.end(body);
  });
}
