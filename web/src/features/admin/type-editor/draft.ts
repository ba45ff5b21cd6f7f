import type { Category, FieldDefinition, IncidentType, IncidentTypeInput, IncidentTypePatch, LocalizedText, Workflow } from '@vigil/shared';

/**
 * The editor works on a draft of the parts of a type an admin may change; the key is fixed. The
 * draft is compared with the version it started from, and only the changed parts are sent, with
 * If-Match: that version.
 */
export type Draft = Omit<IncidentTypeInput, 'key'>;
export type DraftKey = keyof Draft;

export const draftKeys = ['name', 'description', 'prefix', 'restricted', 'defaultTeamId', 'fields', 'requiredFields', 'workflow', 'categories', 'priorityMatrix', 'active'] as const satisfies readonly DraftKey[];

/** The editable parts of a saved type, as a deep copy the editor may change. */
export function toDraft(type: IncidentType): Draft {
  const { name, description, prefix, restricted, defaultTeamId, fields, requiredFields, workflow, categories, priorityMatrix, active } = type;
  return structuredClone({ name, description, prefix, restricted, defaultTeamId, fields, requiredFields, workflow, categories, priorityMatrix, active });
}

/** A localized text without an empty German part (the server falls back to English). */
export function cleanText(text: LocalizedText): LocalizedText {
  const de = text.de?.trim();
  return { en: text.en.trim(), ...(de ? { de } : {}) };
}

function cleanOptionalText(text: Partial<LocalizedText> | undefined): LocalizedText | undefined {
  if (!text) return undefined;
  const en = text.en?.trim() ?? '';
  const de = text.de?.trim() ?? '';
  if (!en && !de) return undefined;
  return { en, ...(de ? { de } : {}) };
}

const optionKinds = new Set(['enum', 'multi_enum']);
const lengthKinds = new Set(['string', 'text']);

/** One field as the server expects it: only the settings its kind takes, no empty texts. */
export function cleanField(f: FieldDefinition): FieldDefinition {
  const help = cleanOptionalText(f.help);
  const section = f.section?.trim();
  return {
    key: f.key.trim(),
    label: cleanText(f.label),
    ...(help ? { help } : {}),
    kind: f.kind,
    required: f.required,
    ...(optionKinds.has(f.kind) ? { options: (f.options ?? []).map((o) => ({ value: o.value.trim(), label: cleanText(o.label) })) } : {}),
    ...(f.kind === 'number' && f.min !== undefined && Number.isFinite(f.min) ? { min: f.min } : {}),
    ...(f.kind === 'number' && f.max !== undefined && Number.isFinite(f.max) ? { max: f.max } : {}),
    ...(f.kind === 'number' && f.integer ? { integer: true } : {}),
    ...(lengthKinds.has(f.kind) && f.maxLength !== undefined && Number.isFinite(f.maxLength) ? { maxLength: f.maxLength } : {}),
    ...(section ? { section } : {}),
  };
}

function cleanWorkflow(w: Workflow): Workflow {
  return {
    initial: w.initial,
    states: w.states.map((s) => ({ key: s.key.trim(), label: cleanText(s.label), category: s.category })),
    transitions: w.transitions.map((t) => {
      const fields = t.requires?.fields ?? [];
      const roles = t.requires?.roles ?? [];
      const requires = {
        ...(fields.length ? { fields } : {}),
        ...(roles.length ? { roles } : {}),
        ...(t.requires?.comment ? { comment: true } : {}),
      };
      return { key: t.key.trim(), label: cleanText(t.label), from: t.from, to: t.to, ...(Object.keys(requires).length ? { requires } : {}) };
    }),
  };
}

function cleanCategories(nodes: Category[]): Category[] {
  return nodes.map((c) => ({ key: c.key.trim(), label: cleanText(c.label), ...(c.children && c.children.length ? { children: cleanCategories(c.children) } : {}) }));
}

/** The draft as the server will store it: trimmed, empty optional texts and settings of other kinds dropped. */
export function cleanDraft(d: Draft): Draft {
  const description = cleanOptionalText(d.description);
  return {
    name: cleanText(d.name),
    description: description ?? {},
    prefix: d.prefix.trim(),
    restricted: d.restricted,
    defaultTeamId: d.defaultTeamId,
    fields: d.fields.map(cleanField),
    requiredFields: d.requiredFields,
    workflow: cleanWorkflow(d.workflow),
    categories: cleanCategories(d.categories),
    priorityMatrix: d.priorityMatrix,
    active: d.active,
  };
}

/** JSON with object keys sorted, so equal values compare equal whatever order their keys were set in. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** The parts of `next` that differ from `base` (both cleaned first). */
export function changedKeys(base: Draft, next: Draft): DraftKey[] {
  const a = cleanDraft(base);
  const b = cleanDraft(next);
  return draftKeys.filter((k) => stableJson(a[k]) !== stableJson(b[k]));
}

