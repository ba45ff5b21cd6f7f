import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { OutboundError, resolveOutboundTarget, sendOutbound } from './ssrf.http.js';
import { classifyAddress, embeddedIPv4, parseAllowList, checkAddress } from './ssrf.ranges.js';

describe('SSRF address ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'CGNAT'],
    ['100.127.255.254', 'CGNAT'],
    ['169.254.169.254', 'metadata'],
    ['169.254.1.1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd12:3456::1', 'unique local'],
    ['fc00::1', 'unique local'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['64:ff9b::a9fe:a9fe', 'metadata'],
    ['2002:7f00:1::', 'loopback'],
  ])('refuses %s (%s)', (address, words) => {
    const verdict = classifyAddress(address);
    expect(verdict.allowed).toBe(false);
    if (!verdict.allowed) expect(verdict.reason).toMatch(new RegExp(words, 'i'));
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('allows the public address %s', (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });

  it('finds the IPv4 address inside mapped, NAT64 and 6to4 addresses', () => {
    expect(embeddedIPv4('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIPv4('[::ffff:a00:1]')).toBe('10.0.0.1');
    expect(embeddedIPv4('64:ff9b::808:808')).toBe('8.8.8.8');
    expect(embeddedIPv4('2002:0a00:0001::1')).toBe('10.0.0.1');
    expect(embeddedIPv4('2606:4700::1')).toBeNull();
  });

  it('lets allow-listed hosts and ranges through, and matches IPv4 entries for mapped addresses', () => {
    const list = parseAllowList(['127.0.0.1', 'hooks.internal.example', '10.20.0.0/16', 'fd00::/8']);
    expect(checkAddress(list, 'x', '127.0.0.1')).toEqual({ allowed: true });
    expect(checkAddress(list, 'x', '::ffff:127.0.0.1')).toEqual({ allowed: true });
    expect(checkAddress(list, 'x', '127.0.0.2').allowed).toBe(false);
    expect(checkAddress(list, 'hooks.internal.example', '10.9.9.9')).toEqual({ allowed: true });
    expect(checkAddress(list, 'x', '10.20.3.4')).toEqual({ allowed: true });
    expect(checkAddress(list, 'x', '10.21.3.4').allowed).toBe(false);
    expect(checkAddress(list, 'x', 'fd12::1')).toEqual({ allowed: true });
    expect(checkAddress(list, 'x', '::1').allowed).toBe(false);
  });
});

describe('the allow-list in the configuration', () => {
  const env = { VIGIL_SECRET: 'x'.repeat(32), LOG_LEVEL: 'silent' as const };
  it('reads host names, addresses and CIDR ranges, and refuses anything else with a readable error', () => {
    const config = loadConfig({ ...env, VIGIL_OUTBOUND_ALLOWLIST: ' 127.0.0.1, hooks.internal.example ,10.0.0.0/8,fd00::/8 ' });
    expect(config.outboundAllowList).toEqual(['127.0.0.1', 'hooks.internal.example', '10.0.0.0/8', 'fd00::/8']);
    expect(config.outboundTimeoutMs).toBe(10_000);
    expect(loadConfig(env).outboundAllowList).toEqual([]);
    for (const bad of ['10.0.0.0/33', 'http://x', 'a b', '1.2.3.4/8/9']) {
      expect(() => loadConfig({ ...env, VIGIL_OUTBOUND_ALLOWLIST: bad }), bad).toThrow(ConfigError);
    }
    expect(() => loadConfig({ ...env, SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must start with smtp:\/\/ or smtps:\/\//);
  });
});

describe('guarded outbound requests against a real local listener', () => {
  let server: http.Server;
  let port: number;
  const seen: Array<{ url: string; host: string | undefined; body: string }> = [];
  let mode: 'ok' | 'redirect' | 'hang' = 'ok';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ url: req.url ?? '', host: req.headers.host, body });
        if (mode === 'hang') return;
        if (mode === 'redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (url: string, extra: Partial<Parameters<typeof sendOutbound>[0]> = {}) =>
    sendOutbound({ url, headers: { 'content-type': 'application/json' }, body: '{"a":1}', allowList: [], timeoutMs: 2_000, ...extra });

  it('refuses loopback, metadata, private, IPv6 loopback and mapped addresses without sending anything', async () => {
    const before = seen.length;
    for (const url of [
      `http://127.0.0.1:${port}/hook`,
      `http://localhost:${port}/hook`,
      `http://[::1]:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1/hook',
      'http://100.64.0.1/hook',
      'http://0.0.0.0/hook',
    ]) {
      const attempt = post(url);
      await expect(attempt, url).rejects.toBeInstanceOf(OutboundError);
      await expect(attempt, url).rejects.toMatchObject({ kind: 'refused' });
    }
    // a name that resolves to loopback is refused as well
    await expect(post(`http://hooks.example.test:${port}/x`, { resolve: async () => [{ address: '127.0.0.1', family: 4 }] })).rejects.toMatchObject({ kind: 'refused' });
    await expect(post(`http://dual.example.test:${port}/x`, { resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '10.1.1.1', family: 4 }] })).rejects.toMatchObject({ kind: 'refused' });
    expect(seen.length).toBe(before);
  });

  it('sends to an allow-listed address, connecting to the checked address with the original Host header', async () => {
    const res = await post(`http://127.0.0.1:${port}/hook?x=1`, { allowList: ['127.0.0.1'] });
    expect(res).toMatchObject({ status: 200, body: 'ok' });
    expect(seen.at(-1)).toEqual({ url: '/hook?x=1', host: `127.0.0.1:${port}`, body: '{"a":1}' });

    let lookups = 0;
    const pinned = await post(`http://hooks.example.test:${port}/pinned`, {
      allowList: ['127.0.0.0/8'],
      resolve: async () => (lookups++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }]),
    });
    expect(pinned.status).toBe(200);
    expect(lookups).toBe(1);
    expect(seen.at(-1)).toMatchObject({ url: '/pinned', host: `hooks.example.test:${port}` });
  });

  it('does not follow redirects, and gives up on a receiver that does not answer in time', async () => {
    mode = 'redirect';
    const count = seen.length;
    const res = await post(`http://127.0.0.1:${port}/moved`, { allowList: ['127.0.0.1'] });
    expect(res.status).toBe(302);
    expect(seen.length).toBe(count + 1);

    mode = 'hang';
    const started = Date.now();
    await expect(post(`http://127.0.0.1:${port}/slow`, { allowList: ['127.0.0.1'], timeoutMs: 300 })).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    mode = 'ok';
  });

  it('rejects URLs that are not http(s) and names that do not resolve', async () => {
    await expect(resolveOutboundTarget('ftp://example.org/x', { allowList: [] })).rejects.toMatchObject({ kind: 'invalid_url' });
    await expect(resolveOutboundTarget('not a url', { allowList: [] })).rejects.toMatchObject({ kind: 'invalid_url' });
    await expect(resolveOutboundTarget('https://nowhere.invalid/x', { allowList: [], resolve: async () => Promise.reject(Object.assign(new Error('x'), { code: 'ENOTFOUND' })) })).rejects.toMatchObject({ kind: 'unresolvable' });
  });
});
