/**
 * Pure rules for inbound mail: which of our addresses a recipient is, whether a message is an
 * automatic reply or one of our own, which incident its thread headers or subject name, and what
 * of its text is new. Headers are only ever read to drop or to match a thread; none of them can set
 * an incident's fields, its reporter or its visibility.
 */

export type HeaderLookup = (name: string) => string | undefined;

export type AddressParts = { local: string; tag: string | null; domain: string };

/** `local+tag@domain`, lower-cased; null when it is not an address. */
export function splitAddress(address: string): AddressParts | null {
  const trimmed = address.trim().replace(/^<|>$/g, '').toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return null;
  const localFull = trimmed.slice(0, at);
  const plus = localFull.indexOf('+');
  return { local: plus < 0 ? localFull : localFull.slice(0, plus), tag: plus < 0 ? null : localFull.slice(plus + 1), domain: trimmed.slice(at + 1) };
}

export type RecipientKind =
  /** `inbound+<reply token>@`: a reply to mail about one incident (the token is checked by the caller). */
  | { kind: 'reply_token'; address: string }
  /** `inbound+<integration key>@`: new mail for the incident type of an email integration. */
  | { kind: 'integration'; key: string }
  /** The inbound address itself: only thread headers or the subject can place it. */
  | { kind: 'plain' }
  /** Not one of ours: refused at RCPT TO, so Vigil is never an open relay. */
  | { kind: 'foreign' };

const REPLY_TOKEN = /^[a-z2-7]{42}$/;
const INTEGRATION_KEY = /^[a-z0-9]{32}$/;

/** What a recipient address is to this server, given the configured inbound address. */
export function classifyRecipient(inboundAddress: string, address: string): RecipientKind {
  const ours = splitAddress(inboundAddress);
  const rcpt = splitAddress(address);
  if (!ours || !rcpt || rcpt.domain !== ours.domain || rcpt.local !== ours.local) return { kind: 'foreign' };
  if (rcpt.tag === null || rcpt.tag === '') return { kind: 'plain' };
  if (REPLY_TOKEN.test(rcpt.tag)) return { kind: 'reply_token', address: `${rcpt.local}+${rcpt.tag}@${rcpt.domain}` };
  if (INTEGRATION_KEY.test(rcpt.tag)) return { kind: 'integration', key: rcpt.tag };
  return { kind: 'plain' };
}

const AUTO_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);
const DAEMON_LOCALS = new Set(['mailer-daemon', 'postmaster', 'noreply-dmarc-support']);

/**
 * Why a message must get no reaction because a machine sent it (RFC 3834 and the headers mail
 * systems actually use), or null for a message a person wrote. An empty envelope sender is a bounce.
 */
export function autoReplyReason(header: HeaderLookup, envelopeFrom: string, fromAddress: string | null): string | null {
  if (envelopeFrom.trim() === '' || envelopeFrom.trim() === '<>') return 'bounce';
  const auto = header('auto-submitted')?.trim().toLowerCase();
  if (auto && !auto.startsWith('no')) return 'auto_submitted';
  const precedence = header('precedence')?.trim().toLowerCase();
  if (precedence && AUTO_PRECEDENCE.has(precedence)) return 'precedence';
  if (header('x-autoreply') !== undefined || header('x-autorespond') !== undefined) return 'auto_reply';
  if (header('list-id') !== undefined || header('list-unsubscribe') !== undefined) return 'mailing_list';
  const contentType = header('content-type')?.toLowerCase() ?? '';
  if (contentType.startsWith('multipart/report')) return 'delivery_report';
  const from = fromAddress ? splitAddress(fromAddress) : null;
  if (from && DAEMON_LOCALS.has(from.local)) return 'bounce';
  return null;
}

/** Why a message is one of Vigil's own coming back (a loop), or null. */
export function loopReason(header: HeaderLookup, fromAddress: string | null, ownAddresses: readonly string[]): string | null {
  if (header('x-vigil-delivery') !== undefined) return 'own_delivery';
  if (fromAddress) {
    const from = splitAddress(fromAddress);
    const own = ownAddresses.map((a) => addressOf(a)).map((a) => (a ? splitAddress(a) : null)).filter((a): a is AddressParts => a !== null);
    if (from && own.some((o) => o.local === from.local && o.domain === from.domain)) return 'own_address';
  }
  return null;
}

/** The plain address inside `Name <a@b>` (or the text itself when it is one). */
export function addressOf(mailbox: string): string | null {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(mailbox);
  const candidate = angle ? angle[1]! : mailbox.trim();
  return splitAddress(candidate) ? candidate.toLowerCase() : null;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Incident ids named by our own Message-IDs in In-Reply-To/References: the thread root
 * `<incident-<id>@host>` and single mails `<id.delivery@host>`, only with our host.
 */
export function incidentIdsInReferences(host: string, values: readonly (string | undefined)[]): string[] {
  const ids: string[] = [];
  const escapedHost = host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const root = new RegExp(`^<incident-(${UUID})@${escapedHost}>$`, 'i');
  const single = new RegExp(`^<(${UUID})\\.[^@<>\\s]+@${escapedHost}>$`, 'i');
  for (const value of values) {
    for (const token of value?.match(/<[^<>\s]+>/g) ?? []) {
      const id = (root.exec(token) ?? single.exec(token))?.[1]?.toLowerCase();
      if (id && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/** An incident number such as INC-2026-000042 in a subject, or null. */
export function incidentNumberInSubject(subject: string): string | null {
  return /\b([A-Z][A-Z0-9]{0,9}-\d{4}-\d{6})\b/.exec(subject)?.[1] ?? null;
}

const QUOTE_HEADERS = [
  /^On .{3,200} wrote:\s*$/,
  /^Am .{3,200} schrieb .{1,200}:\s*$/,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht)\s*-{2,}\s*$/i,
  /^_{10,}\s*$/,
  /^From: .+$/,
  /^Von: .+$/,
];

/**
 * The new text of a reply: everything above the quoted original ("On … wrote:", "Am … schrieb …:",
 * an Outlook header block) with trailing `>` lines removed. Falls back to the whole text when
 * nothing would be left.
 */
export function stripQuotedReply(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let end = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (QUOTE_HEADERS.some((re) => re.test(line))) {
      end = i;
      break;
    }
  }
  const kept = lines.slice(0, end);
  while (kept.length > 0 && (kept.at(-1)!.trim() === '' || kept.at(-1)!.trimStart().startsWith('>'))) kept.pop();
  const result = kept.join('\n').trim();
  return result === '' ? text.trim() : result;
}

/** Text safe for our schemas: no NUL or other control characters except tab and newline, at most `max` characters. */
export function cleanText(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return cleaned.length > max ? `${cleaned.slice(0, max - 1)}…` : cleaned;
}
