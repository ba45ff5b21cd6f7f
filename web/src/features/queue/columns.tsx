import type { IncidentSummary, LocalizedText, Severity, ViewColumn } from '@vigil/shared';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { Formatter } from '../../lib/format';
import { Badge, PriorityBadge, StatusBadge, type BadgeTone } from '../../ui';
import { ClockBadge } from './clock-badge';
import styles from './queue.module.css';

export type CellContext = {
  t: TFunction<'queue'>;
  format: Formatter;
  label: (text: LocalizedText) => string;
  now: number;
  /** tabIndex for links and controls inside the row: only the active row's are in the tab order. */
  tabIndex: 0 | -1;
  /** Whether the due column is shown (otherwise the title carries the clock). */
  showsDue: boolean;
  showsTitle: boolean;
};

export type ColumnDef = {
  /** CSS grid track of the column. */
  width: string;
  /** Where the cell goes when rows become cards on a phone. */
  slot: 'top' | 'main' | 'meta';
  align?: 'end';
  cell: (row: IncidentSummary, ctx: CellContext) => ReactNode;
};

const severityTone: Record<Severity, BadgeTone> = { critical: 'danger', high: 'warning', medium: 'info', low: 'neutral' };

/** The link that opens an incident; other tracks own the incident page, the list only links there. */
export function incidentPath(row: Pick<IncidentSummary, 'number'>): string {
  return `/incidents/${encodeURIComponent(row.number)}`;
}

function When({ value, ctx, empty = '–' }: { value: string | null; ctx: CellContext; empty?: string }) {
  if (!value) return <span className={styles.muted}>{empty}</span>;
  return (
    <time dateTime={value} title={ctx.format.dateTime(value)}>
      {ctx.format.relative(value, new Date(ctx.now))}
    </time>
  );
}

function list(values: readonly string[]) {
  return values.length > 0 ? <span title={values.join(', ')}>{values.join(', ')}</span> : <span className={styles.muted}>–</span>;
}

function person(ref: IncidentSummary['assignee'], none: string) {
  return ref ? <span title={ref.name}>{ref.name}</span> : <span className={styles.muted}>{none}</span>;
}

function Due({ row, ctx }: { row: IncidentSummary; ctx: CellContext }) {
  const clock = <ClockBadge clocks={row.clocks} createdAt={row.createdAt} now={ctx.now} />;
  if (row.clocks.some((c) => c.state === 'running' || c.state === 'paused' || c.state === 'breached')) return clock;
  if (!row.dueAt) return <span className={styles.muted}>–</span>;
  const overdue = Date.parse(row.dueAt) < ctx.now && (row.state.category === 'new' || row.state.category === 'active' || row.state.category === 'waiting');
  return overdue ? (
    <Badge tone="danger" title={ctx.format.dateTime(row.dueAt)}>
      {ctx.t('due.overdue', { when: ctx.format.relative(row.dueAt, new Date(ctx.now)) })}
    </Badge>
  ) : (
    <When value={row.dueAt} ctx={ctx} />
  );
}

/** Every column a view may show: its width, its place on a phone card and its cell. */
export const columnDefs: Record<ViewColumn, ColumnDef> = {
  number: {
    width: '8.5rem',
    slot: 'top',
    cell: (row, ctx) =>
      ctx.showsTitle ? (
        <span className={styles.number}>{row.number}</span>
      ) : (
        <Link to={incidentPath(row)} className={`${styles.number} ${styles.rowLink}`} tabIndex={ctx.tabIndex}>
          {row.number}
        </Link>
      ),
  },
  title: {
    width: 'minmax(16rem, 1fr)',
    slot: 'main',
    cell: (row, ctx) => (
      <span className={styles.titleCell}>
        <Link to={incidentPath(row)} className={`${styles.title} ${styles.rowLink}`} tabIndex={ctx.tabIndex}>
          {row.title}
        </Link>
        {ctx.showsDue ? null : <ClockBadge clocks={row.clocks} createdAt={row.createdAt} now={ctx.now} compact />}
      </span>
    ),
  },
  type: { width: '10rem', slot: 'meta', cell: (row, ctx) => <span title={ctx.label(row.type.name)}>{ctx.label(row.type.name)}</span> },
  state: { width: '11.5rem', slot: 'top', cell: (row, ctx) => <StatusBadge label={ctx.label(row.state.label)} category={row.state.category} /> },
  priority: { width: '7.5rem', slot: 'top', cell: (row) => <PriorityBadge priority={row.priority} /> },
  severity: {
    width: '7rem',
    slot: 'meta',
    cell: (row, ctx) => (
      <Badge tone={severityTone[row.severity]}>
        <span className="visually-hidden">{ctx.t('columns.severity')}: </span>
        {ctx.t(`severity.${row.severity}`)}
      </Badge>
    ),
  },
  impact: { width: '6.5rem', slot: 'meta', cell: (row, ctx) => ctx.t(`level.${row.impact}`) },
  urgency: { width: '6.5rem', slot: 'meta', cell: (row, ctx) => ctx.t(`level.${row.urgency}`) },
  assignee: { width: '10rem', slot: 'meta', cell: (row, ctx) => person(row.assignee, ctx.t('unassigned')) },
  team: { width: '9rem', slot: 'meta', cell: (row, ctx) => person(row.team, ctx.t('noTeam')) },
  reporter: { width: '11rem', slot: 'meta', cell: (row, ctx) => person(row.reporter, ctx.t('external')) },
  category: { width: '10rem', slot: 'meta', cell: (row) => list(row.category ? [row.category] : []) },
  source: { width: '7rem', slot: 'meta', cell: (row, ctx) => ctx.t(`source.${row.source}`) },
  confidentiality: { width: '10rem', slot: 'meta', cell: (row, ctx) => ctx.t(`confidentiality.${row.confidentiality}`) },
  businessAreas: { width: '10rem', slot: 'meta', cell: (row) => list(row.businessAreas) },
  services: { width: '10rem', slot: 'meta', cell: (row) => list(row.services) },
  assets: { width: '10rem', slot: 'meta', cell: (row) => list(row.assets) },
  locations: { width: '10rem', slot: 'meta', cell: (row) => list(row.locations) },
  dueAt: { width: '10rem', slot: 'top', cell: (row, ctx) => <Due row={row} ctx={ctx} /> },
  createdAt: { width: '8.5rem', slot: 'meta', cell: (row, ctx) => <When value={row.createdAt} ctx={ctx} /> },
  updatedAt: { width: '8.5rem', slot: 'meta', cell: (row, ctx) => <When value={row.updatedAt} ctx={ctx} /> },
  acknowledgedAt: { width: '8.5rem', slot: 'meta', cell: (row, ctx) => <When value={row.acknowledgedAt} ctx={ctx} /> },
  resolvedAt: { width: '8.5rem', slot: 'meta', cell: (row, ctx) => <When value={row.resolvedAt} ctx={ctx} /> },
};
