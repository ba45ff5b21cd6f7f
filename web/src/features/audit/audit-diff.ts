/**
 * Before and after of an audit record as rows a person can read: one row per leaf value, with its
 * path (`workflow.states[closed].label.en`). Lists of items with a key (fields, states, members) are
 * matched by that key, so adding one item shows one added item, not every later item as changed.
 */
export type DiffChange = 'added' | 'removed' | 'changed' | 'same';
export type DiffRow = { path: string; before: unknown; after: unknown; change: DiffChange };

type Slot = { value: unknown } | null;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isObjectList = (v: unknown): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every(isObject);
const identityKeys = ['key', 'id', 'userId', 'value', 'state'] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The key that names the items of both lists: a string on every item, distinct within each list. */
function identityOf(lists: ReadonlyArray<readonly Record<string, unknown>[]>): string | null {
  for (const k of identityKeys) {
    const fits = lists.every((list) => {
      const values = list.map((item) => item[k]);
      return values.every((v) => typeof v === 'string' && v !== '') && new Set(values).size === values.length;
    });
    if (fits) return k;
  }
  return null;
}

function leaf(b: Slot, a: Slot, path: string, out: DiffRow[]) {
  const change: DiffChange = !b ? 'added' : !a ? 'removed' : same(b.value, a.value) ? 'same' : 'changed';
  out.push({ path: path || '·', before: b?.value, after: a?.value, change });
}

function walk(b: Slot, a: Slot, path: string, out: DiffRow[]): void {
  if (!b && !a) return;
  const bv = b?.value;
  const av = a?.value;
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if ((isObject(bv) || !b) && (isObject(av) || !a)) {
    const bo = isObject(bv) ? bv : {};
    const ao = isObject(av) ? av : {};
    const keys = [...new Set([...Object.keys(bo), ...Object.keys(ao)])];
    if (keys.length === 0) return leaf(b, a, path, out);
    for (const k of keys) walk(k in bo ? { value: bo[k] } : null, k in ao ? { value: ao[k] } : null, join(k), out);
    return;
  }
  const emptyList = (v: unknown) => Array.isArray(v) && v.length === 0;
  if ((isObjectList(bv) || !b || (emptyList(bv) && isObjectList(av))) && (isObjectList(av) || !a || (emptyList(av) && isObjectList(bv)))) {
    const bl = isObjectList(bv) ? bv : [];
    const al = isObjectList(av) ? av : [];
    const id = identityOf([bl, al]);
    if (id) {
      const bm = new Map(bl.map((x) => [String(x[id]), x]));
      const am = new Map(al.map((x) => [String(x[id]), x]));
      for (const k of new Set([...bm.keys(), ...am.keys()])) walk(bm.has(k) ? { value: bm.get(k) } : null, am.has(k) ? { value: am.get(k) } : null, `${path}[${k}]`, out);
      return;
    }
    for (let i = 0; i < Math.max(bl.length, al.length); i++) walk(i < bl.length ? { value: bl[i] } : null, i < al.length ? { value: al[i] } : null, `${path}[${i + 1}]`, out);
    return;
  }
  leaf(b, a, path, out);
}

/** Rows for an audit record's before and after (either may be null: a creation, a deletion, an event). */
export function diffValues(before: unknown, after: unknown): DiffRow[] {
  const out: DiffRow[] = [];
  walk(before === null || before === undefined ? null : { value: before }, after === null || after === undefined ? null : { value: after }, '', out);
  return out;
}
