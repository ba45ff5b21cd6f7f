import { isIP } from 'node:net';

/**
 * Which addresses an outbound request (webhook, chat message) may reach. User-supplied URLs must not
 * reach the server's own network: loopback, private, link-local (cloud metadata), CGNAT, multicast,
 * unspecified, documentation and reserved ranges are refused, also when wrapped in IPv6 (mapped,
 * NAT64, 6to4), unless an administrator allow-lists the host or range.
 */

export type Verdict = { allowed: true } | { allowed: false; reason: string };

type Range = { family: 4 | 6; base: bigint; prefix: number; reason: string; embeddedV4?: (v: bigint) => bigint };

const IPV4_BITS = 32;
const IPV6_BITS = 128;

/** The address as an unsigned integer, or null when it is not an IPv4 dotted quad. */
export function parseIPv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    v = (v << 8n) | BigInt(Number(p));
  }
  return v;
}

/** The address as an unsigned 128-bit integer (zone id dropped, embedded dotted quad allowed), or null. */
export function parseIPv6(input: string): bigint | null {
  let s = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  const lastColon = s.lastIndexOf(':');
  if (lastColon < 0) return null;
  const last = s.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIPv4(last);
    if (v4 === null) return null;
    s = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let v = 0n;
  for (const g of groups) {
    if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
    v = (v << 16n) | BigInt(parseInt(g, 16));
  }
  return v;
}

function formatIPv4(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((v >> shift) & 0xffn)).join('.');
}

const v4 = (cidr: string, reason: string): Range => {
  const [ip, prefix] = cidr.split('/');
  return { family: 4, base: parseIPv4(ip!)!, prefix: Number(prefix), reason };
};
const v6 = (cidr: string, reason: string, embeddedV4?: (v: bigint) => bigint): Range => {
  const [ip, prefix] = cidr.split('/');
  return { family: 6, base: parseIPv6(ip!)!, prefix: Number(prefix), reason, ...(embeddedV4 ? { embeddedV4 } : {}) };
};
const low32 = (v: bigint) => v & 0xffffffffn;

/** Most specific first: the first range that contains an address decides. */
const refusedRanges: Range[] = [
  v4('169.254.169.254/32', 'a cloud metadata address'),
  v4('100.100.100.200/32', 'a cloud metadata address'),
  v4('0.0.0.0/8', 'an unspecified ("this network") address'),
  v4('10.0.0.0/8', 'a private address (RFC 1918)'),
  v4('100.64.0.0/10', 'a shared (CGNAT) address'),
  v4('127.0.0.0/8', 'a loopback address'),
  v4('169.254.0.0/16', 'a link-local address'),
  v4('172.16.0.0/12', 'a private address (RFC 1918)'),
  v4('192.0.0.0/24', 'an IETF protocol address'),
  v4('192.0.2.0/24', 'a documentation address'),
  v4('192.88.99.0/24', 'a reserved relay address'),
  v4('192.168.0.0/16', 'a private address (RFC 1918)'),
  v4('198.18.0.0/15', 'a benchmarking address'),
  v4('198.51.100.0/24', 'a documentation address'),
  v4('203.0.113.0/24', 'a documentation address'),
  v4('224.0.0.0/4', 'a multicast address'),
  v4('240.0.0.0/4', 'a reserved or broadcast address'),
  v6('::/128', 'an unspecified address'),
  v6('::1/128', 'a loopback address'),
  v6('::ffff:0:0/96', 'an IPv4-mapped address', low32),
  v6('::/96', 'a deprecated IPv4-compatible address'),
  v6('64:ff9b::/96', 'a NAT64 address', low32),
  v6('64:ff9b:1::/48', 'a local-use NAT64 address'),
  v6('100::/64', 'a discard address'),
  v6('2001::/32', 'a Teredo tunnel address'),
  v6('2001:db8::/32', 'a documentation address'),
  v6('2002::/16', 'a 6to4 address', (v) => (v >> 80n) & 0xffffffffn),
  v6('fd00:ec2::254/128', 'a cloud metadata address'),
  v6('fc00::/7', 'a unique local (private) address'),
  v6('fe80::/10', 'a link-local address'),
  v6('fec0::/10', 'a site-local address'),
  v6('ff00::/8', 'a multicast address'),
];

