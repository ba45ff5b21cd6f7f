import type { Category, Level, Priority, PriorityMatrix } from '@vigil/shared';

/** Priority from the type's impact x urgency matrix (ITIL style). */
export function computePriority(matrix: PriorityMatrix, impact: Level, urgency: Level): Priority {
  return matrix[impact][urgency];
}

/** Whether `path` (keys joined by '/', e.g. 'network/dns') names a node of the category tree. */
export function isValidCategory(categories: Category[], path: string): boolean {
  if (path === '') return false;
  let level: Category[] | undefined = categories;
  for (const key of path.split('/')) {
    const node: Category | undefined = level?.find((c) => c.key === key);
    if (!node) return false;
    level = node.children;
  }
  return true;
}
