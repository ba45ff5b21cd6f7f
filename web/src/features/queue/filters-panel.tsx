import { priorities, severities, stateCategories, type ViewFilters } from '@vigil/shared';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { Button, Field, Input, Select } from '../../ui';
import { filterValues, withFilter } from './queue-query';
import { useIncidentTypes, useLabel, useTeams, useUsers } from './queue-data';
import styles from './queue.module.css';

type Props = {
  id: string;
  filters: ViewFilters;
  onChange: (filters: ViewFilters) => void;
  /** Reporters filter by status and type only. */
  simple?: boolean;
};

/** Checkboxes that set a repeatable filter (type, state, priority, ...). */
function CheckGroup({ legend, name, options, values, onChange }: { legend: string; name: string; options: Array<{ value: string; label: string }>; values: string[]; onChange: (next: string[]) => void }) {
  if (options.length === 0) return null;
  return (
    <fieldset className={styles.checkGroup}>
      <legend>{legend}</legend>
      <div className={styles.checkChips}>
        {options.map((o) => (
          <label key={o.value} className={styles.checkChip}>
            <input
              type="checkbox"
              name={name}
              value={o.value}
              checked={values.includes(o.value)}
              onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** The filters of GET /incidents as form controls; every change applies at once (and lands in the address bar). */
export function FiltersPanel({ id, filters, onChange, simple = false }: Props) {
  const { t } = useTranslation('queue');
  const { user } = useSession();
  const label = useLabel();
  const { types } = useIncidentTypes();
  const teams = useTeams(!simple);
  const { users } = useUsers('', !simple);
  const set = (key: string, value: string | string[] | null) => onChange(withFilter(filters, key, value));

  const selectedTypes = filterValues(filters, 'type');
  const states = useMemo(() => {
    const byKey = new Map<string, string>();
    for (const type of types) {
      if (selectedTypes.length > 0 && !selectedTypes.includes(type.key) && !selectedTypes.includes(type.id)) continue;
      for (const s of type.workflow.states) if (!byKey.has(s.key)) byKey.set(s.key, label(s.label));
    }
    return [...byKey].map(([value, text]) => ({ value, label: text })).sort((a, b) => a.label.localeCompare(b.label));
  }, [types, selectedTypes, label]);

  const assignee = typeof filters.assigneeId === 'string' ? filters.assigneeId : '';
  const assigneeOptions = [
    { value: 'me', label: t('filters.assigneeMe') },
    { value: 'none', label: t('filters.assigneeNone') },
    ...users.filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name })),
  ];
  if (assignee && !assigneeOptions.some((o) => o.value === assignee)) assigneeOptions.push({ value: assignee, label: t('filters.someone') });

  return (
    <div id={id} className={styles.filtersPanel} role="group" aria-label={t('filters.title')}>
      <div className={styles.filterGrid}>
        <CheckGroup legend={t('filters.status')} name="stateCategory" options={stateCategories.map((c) => ({ value: c, label: t(`stateCategory.${c}`) }))} values={filterValues(filters, 'stateCategory')} onChange={(v) => set('stateCategory', v)} />
        <CheckGroup legend={t('filters.type')} name="type" options={types.map((ty) => ({ value: ty.key, label: label(ty.name) }))} values={selectedTypes} onChange={(v) => set('type', v)} />
        {simple ? null : (
          <>
            <CheckGroup legend={t('filters.priority')} name="priority" options={priorities.map((p) => ({ value: p, label: p }))} values={filterValues(filters, 'priority')} onChange={(v) => set('priority', v)} />
            <CheckGroup legend={t('filters.severity')} name="severity" options={severities.map((s) => ({ value: s, label: t(`severity.${s}`) }))} values={filterValues(filters, 'severity')} onChange={(v) => set('severity', v)} />
            <CheckGroup legend={t('filters.state')} name="state" options={states} values={filterValues(filters, 'state')} onChange={(v) => set('state', v)} />
            <div className={styles.filterFields}>
              <Field label={t('filters.team')}>
                <Select value={typeof filters.teamId === 'string' ? filters.teamId : ''} onChange={(e) => set('teamId', e.target.value || null)} placeholder={t('filters.any')} options={teams.map((team) => ({ value: team.id, label: team.name }))} />
              </Field>
              <Field label={t('filters.assignee')}>
                <Select value={assignee} onChange={(e) => set('assigneeId', e.target.value || null)} placeholder={t('filters.any')} options={assigneeOptions} />
              </Field>
              <Field label={t('filters.createdFrom')}>
                <Input type="date" value={typeof filters.createdFrom === 'string' ? filters.createdFrom.slice(0, 10) : ''} onChange={(e) => set('createdFrom', e.target.value || null)} />
              </Field>
              <Field label={t('filters.createdTo')}>
                <Input type="date" value={typeof filters.createdTo === 'string' ? filters.createdTo.slice(0, 10) : ''} onChange={(e) => set('createdTo', e.target.value || null)} />
              </Field>
            </div>
          </>
        )}
      </div>
      <div className={styles.filterActions}>
        <Button size="sm" variant="ghost" onClick={() => onChange(simple ? {} : typeof filters.q === 'string' ? { q: filters.q } : {})}>
          {t('filters.clear')}
        </Button>
      </div>
    </div>
  );
}
