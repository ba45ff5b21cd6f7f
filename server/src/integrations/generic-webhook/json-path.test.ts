import fc from 'fast-check';
import { fieldPathPattern } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { evaluateFieldPath, FieldPathError, parseFieldPath, type PathSegment } from './json-path.js';

const body = {
  alert: { labels: { severity: 'critical', 'dotted.key': 'yes' }, id: 42 },
  alerts: [{ summary: 'first' }, { summary: 'second', "it's": 'quoted' }],
  'a "quoted" key': true,
};

/** A path that names the segments, written the way a person would. */
function render(segments: PathSegment[]): string {
  return (
    '$' +
    segments
      .map((s) => {
        if (s.kind === 'index') return `[${s.index}]`;
        if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(s.key)) return `.${s.key}`;
        return `["${s.key.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"]`;
      })
      .join('')
  );
}

describe('field paths', () => {
  it('reads names, indices and quoted names', () => {
    expect(evaluateFieldPath(body, '$.alert.labels.severity')).toBe('critical');
    expect(evaluateFieldPath(body, '$.alert.id')).toBe(42);
    expect(evaluateFieldPath(body, '$.alerts[1].summary')).toBe('second');
    expect(evaluateFieldPath(body, '$.alert.labels["dotted.key"]')).toBe('yes');
    expect(evaluateFieldPath(body, "$.alerts[1]['it\\'s']")).toBe('quoted');
    expect(evaluateFieldPath(body, '$["a \\"quoted\\" key"]')).toBe(true);
    expect(evaluateFieldPath(body, '$')).toBe(body);
  });

  it('finds nothing where a step is missing, out of range, or of the wrong kind, and never follows the prototype', () => {
    for (const path of ['$.alert.missing', '$.alerts[2]', '$.alerts.summary', '$.alert[0]', '$.alert.id.deeper', '$.__proto__', '$.alert.constructor', '$.alerts.length']) {
      expect(evaluateFieldPath(body, path), path).toBeUndefined();
    }
    expect(evaluateFieldPath(null, '$.a')).toBeUndefined();
  });

  it('refuses anything outside the syntax', () => {
    for (const path of ['alert.id', '$..id', '$.alerts[*]', '$.a[?(@.x)]', '$.1abc', '$[-1]', '$["unterminated]', '$.a.', '']) {
      expect(() => parseFieldPath(path), path).toThrow(FieldPathError);
      expect(fieldPathPattern.test(path), path).toBe(false);
    }
  });

  it('parses back what it renders, and a path built from a document finds the value it was built from', () => {
    const segment = fc.oneof(
      fc.record({ kind: fc.constant('key' as const), key: fc.string({ minLength: 0, maxLength: 12 }) }),
      fc.record({ kind: fc.constant('index' as const), index: fc.nat(50) }),
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), fc.jsonValue(), (segments, leaf) => {
        expect(parseFieldPath(render(segments))).toEqual(segments);
        let doc: unknown = leaf;
        for (const s of [...segments].reverse()) {
          if (s.kind === 'index') {
            const arr: unknown[] = Array.from({ length: s.index + 1 }, () => null);
            arr[s.index] = doc;
            doc = arr;
          } else {
            doc = Object.defineProperty({}, s.key, { value: doc, enumerable: true, writable: true, configurable: true });
          }
        }
        expect(evaluateFieldPath(doc, render(segments))).toEqual(leaf);
      }),
      { numRuns: 300 },
    );
  });
});
