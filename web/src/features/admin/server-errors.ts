import { isApiError, validationIssues } from '../../lib/api';

/**
 * The server words its validation messages in English for API clients. The admin pages recognise the
 * usual ones and say them in the user's language (`admin:validation.<key>`); anything else becomes a
 * general "not valid", so no English sentence lands on a German screen.
 */
export type IssueText = { key: string; params?: Record<string, string | number> };

const rules: Array<[RegExp, (m: RegExpExecArray) => IssueText]> = [
  [/expected string to have >=1 characters|must not be empty|is required|received undefined/, () => ({ key: 'required' })],
  [/expected string to have >=(\d+) characters/, (m) => ({ key: 'minLength', params: { min: Number(m[1]) } })],
  [/expected string to have <=(\d+) characters|at most (\d+) characters/, (m) => ({ key: 'maxLength', params: { max: Number(m[1] ?? m[2]) } })],
  [/expected array to have >=1 items/, () => ({ key: 'pickOne' })],
  [/invalid email/, () => ({ key: 'email' })],
  [/already in use|already exists|already used/, () => ({ key: 'taken' })],
  [/lower_snake_case/, () => ({ key: 'snakeKey' })],
  [/lower-kebab-case/, () => ({ key: 'kebabKey' })],
  [/2-6 capital letters/, () => ({ key: 'prefix' })],
  [/is used twice|must be unique/, () => ({ key: 'duplicate' })],
  [/needs options/, () => ({ key: 'needsOptions' })],
  [/only enum and multi_enum/, () => ({ key: 'noOptions' })],
  [/min must not exceed max/, () => ({ key: 'minMax' })],
  [/is not a state/, () => ({ key: 'notAState' })],
  [/is not a field of this type/, () => ({ key: 'notAField' })],
  [/is not an existing team/, () => ({ key: 'notATeam' })],
  [/in the future/, () => ({ key: 'future' })],
  [/is not correct/, () => ({ key: 'incorrect' })],
  [/iana time zone/, () => ({ key: 'timeZone' })],
  [/nul characters/, () => ({ key: 'nul' })],
  [/invalid option/, () => ({ key: 'option' })],
];

/** The translation key (under `validation.`) for one server message. */
export function issueText(message: string): IssueText {
  const m = message.toLowerCase();
  for (const [pattern, text] of rules) {
    const match = pattern.exec(m);
    if (match) return text(match);
  }
  return { key: 'invalid' };
}

/**
 * Field errors of a failed write, keyed by the body path without `body.` (`email`, `fields.2.options`),
 * first message per path. Covers validation_failed and already_exists (which name the field too).
 */
export function issuesByPath(err: unknown): Record<string, IssueText> {
  const out: Record<string, IssueText> = {};
  const raw = isApiError(err, 'already_exists') ? detailsOf(err.details) : validationIssues(err);
  for (const issue of raw) {
    const path = issue.path.replace(/^(body|querystring|params|headers)\.?/, '');
    if (!(path in out)) out[path] = issueText(issue.message);
  }
  return out;
}

function detailsOf(details: unknown): Array<{ path: string; message: string }> {
  const list = Array.isArray(details) ? details : details ? [details] : [];
  return list
    .filter((d): d is { path: unknown; message?: unknown } => typeof d === 'object' && d !== null && 'path' in d)
    .map((d) => ({ path: String(d.path), message: typeof d.message === 'string' ? d.message : 'already exists' }));
}

/** True for the server's refusal to demote or deactivate the last active administrator. */
export function isLastAdminError(err: unknown): boolean {
  return isApiError(err, 'conflict') && /last active administrator/i.test(err.message);
}
