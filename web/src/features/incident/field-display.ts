import type { Formatter } from '../../lib/format';
import type { FieldSpec } from './incident-fields';

export type DisplayContext = {
  t: (key: string, params?: Record<string, unknown>) => string;
  format: Formatter;
  userName: (id: string) => string | null;
  teamName: (id: string) => string | null;
};

/** A date-only value (`2026-03-01`) in the user's language, without shifting it through a time zone. */
export function formatDateOnly(format: Formatter, value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return new Intl.DateTimeFormat(format.tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** A field value as text for people: option labels, names for ids, dates in the user's zone; '' when not set. */
export function displayValue(spec: FieldSpec | undefined, value: unknown, ctx: DisplayContext): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return '';
  if (typeof value === 'object' && !Array.isArray(value) && value !== null && 'name' in value) return String((value as { name: unknown }).name);
  const option = (v: unknown) => spec?.options?.find((o) => o.value === v)?.label ?? String(v);
  switch (spec?.kind) {
    case 'enum':
      return option(value);
    case 'multi_enum':
      return Array.isArray(value) ? value.map(option).join(', ') : option(value);
    case 'boolean':
      return value === true ? ctx.t('value.yes') : value === false ? ctx.t('value.no') : String(value);
    case 'number':
      return typeof value === 'number' ? ctx.format.number(value) : String(value);
    case 'date':
      return formatDateOnly(ctx.format, String(value));
    case 'datetime':
      return ctx.format.dateTime(String(value)) || String(value);
    case 'user':
      return ctx.userName(String(value)) ?? ctx.t('value.unknownUser');
    case 'team':
      return ctx.teamName(String(value)) ?? ctx.t('value.unknownTeam');
    default:
      if (Array.isArray(value)) return value.map(String).join(', ');
      if (typeof value === 'boolean') return value ? ctx.t('value.yes') : ctx.t('value.no');
      return String(value);
  }
}
