/**
 * Mentions as the web app writes them: `@Full Name` after the start of the text, whitespace or an
 * opening bracket or quote, and not followed by a letter or digit (so "@Ann" does not mention "Anna").
 */
export function mentionedNames<T extends { name: string }>(body: string, people: readonly T[]): T[] {
  const text = body.toLocaleLowerCase();
  return people.filter((p) => {
    const needle = `@${p.name.toLocaleLowerCase()}`;
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const before = at === 0 ? '' : text[at - 1]!;
      const after = text[at + needle.length] ?? '';
      if ((before === '' || /[\s([{"'„“]/.test(before)) && !/[\p{L}\p{N}]/u.test(after)) return true;
    }
    return false;
  });
}
