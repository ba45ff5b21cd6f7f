/** The portal's spam defences; docs/decisions/0011 explains the numbers. Tests pass their own. */
export type PortalPolicy = {
  /** Leading zero bits of SHA-256 a proof must reach: about 2^n hashes, under a second in a browser at 16. */
  difficulty: number;
  challengeTtlMs: number;
  /** A report sent sooner after its challenge was issued is refused as too fast for a person. */
  minFillMs: number;
  /** Reports tried per address (an IPv6 /64 counts as one) per window. */
  perAddress: number;
  /** Reports accepted per link per window: a flood cannot bury the team. */
  perLink: number;
  windowSeconds: number;
};

export const portalPolicy: PortalPolicy = {
  difficulty: 16,
  challengeTtlMs: 2 * 60 * 60 * 1000,
  minFillMs: 3000,
  perAddress: 10,
  perLink: 100,
  windowSeconds: 60 * 60,
};

/** The throttle bucket of an address: IPv4 as is, IPv6 by its /64 (one customer's network). */
export function addressBucket(ip: string): string {
  const v4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (v4) return v4[1]!;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (g || '0').toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