/** The PATCH body: the changed parts only, cleaned. */
export function toPatch(base: Draft, next: Draft): IncidentTypePatch {
  const cleaned = cleanDraft(next);
  return Object.fromEntries(changedKeys(base, next).map((k) => [k, cleaned[k]])) as IncidentTypePatch;
}

/**
 * After someone else saved: their version with this editor's changed parts laid over it. Parts both
 * changed take this editor's value (the conflict dialog says which).
 */
export function rebase(base: Draft, mine: Draft, theirs: Draft): Draft {
  const next = structuredClone(theirs);
  for (const k of changedKeys(base, mine)) (next as Record<DraftKey, unknown>)[k] = structuredClone(mine[k]);
  return next;
}

/** The editor tab each part of the draft belongs to. */
export const tabOfKey: Record<DraftKey, EditorTab> = {
  name: 'general',
  description: 'general',
  prefix: 'general',
  restricted: 'general',
  defaultTeamId: 'general',
  requiredFields: 'general',
  active: 'general',
  fields: 'fields',
  workflow: 'workflow',
  categories: 'categories',
  priorityMatrix: 'matrix',
};

export const editorTabs = ['general', 'fields', 'workflow', 'categories', 'matrix', 'link', 'json'] as const;
export type EditorTab = (typeof editorTabs)[number];

/** The tab of an issue path (`fields.2.options` → fields); general for anything unknown. */
export function tabOfPath(path: string): EditorTab {
  const head = path.split('.')[0] as DraftKey;
  return tabOfKey[head] ?? 'general';
}

/** Moves the item at `from` one place up (-1) or down (+1); the same array when it cannot move. */
export function move<T>(list: readonly T[], from: number, by: -1 | 1): T[] {
  const to = from + by;
  if (from < 0 || from >= list.length || to < 0 || to >= list.length) return [...list];
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item!);
  return next;
}

/**
 * The workflow without a state: transitions into it go, and it leaves the `from` lists of the others
 * (a transition left with no `from` goes as well).
 */
export function removeState(w: Workflow, key: string): { workflow: Workflow; removedTransitions: string[] } {
  const removedTransitions: string[] = [];
  const transitions = w.transitions.flatMap((t) => {
    const from = t.from.filter((f) => f !== key);
    if (t.to === key || from.length === 0) {
      removedTransitions.push(t.key);
      return [];
    }
    return [{ ...t, from }];
  });
  return { workflow: { ...w, states: w.states.filter((s) => s.key !== key), transitions }, removedTransitions };
}

/** A state renamed everywhere the workflow names it (initial, from, to). */
export function renameState(w: Workflow, from: string, to: string): Workflow {
  if (from === to) return w;
  const r = (k: string) => (k === from ? to : k);
  return {
    initial: r(w.initial),
    states: w.states.map((s) => (s.key === from ? { ...s, key: to } : s)),
    transitions: w.transitions.map((t) => ({ ...t, from: t.from.map(r), to: r(t.to) })),
  };
}

/** A field's key renamed in the transition guards that require it. */
export function renameFieldInGuards(w: Workflow, from: string, to: string): Workflow {
  if (from === to) return w;
  const ref = `custom.${from}`;
  return {
    ...w,
    transitions: w.transitions.map((t) =>
      t.requires?.fields?.includes(ref) ? { ...t, requires: { ...t.requires, fields: t.requires.fields.map((f) => (f === ref ? `custom.${to}` : f)) } } : t,
    ),
  };
}

/** A field removed from the guards that require it. */
export function dropFieldFromGuards(w: Workflow, key: string): Workflow {
  const ref = `custom.${key}`;
  return {
    ...w,
    transitions: w.transitions.map((t) => (t.requires?.fields?.includes(ref) ? { ...t, requires: { ...t.requires, fields: t.requires.fields.filter((f) => f !== ref) } } : t)),
  };
}

/** The node at an index path ([0, 2] = the third child of the first category). */
export function categoryAt(nodes: readonly Category[], path: readonly number[]): Category | undefined {
  let list: readonly Category[] | undefined = nodes;
  let node: Category | undefined;
  for (const i of path) {
    node = list?.[i];
    list = node?.children;
  }
  return node;
}

/** The tree with the list that holds `path`'s node replaced by `update(list)`. */
export function updateSiblings(nodes: readonly Category[], parentPath: readonly number[], update: (list: Category[]) => Category[]): Category[] {
  if (parentPath.length === 0) return update([...nodes]);
  const [head, ...rest] = parentPath;
  return nodes.map((n, i) => (i === head ? { ...n, children: updateSiblings(n.children ?? [], rest, update) } : n));
}

/** The tree with one node changed. */
export function updateCategory(nodes: readonly Category[], path: readonly number[], update: (node: Category) => Category): Category[] {
  const parent = path.slice(0, -1);
  const index = path[path.length - 1]!;
  return updateSiblings(nodes, parent, (list) => list.map((n, i) => (i === index ? update(n) : n)));
}
