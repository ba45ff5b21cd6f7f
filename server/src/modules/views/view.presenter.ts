import type { SavedView, ViewColumn } from '@vigil/shared';
import type { SavedViewRow } from './view.repo.js';

/** Row to DTO. */
export function presentView(row: SavedViewRow): SavedView {
  return {
    id: row.id,
    name: row.name,
    filters: row.filters,
    sort: { key: row.sort as SavedView['sort']['key'], order: row.sort_order },
    columns: row.columns as ViewColumn[],
    position: row.position,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** What the audit record keeps of a view. */
export function auditView(view: SavedView): Omit<SavedView, 'createdAt' | 'updatedAt'> {
  const { createdAt: _c, updatedAt: _u, ...rest } = view;
  return rest;
}
