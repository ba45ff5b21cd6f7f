/**
 * The server names what broke the chain in an English sentence; the page says it in the user's
 * language by recognising the known cases (`audit:verify.reasons.<key>`), and shows the server's words
 * for anything new.
 */
export type ReasonText = { key: string; params?: Record<string, number> } | null;

export function reasonText(reason: string): ReasonText {
  let m: RegExpExecArray | null;
  if ((m = /record (\d+) is missing \(next present is (\d+)\)/.exec(reason))) return { key: 'missing', params: { seq: Number(m[1]), next: Number(m[2]) } };
  if (/prev_hash does not match/.test(reason)) return { key: 'link' };
  if (/content does not match its hash/.test(reason)) return { key: 'changed' };
  if ((m = /chain head says (\d+) records, found (\d+)/.exec(reason))) return { key: 'removed', params: { head: Number(m[1]), found: Number(m[2]) } };
  if (/head hash does not match/.test(reason)) return { key: 'head' };
  return null;
}
