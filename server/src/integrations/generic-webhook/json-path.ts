import { fieldPathPattern } from '@vigil/shared';

/**
 * A small JSONPath subset for webhook field mappings: `$` followed by `.name`, `[index]` and
 * `["quoted name"]` / `['quoted name']` segments. No wildcards, filters or recursion: a mapping
 * names one value. Only own properties are followed, so `$.__proto__` finds nothing.
 */
export type PathSegment = { kind: 'key'; key: string } | { kind: 'index'; index: number };

export class FieldPathError extends Error {}

/** Parses a path; throws FieldPathError on anything outside the syntax (the same language as fieldPathPattern). */
export function parseFieldPath(path: string): PathSegment[] {
  if (!fieldPathPattern.test(path)) throw new FieldPathError(`Not a field path: ${path}`);
  const segments: PathSegment[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(path.slice(i + 1))!;
      segments.push({ kind: 'key', key: m[0] });
      i += 1 + m[0].length;
    } else if (path[i + 1] === '"' || path[i + 1] === "'") {
      const quote = path[i + 1]!;
      let key = '';
      let j = i + 2;
      while (path[j] !== quote) {
        if (path[j] === '\\') j++;
        key += path[j];
        j++;
      }
      segments.push({ kind: 'key', key });
      i = j + 2;
    } else {
      const m = /^\[(\d+)\]/.exec(path.slice(i))!;
      segments.push({ kind: 'index', index: Number(m[1]) });
      i += m[0].length;
    }
  }
  return segments;
}

/** The value at the path, or undefined when any step is missing. */
export function evaluateFieldPath(root: unknown, path: string | PathSegment[]): unknown {
  const segments = typeof path === 'string' ? parseFieldPath(path) : path;
  let node: unknown = root;
  for (const s of segments) {
    if (s.kind === 'index') {
      if (!Array.isArray(node) || s.index >= node.length) return undefined;
      node = node[s.index];
    } else {
      if (typeof node !== 'object' || node === null || Array.isArray(node) || !Object.hasOwn(node, s.key)) return undefined;
      node = (node as Record<string, unknown>)[s.key];
    }
  }
  return node;
}
