/** The text of a localized value in the user's language, English when there is none. */
export function localized(text: { en?: string | undefined; de?: string | undefined } | undefined, locale: string): string {
  return (locale === 'de' ? text?.de || text?.en : text?.en) ?? '';
}
