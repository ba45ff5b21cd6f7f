import { isApiError, validationIssues } from '../../lib/api';
import { fieldKeyOf } from './incident-fields';

type T = (key: string, params?: Record<string, unknown>) => string;

/**
 * A server message about one field in the user's language. The server words its messages in English
 * for API clients; the page recognises the usual ones and says them itself, and falls back to a
 * general sentence for the rest, so no English appears on a German screen.
 */
export function fieldMessage(message: string, t: T): string {
  const m = message.toLowerCase();
  let n: RegExpExecArray | null;
  if (/required|must not be empty|cannot be cleared/.test(m)) return t('errors.required');
  if (/may not see this incident/.test(m)) return t('errors.cannotSee');
  if (/not an active user|must be an agent|id of a user/.test(m)) return t('errors.user');
  if (/is not a team/.test(m)) return t('errors.team');
  if ((n = /must be at most (\d+) characters/.exec(m))) return t('errors.maxLength', { max: Number(n[1]) });
  if ((n = /must be at least (-?[\d.]+)/.exec(m))) return t('errors.min', { min: n[1] });
  if ((n = /must be at most (-?[\d.]+)/.exec(m))) return t('errors.max', { max: n[1] });
  if (/whole number/.test(m)) return t('errors.integer');
  if (/must be a number/.test(m)) return t('errors.number');
  if (/category|must be one of|not allowed|list of option/.test(m)) return t('errors.option');
  if (/date-time|date \(yyyy|must fall between/.test(m)) return t('errors.datetime');
  if (/in the future|future/.test(m)) return t('errors.future');
  if (/incident/.test(m) && /id or number/.test(m)) return t('errors.reference');
  return t('errors.invalid');
}

/**
 * Errors of a write, by field key (`resolution`, `custom.root_cause`, `comment`, …): validation issues
 * (400) and unmet guards (422 guard_failed), each in the user's language. `_` holds what belongs to no field.
 */
export function errorsByField(err: unknown, t: T): Record<string, string> {
  const out: Record<string, string> = {};
  if (isApiError(err, 'guard_failed') && Array.isArray(err.details)) {
    for (const d of err.details as Array<{ requirement?: unknown; message?: unknown }>) {
      const req = String(d.requirement ?? '');
      if (req === 'role') out._ = t('transition.roleBlocked');
      else if (req === 'comment') out.comment = t('errors.required');
      else out[fieldKeyOf(req)] = t('errors.required');
    }
    return out;
  }
  if (isApiError(err, 'justification_required', 'delay_reason_required') && Array.isArray(err.details)) {
    for (const d of err.details as Array<{ path?: unknown }>) out[fieldKeyOf(String(d.path ?? ''))] = t(`errors.${err.code}`);
    return out;
  }
  for (const issue of validationIssues(err)) {
    const key = fieldKeyOf(issue.path);
    if (!(key in out)) out[key || '_'] = fieldMessage(issue.message, t);
  }
  return out;
}
