import { z } from 'zod';
import { incidentListQuerySchema, incidentSortSchema, safeText } from './incidents.js';

/**
 * Saved views of the incident list: /api/v1/views. A view is personal (its owner alone reads and
 * changes it; sharing would need its own permissions and is left out on purpose). Its filters are
 * the query parameters GET /incidents takes, stored as sent, so a client turns a view into a list
 * request without translating anything (see viewListQuery).
 */

/** The list columns a view may show, in the order a client offers them. */
export const viewColumns = [
  'number', 'title', 'type', 'state', 'priority', 'severity', 'impact', 'urgency', 'assignee', 'team', 'reporter',
  'category', 'source', 'confidentiality', 'businessAreas', 'services', 'assets', 'locations',
  'dueAt', 'createdAt', 'updatedAt', 'acknowledgedAt', 'resolvedAt',
] as const;
export const viewColumnSchema = z.enum(viewColumns);
export type ViewColumn = z.infer<typeof viewColumnSchema>;
export const defaultViewColumns: ViewColumn[] = ['number', 'title', 'state', 'priority', 'assignee', 'team', 'updatedAt'];

/** Parameters of GET /incidents that belong to paging and sorting, not to a view's filters. */
const notFilters = new Set(['sort', 'order', 'cursor', 'limit']);

/** GET /incidents query parameters (`type`, `stateCategory`, `assigneeId=me`, `custom.<key>`, `q`, ...), checked as the list checks them. */
export const viewFiltersSchema = z
  .record(z.string().min(1).max(100), z.union([safeText(500), z.array(safeText(500)).min(1).max(50)]))
  .superRefine((filters, ctx) => {
    const keys = Object.keys(filters);
    if (keys.length > 40) ctx.addIssue({ code: 'custom', path: [], message: 'at most 40 filters' });
    for (const key of keys) if (notFilters.has(key)) ctx.addIssue({ code: 'custom', path: [key], message: 'is not a filter (sort belongs in sort, paging in the request)' });
    const checked = incidentListQuerySchema.safeParse(filters);
    if (!checked.success) for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  });
export type ViewFilters = Record<string, string | string[]>;

export const viewSortSchema = z.strictObject({ key: incidentSortSchema, order: z.enum(['asc', 'desc']) });
export type ViewSort = z.infer<typeof viewSortSchema>;

const viewNameSchema = safeText(100).trim().min(1, 'must not be empty');
const columnsSchema = z
  .array(viewColumnSchema)
  .min(1)
  .max(viewColumns.length)
  .refine((c) => new Set(c).size === c.length, 'must not name a column twice');
const positionSchema = z.number().int().min(0).max(1000).describe('0 is first; the others move to make room');

/** POST /views. */
export const savedViewCreateSchema = z.strictObject({
  name: viewNameSchema,
  filters: viewFiltersSchema.default({}),
  sort: viewSortSchema.default({ key: 'created', order: 'desc' }),
  columns: columnsSchema.default(defaultViewColumns),
  position: positionSchema.optional().describe('Default: after the last view'),
});
export type SavedViewCreate = z.infer<typeof savedViewCreateSchema>;

/** PATCH /views/{id}: only what is sent changes; filters and columns are replaced whole. */
export const savedViewPatchSchema = z.strictObject({
  name: viewNameSchema.optional(),
  filters: viewFiltersSchema.optional(),
  sort: viewSortSchema.optional(),
  columns: columnsSchema.optional(),
  position: positionSchema.optional(),
});
export type SavedViewPatch = z.infer<typeof savedViewPatchSchema>;

export const savedViewSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  filters: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  sort: viewSortSchema,
  columns: z.array(viewColumnSchema),
  position: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SavedView = z.infer<typeof savedViewSchema>;

export const savedViewListSchema = z.object({ items: z.array(savedViewSchema) });
export const savedViewParamsSchema = z.object({ id: z.uuid() });

export const viewLimits = { perUser: 50 } as const;

/** The GET /incidents query string of a view: filters by name, then sort and order. */
export function viewListQuery(view: Pick<SavedView, 'filters' | 'sort'>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(view.filters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  params.set('sort', view.sort.key);
  params.set('order', view.sort.order);
  return params.toString();
}
