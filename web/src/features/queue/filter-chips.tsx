import type { ViewFilters } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { filterValues, withFilter } from './queue-query';
import { useIncidentTypes, useLabel, useTeams, useUsers } from './queue-data';
import styles from './queue.module.css';

const named = new Set(['type', 'state', 'stateCategory', 'priority', 'severity', 'teamId', 'assigneeId', 'reporterId', 'createdFrom', 'createdTo', 'updatedFrom', 'updatedTo', 'businessArea', 'q']);

/** The active filters in words, each with a button that removes it. */
export function FilterChips({ filters, onChange, hide = [], lookups = true }: { filters: ViewFilters; onChange: (f: ViewFilters) => void; hide?: string[]; lookups?: boolean }) {
  const { t } = useTranslation('queue');
  const { format, user } = useSession();
  const label = useLabel();
  const { types, byKey } = useIncidentTypes();
  const teams = useTeams(lookups);
  const { users } = useUsers('', lookups);

  const describe = (key: string, values: string[]): string => {
    switch (key) {
      case 'type':
        return values.map((v) => (byKey.get(v) ? label(byKey.get(v)!.name) : v)).join(', ');
      case 'state':
        return values.map((v) => {
          for (const ty of types) {
            const s = ty.workflow.states.find((st) => st.key === v);
            if (s) return label(s.label);
          }
          return v;
        }).join(', ');
      case 'stateCategory':
        return values.map((v) => t(`stateCategory.${v}`, { defaultValue: v })).join(', ');
      case 'severity':
        return values.map((v) => t(`severity.${v}`, { defaultValue: v })).join(', ');
      case 'teamId':
        return teams.find((team) => team.id === values[0])?.name ?? t('filters.someTeam');
      case 'assigneeId':
      case 'reporterId': {
        const v = values[0];
        if (v === 'me' || v === user.id) return t('filters.assigneeMe');
        if (v === 'none') return t('filters.assigneeNone');
        return users.find((u) => u.id === v)?.name ?? t('filters.someone');
      }
      case 'createdFrom':
      case 'createdTo':
      case 'updatedFrom':
      case 'updatedTo':
        return /^\d{4}-\d{2}-\d{2}$/.test(values[0] ?? '') ? format.date(`${values[0]}T12:00:00Z`) : format.dateTime(values[0]);
      default:
        return values.join(', ');
    }
  };

  const entries = Object.keys(filters)
    .filter((k) => !hide.includes(k))
    .sort((a, b) => (a === 'q' ? -1 : b === 'q' ? 1 : 0));
  if (entries.length === 0) return null;
  return (
    <ul className={styles.chips} aria-label={t('filters.active')}>
      {entries.map((key) => {
        const name = named.has(key) ? t(`filters.chip.${key}`) : key.replace(/^custom\./, '');
        const text = `${name}: ${describe(key, filterValues(filters, key))}`;
        return (
          <li key={key} className={styles.chip}>
            <span className={styles.chipText}>{text}</span>
            <button type="button" className={styles.chipRemove} onClick={() => onChange(withFilter(filters, key, null))} aria-label={t('filters.remove', { filter: text })}>
              <span aria-hidden="true">×</span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
