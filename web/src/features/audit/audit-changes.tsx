import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../ui';
import { diffValues, type DiffRow } from './audit-diff';
import styles from './audit.module.css';

/** A value as text: nothing as a dash, yes/no for booleans, lists joined, objects as compact JSON. Rendered as text, never as HTML. */
function useShow() {
  const { t } = useTranslation('audit');
  return (v: unknown): string => {
    if (v === undefined || v === null || v === '') return '—';
    if (typeof v === 'boolean') return v ? t('changes.yes') : t('changes.no');
    if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.length ? v.map(String).join(', ') : t('changes.emptyList');
    if (typeof v === 'object') return JSON.stringify(v);
    return String(v);
  };
}

/** Before and after of one record as a table of changed values; unchanged ones on request. */
export function AuditChanges({ before, after }: { before: unknown; after: unknown }) {
  const { t } = useTranslation('audit');
  const show = useShow();
  const rows = useMemo(() => diffValues(before, after), [before, after]);
  const [all, setAll] = useState(false);
  const changed = rows.filter((r) => r.change !== 'same');
  const visible = all ? rows : changed;
  const unchanged = rows.length - changed.length;
  const onlyAfter = before === null || before === undefined;
  const onlyBefore = after === null || after === undefined;
  return (
    <div className={styles.changes}>
      <div className={styles.changesScroll} role="region" aria-label={t('changes.label')} tabIndex={0}>
        <table className={styles.diff}>
          <caption className="visually-hidden">{t('changes.label')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('changes.field')}</th>
              {onlyAfter ? null : <th scope="col">{t('changes.before')}</th>}
              {onlyBefore ? null : <th scope="col">{t('changes.after')}</th>}
            </tr>
          </thead>
          <tbody>
            {visible.map((r: DiffRow) => (
              <tr key={r.path} className={r.change === 'same' ? styles.same : undefined}>
                <th scope="row">
                  <code>{r.path}</code>
                  {r.change !== 'same' && !onlyAfter && !onlyBefore ? <span className="visually-hidden"> ({t(`changes.kinds.${r.change}`)})</span> : null}
                </th>
                {onlyAfter ? null : <td className={r.change === 'removed' || r.change === 'changed' ? styles.old : undefined}>{r.change === 'added' ? '—' : show(r.before)}</td>}
                {onlyBefore ? null : <td className={r.change === 'added' || r.change === 'changed' ? styles.new : undefined}>{r.change === 'removed' ? '—' : show(r.after)}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {visible.length === 0 ? <p className={styles.hint}>{t('changes.none')}</p> : null}
      {unchanged > 0 && !onlyAfter && !onlyBefore ? (
        <Button size="sm" variant="ghost" onClick={() => setAll((a) => !a)}>
          {all ? t('changes.hideUnchanged') : t('changes.showUnchanged', { count: unchanged })}
        </Button>
      ) : null}
    </div>
  );
}
