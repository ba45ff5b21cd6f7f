import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Mail threading and reply addresses. Every mail about one incident carries In-Reply-To and
 * References pointing at the incident's root Message-ID, so mail clients thread them; replies go to
 * a sub-address carrying a token that names the incident and that only this server can make.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** RFC 4648 base32, lower case, no padding (mail systems may fold the case of local parts). */
function base32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of text) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((buffer >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The host part of our Message-IDs: the host name of the public base URL. */
export function messageIdHost(baseUrl: string): string {
  return new URL(baseUrl).hostname || 'vigil.invalid';
}

/** The root Message-ID every mail of an incident refers to (never itself sent), so all of them thread. */
export function rootMessageId(host: string, incidentId: string): string {
  return `<incident-${incidentId}@${host}>`;
}

/** The Message-ID of one mail: stable across retries of its delivery. */
export function messageIdFor(host: string, incidentId: string | null, eventId: string): string {
  return incidentId ? `<${incidentId}.${eventId}@${host}>` : `<vigil.${eventId}@${host}>`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAC_CHARS = 16; // 80 bits

function mac(secret: string, incidentId: string): string {
  return base32(createHmac('sha256', secret).update(`vigil-reply:${incidentId.toLowerCase()}`).digest()).slice(0, MAC_CHARS);
}

export type ReplyConfig = { secret: string; smtpInboundAddress: string | undefined };

/**
 * The Reply-To address of mail about an incident: the configured inbound address with a
 * sub-address `+<incident id in base32><HMAC>` that cannot be guessed; null when no inbound
 * address is configured.
 */
export function replyAddressFor(config: ReplyConfig, incidentId: string): string | null {
  if (!config.smtpInboundAddress || !UUID.test(incidentId)) return null;
  const at = config.smtpInboundAddress.lastIndexOf('@');
  const local = config.smtpInboundAddress.slice(0, at).split('+')[0];
  const domain = config.smtpInboundAddress.slice(at + 1);
  const token = base32(Buffer.from(incidentId.replace(/-/g, ''), 'hex')) + mac(config.secret, incidentId);
  return `${local}+${token}@${domain}`;
}

/** The incident a reply address names, when its token is one this server made; null otherwise. */
export function incidentIdFromReplyAddress(config: ReplyConfig, address: string): string | null {
  const m = /\+([a-z2-7]{42})@/i.exec(address.trim());
  if (!m) return null;
  const token = m[1]!.toLowerCase();
  const raw = unbase32(token.slice(0, 26));
  if (!raw || raw.length < 16) return null;
  const hex = raw.subarray(0, 16).toString('hex');
  const incidentId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expected = Buffer.from(mac(config.secret, incidentId));
  const given = Buffer.from(token.slice(26));
  return expected.length === given.length && timingSafeEqual(expected, given) ? incidentId : null;
}
