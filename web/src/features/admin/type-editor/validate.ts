import { coreFieldKeys, type Category, type FieldDefinition, type LocalizedText, type WorkflowTransition } from '@vigil/shared';
import type { IssueText } from '../server-errors';
import type { Draft } from './draft';

/**
 * The checks of the shared schema, said per field before anything is sent, keyed by the same paths
 * the server uses (`fields.2.options.0.value`), so the editor shows its own and the server's issues alike.
 */
export type Issues = Record<string, IssueText>;

export const snakeKey = /^[a-z][a-z0-9_]{0,62}$/;
export const typeKeyPattern = /^[a-z][a-z0-9-]{1,62}$/;
export const prefixPattern = /^[A-Z]{2,6}$/;
const textMax = 500;

function text(issues: Issues, path: string, value: Partial<LocalizedText> | undefined, required = true) {
  const en = value?.en?.trim() ?? '';
  const de = value?.de?.trim() ?? '';
  if (required && !en) issues[`${path}.en`] = { key: 'required' };
  if (!required && !en && de) issues[`${path}.en`] = { key: 'englishFirst' };
  if (en.length > textMax) issues[`${path}.en`] = { key: 'maxLength', params: { max: textMax } };
  if (de.length > textMax) issues[`${path}.de`] = { key: 'maxLength', params: { max: textMax } };
}

function key(issues: Issues, path: string, value: string, taken: ReadonlySet<string>) {
  const k = value.trim();
  if (!k) issues[path] = { key: 'required' };
  else if (!snakeKey.test(k)) issues[path] = { key: 'snakeKey' };
  else if (taken.has(k)) issues[path] = { key: 'duplicate' };
}

/** One custom field; `otherKeys` are the keys of the type's other fields. */
export function validateField(f: FieldDefinition, otherKeys: ReadonlySet<string>, path = ''): Issues {
  const issues: Issues = {};
  const p = (rest: string) => (path ? `${path}.${rest}` : rest);
  key(issues, p('key'), f.key, otherKeys);
  text(issues, p('label'), f.label);
  text(issues, p('help'), f.help, false);
  if (f.kind === 'enum' || f.kind === 'multi_enum') {
    const options = f.options ?? [];
    if (options.length === 0) issues[p('options')] = { key: 'needsOptions' };
    if (options.length > 200) issues[p('options')] = { key: 'tooMany', params: { max: 200 } };
    const seen = new Set<string>();
    options.forEach((o, i) => {
      const v = o.value.trim();
      if (!v) issues[p(`options.${i}.value`)] = { key: 'required' };
      else if (v.length > 100) issues[p(`options.${i}.value`)] = { key: 'maxLength', params: { max: 100 } };
      else if (seen.has(v)) issues[p(`options.${i}.value`)] = { key: 'duplicate' };
      seen.add(v);
      text(issues, p(`options.${i}.label`), o.label);
    });
  }
  if (f.kind === 'number' && f.min !== undefined && f.max !== undefined && f.min > f.max) issues[p('min')] = { key: 'minMax' };
  if ((f.kind === 'string' || f.kind === 'text') && f.maxLength !== undefined && (!Number.isInteger(f.maxLength) || f.maxLength < 1 || f.maxLength > 10_000)) {
    issues[p('maxLength')] = { key: 'range', params: { min: 1, max: 10_000 } };
  }
  if ((f.section ?? '').length > 100) issues[p('section')] = { key: 'maxLength', params: { max: 100 } };
  return issues;
}

const fieldRef = new RegExp(`^(custom\\.[a-z][a-z0-9_]{0,62}|${coreFieldKeys.join('|')})$`);

/** One transition against the states and custom fields of the draft. */
export function validateTransition(t: WorkflowTransition, ctx: { states: ReadonlySet<string>; fields: ReadonlySet<string>; otherKeys: ReadonlySet<string> }, path = ''): Issues {
  const issues: Issues = {};
  const p = (rest: string) => (path ? `${path}.${rest}` : rest);
  key(issues, p('key'), t.key, ctx.otherKeys);
  text(issues, p('label'), t.label);
  if (t.from.length === 0) issues[p('from')] = { key: 'pickOne' };
  t.from.forEach((f, i) => {
    if (!ctx.states.has(f)) issues[p(`from.${i}`)] = { key: 'notAState' };
  });
  if (!t.to) issues[p('to')] = { key: 'required' };
  else if (!ctx.states.has(t.to)) issues[p('to')] = { key: 'notAState' };
  (t.requires?.fields ?? []).forEach((ref, i) => {
    if (!fieldRef.test(ref)) issues[p(`requires.fields.${i}`)] = { key: 'invalid' };
    else if (ref.startsWith('custom.') && !ctx.fields.has(ref.slice(7))) issues[p(`requires.fields.${i}`)] = { key: 'notAField' };
  });
  return issues;
}

function validateCategories(issues: Issues, nodes: readonly Category[], path: string) {
  const seen = new Set<string>();
  nodes.forEach((c, i) => {
    key(issues, `${path}.${i}.key`, c.key, seen);
    seen.add(c.key.trim());
    text(issues, `${path}.${i}.label`, c.label);
    if (c.children?.length) validateCategories(issues, c.children, `${path}.${i}.children`);
  });
}

/** The keys before `index`: like the server, the second use of a key is the one marked. */
const others = (keys: readonly string[], index: number) => new Set(keys.slice(0, index).map((k) => k.trim()));

/** Every check of the draft; empty when the server should accept it (save for clashes only it can see). */
export function validateDraft(d: Draft): Issues {
  const issues: Issues = {};
  text(issues, 'name', d.name);
  text(issues, 'description', d.description, false);
  if (!prefixPattern.test(d.prefix.trim())) issues.prefix = { key: 'prefix' };

  const fieldKeys = d.fields.map((f) => f.key);
  d.fields.forEach((f, i) => Object.assign(issues, validateField(f, others(fieldKeys, i), `fields.${i}`)));

  const stateKeys = d.workflow.states.map((s) => s.key);
  if (d.workflow.states.length === 0) issues['workflow.states'] = { key: 'pickOne' };
  d.workflow.states.forEach((s, i) => {
    key(issues, `workflow.states.${i}.key`, s.key, others(stateKeys, i));
    text(issues, `workflow.states.${i}.label`, s.label);
  });
  const states = new Set(stateKeys.map((k) => k.trim()));
  if (!states.has(d.workflow.initial)) issues['workflow.initial'] = { key: 'notAState' };
  const transitionKeys = d.workflow.transitions.map((t) => t.key);
  const fields = new Set(fieldKeys.map((k) => k.trim()));
  d.workflow.transitions.forEach((t, i) => Object.assign(issues, validateTransition(t, { states, fields, otherKeys: others(transitionKeys, i) }, `workflow.transitions.${i}`)));

  validateCategories(issues, d.categories, 'categories');
  return issues;
}

/** The issues under a path prefix, with the prefix taken off (`fields.2.` → `options.0.value`). */
export function issuesUnder(issues: Issues, prefix: string): Issues {
  const p = `${prefix}.`;
  return Object.fromEntries(Object.entries(issues).filter(([k]) => k.startsWith(p)).map(([k, v]) => [k.slice(p.length), v]));
}

/** True when any issue sits at or under the path. */
export function hasIssuesAt(issues: Issues, path: string): boolean {
  return Object.keys(issues).some((k) => k === path || k.startsWith(`${path}.`));
}
