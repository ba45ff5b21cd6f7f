/** The id of a form path's control (`custom.location` -> `report-custom-location`), for labels, errors and focus. */
export function fieldId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

/** Moves focus to the first control marked invalid in the form (after a refused send), scrolling it into view. */
export function focusFirstError(form: HTMLElement | null): void {
  const first = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!first) return;
  first.focus({ preventScroll: true });
  first.scrollIntoView({ block: 'center', behavior: 'auto' });
}
