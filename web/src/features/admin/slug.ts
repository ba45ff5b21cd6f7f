const spelled: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss', æ: 'ae', ø: 'oe', å: 'aa' };

/** A lower-kebab-case slug from a name ("IT-Betrieb Süd" → "it-betrieb-sued"), at most `max` characters. */
export function slugify(name: string, max = 63): string {
  return name
    .toLowerCase()
    .replace(/[äöüßæøå]/g, (c) => spelled[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max)
    .replace(/-+$/, '');
}

/** A lower_snake_case key from a label, starting with a letter ("Root cause" → "root_cause"); '' when nothing is left. */
export function keyify(label: string, max = 63): string {
  const s = slugify(label, max).replaceAll('-', '_');
  const start = s.search(/[a-z]/);
  return start < 0 ? '' : s.slice(start, start + max);
}
