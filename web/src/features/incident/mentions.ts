/** Mentions in the comment box: `@Name` typed at the caret, completed from the people who work incidents. */

export type MentionQuery = {
  /** Where the `@` is. */
  start: number;
  /** What follows the `@` up to the caret. */
  query: string;
};

const maxQueryLength = 40;

/**
 * The mention being typed at `caret`: an `@` at the start or after whitespace or an opening bracket, then up to the
 * caret no line break, not starting or ending with a space (names have spaces: "@Priya Ra"; a space after a
 * completed name ends the mention). Null when there is none.
 */
export function mentionAt(text: string, caret: number): MentionQuery | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  const prev = at === 0 ? '' : before[at - 1]!;
  if (prev !== '' && !/[\s([{"'„“]/.test(prev)) return null;
  const query = before.slice(at + 1);
  if (query.length > maxQueryLength || /[\n\r]/.test(query) || /^\s|\s$|\s\s/.test(query)) return null;
  return { start: at, query };
}

/** Lower case without accents, so "schafer" finds "Schäfer". */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** People whose name (any word of it, or the whole) or email starts with the query; best matches first, at most `limit`. */
export function matchPeople<T extends { name: string; email?: string }>(people: readonly T[], query: string, limit = 8): T[] {
  const q = fold(query.trim());
  const scored: Array<{ p: T; score: number }> = [];
  for (const p of people) {
    const name = fold(p.name);
    let score = -1;
    if (q === '') score = 3;
    else if (name.startsWith(q)) score = 0;
    else if (name.split(/[\s.-]+/).some((w) => w.startsWith(q))) score = 1;
    else if (p.email && fold(p.email).startsWith(q)) score = 2;
    if (score >= 0) scored.push({ p, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.p.name.localeCompare(b.p.name))
    .slice(0, limit)
    .map((s) => s.p);
}

/** The text with the mention at `mention` replaced by `@Name `, and where the caret goes after it. */
export function insertMention(text: string, caret: number, mention: MentionQuery, name: string): { text: string; caret: number } {
  const inserted = `@${name} `;
  const rest = text.slice(caret).replace(/^ /, '');
  const next = text.slice(0, mention.start) + inserted + rest;
  return { text: next, caret: mention.start + inserted.length };
}