function contains(range: Range, family: 4 | 6, value: bigint): boolean {
  if (range.family !== family) return false;
  const bits = BigInt((family === 4 ? IPV4_BITS : IPV6_BITS) - range.prefix);
  return value >> bits === range.base >> bits;
}

/** An IP address as family and integer; null when the text is not an IP address. */
export function parseAddress(address: string): { family: 4 | 6; value: bigint } | null {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare.split('%')[0]!);
  if (family === 4) return { family: 4, value: parseIPv4(bare)! };
  if (family === 6) {
    const value = parseIPv6(bare);
    return value === null ? null : { family: 6, value };
  }
  return null;
}

/** The IPv4 address an IPv6 address wraps (mapped, NAT64, 6to4), as text; null when it wraps none. */
export function embeddedIPv4(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed || parsed.family !== 6) return null;
  const range = refusedRanges.find((r) => contains(r, 6, parsed.value));
  return range?.embeddedV4 ? formatIPv4(range.embeddedV4(parsed.value)) : null;
}

/** Whether an address is refused by the built-in ranges, ignoring any allow-list. */
export function classifyAddress(address: string): Verdict {
  const parsed = parseAddress(address);
  if (!parsed) return { allowed: false, reason: `"${address}" is not an IP address` };
  const range = refusedRanges.find((r) => contains(r, parsed.family, parsed.value));
  if (!range) return { allowed: true };
  if (range.embeddedV4) {
    const inner = formatIPv4(range.embeddedV4(parsed.value));
    const verdict = classifyAddress(inner);
    return verdict.allowed ? verdict : { allowed: false, reason: `${range.reason} of ${verdict.reason}` };
  }
  return { allowed: false, reason: range.reason };
}

/** An admin allow-list: host names (exact, case-insensitive) and IP ranges in CIDR notation. */
export type AllowList = { hosts: ReadonlySet<string>; ranges: readonly Range[] };

/** Parses allow-list entries (config validates their form); unparseable entries are ignored. */
export function parseAllowList(entries: readonly string[]): AllowList {
  const hosts = new Set<string>();
  const ranges: Range[] = [];
  for (const entry of entries) {
    const [ip, prefix] = entry.trim().split('/');
    const parsed = ip ? parseAddress(ip) : null;
    if (parsed) {
      const full = parsed.family === 4 ? IPV4_BITS : IPV6_BITS;
      ranges.push({ family: parsed.family, base: parsed.value, prefix: prefix === undefined ? full : Number(prefix), reason: 'allow-listed' });
    } else if (ip && prefix === undefined) {
      hosts.add(ip.toLowerCase());
    }
  }
  return { hosts, ranges };
}

/** Whether the allow-list lets this host name or resolved address through; IPv4 wrapped in IPv6 matches its IPv4 entry. */
export function isAllowListed(list: AllowList, hostname: string, address: string): boolean {
  if (list.hosts.has(hostname.toLowerCase().replace(/^\[|\]$/g, ''))) return true;
  const candidates = [address, embeddedIPv4(address)].filter((a): a is string => a !== null);
  return candidates.some((a) => {
    const parsed = parseAddress(a);
    return parsed !== null && list.ranges.some((r) => contains(r, parsed.family, parsed.value));
  });
}

/** The verdict for one resolved address of a host, allow-list first. */
export function checkAddress(list: AllowList, hostname: string, address: string): Verdict {
  if (isAllowListed(list, hostname, address)) return { allowed: true };
  return classifyAddress(address);
}
