import { defaultPriorityMatrix, levels, priorities, type Category, type PriorityMatrix } from '@vigil/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePriority, isValidCategory } from './type.classification.js';

const level = fc.constantFrom(...levels);
const priority = fc.constantFrom(...priorities);
const matrixArb: fc.Arbitrary<PriorityMatrix> = fc.record({
  high: fc.record({ high: priority, medium: priority, low: priority }),
  medium: fc.record({ high: priority, medium: priority, low: priority }),
  low: fc.record({ high: priority, medium: priority, low: priority }),
});

describe('priority matrix', () => {
  it('follows the ITIL default: impact x urgency', () => {
    expect(computePriority(defaultPriorityMatrix, 'high', 'high')).toBe('P1');
    expect(computePriority(defaultPriorityMatrix, 'high', 'low')).toBe('P3');
    expect(computePriority(defaultPriorityMatrix, 'low', 'high')).toBe('P3');
    expect(computePriority(defaultPriorityMatrix, 'medium', 'medium')).toBe('P3');
    expect(computePriority(defaultPriorityMatrix, 'low', 'low')).toBe('P5');
  });

  it('yields the configured priority of every cell of any matrix', () => {
    fc.assert(
      fc.property(matrixArb, level, level, (matrix, impact, urgency) => {
        expect(computePriority(matrix, impact, urgency)).toBe(matrix[impact][urgency]);
      }),
    );
  });

  it('is symmetric on the default matrix and never gets more urgent as impact or urgency drop', () => {
    const rank = (p: string) => Number(p.slice(1));
    for (const i of levels) {
      for (const u of levels) {
        expect(computePriority(defaultPriorityMatrix, i, u)).toBe(computePriority(defaultPriorityMatrix, u, i));
        const iDown = levels[levels.indexOf(i) + 1];
        if (iDown) expect(rank(computePriority(defaultPriorityMatrix, iDown, u))).toBeGreaterThanOrEqual(rank(computePriority(defaultPriorityMatrix, i, u)));
      }
    }
  });
});

describe('category paths', () => {
  const tree: Category[] = [
    { key: 'network', label: { en: 'Network' }, children: [{ key: 'dns', label: { en: 'DNS' } }, { key: 'vpn', label: { en: 'VPN' } }] },
    { key: 'database', label: { en: 'Database' } },
  ];

  it('accepts paths of nodes at any depth and nothing else', () => {
    expect(isValidCategory(tree, 'network')).toBe(true);
    expect(isValidCategory(tree, 'network/dns')).toBe(true);
    expect(isValidCategory(tree, 'database')).toBe(true);
    for (const bad of ['', 'dns', 'network/', 'network/dns/extra', 'database/dns', '/network', 'network//dns', 'Network']) {
      expect(isValidCategory(tree, bad)).toBe(false);
    }
    expect(isValidCategory([], 'network')).toBe(false);
  });

  it('accepts exactly the paths that a random tree contains', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
    const leaf = key.map((k): Category => ({ key: k, label: { en: k } }));
    const node = fc.record({ key, children: fc.uniqueArray(leaf, { selector: (c) => c.key, maxLength: 4 }) }).map((n): Category => ({ key: n.key, label: { en: n.key }, children: n.children }));
    const treeArb = fc.uniqueArray(node, { selector: (c) => c.key, maxLength: 5 });
    fc.assert(
      fc.property(treeArb, key, key, (t, a, b) => {
        const paths = new Set(t.flatMap((n) => [n.key, ...(n.children ?? []).map((c) => `${n.key}/${c.key}`)]));
        for (const p of paths) expect(isValidCategory(t, p)).toBe(true);
        for (const p of [a, `${a}/${b}`]) expect(isValidCategory(t, p)).toBe(paths.has(p));
      }),
    );
  });
});
