import { levels, priorities, type Level, type Priority } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { PriorityBadge } from '../../../ui';
import type { TabProps } from './editor-types';
import styles from './type-editor.module.css';

/** Impact × urgency → priority: a 3×3 grid, one choice per cell. */
export function MatrixTab({ draft, base, update }: TabProps) {
  const { t } = useTranslation('admin');
  const set = (impact: Level, urgency: Level, priority: Priority) =>
    update((d) => ({ ...d, priorityMatrix: { ...d.priorityMatrix, [impact]: { ...d.priorityMatrix[impact], [urgency]: priority } } }));
  return (
    <div className={styles.tab}>
      <p className={styles.hint}>{t('editor.matrix.intro')}</p>
      <div className={styles.matrixScroll}>
        <table className={styles.matrix}>
          <caption className="visually-hidden">{t('editor.matrix.caption')}</caption>
          <thead>
            <tr>
              <td className={styles.matrixCorner}>
                <span aria-hidden="true">{t('editor.matrix.impact')} ↓ · {t('editor.matrix.urgency')} →</span>
              </td>
              {levels.map((u) => (
                <th key={u} scope="col">
                  {t('editor.matrix.urgencyLevel', { level: t(`editor.levels.${u}`) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {levels.map((impact) => (
              <tr key={impact}>
                <th scope="row">{t('editor.matrix.impactLevel', { level: t(`editor.levels.${impact}`) })}</th>
                {levels.map((urgency) => {
                  const value = draft.priorityMatrix[impact][urgency];
                  const changed = base.priorityMatrix[impact][urgency] !== value;
                  return (
                    <td key={urgency} className={changed ? styles.cellChanged : undefined}>
                      <div className={styles.cell}>
                        <span aria-hidden="true">
                          <PriorityBadge priority={value} />
                        </span>
                        <select
                          className={styles.cellSelect}
                          aria-label={t('editor.matrix.cellLabel', { impact: t(`editor.levels.${impact}`), urgency: t(`editor.levels.${urgency}`) })}
                          value={value}
                          onChange={(e) => set(impact, urgency, e.target.value as Priority)}
                        >
                          {priorities.map((p) => (
                            <option key={p} value={p}>
                              {t(`editor.priorities.${p}`)}
                            </option>
                          ))}
                        </select>
                        {changed ? <span className={styles.changedNote}>{t('editor.matrix.was', { priority: base.priorityMatrix[impact][urgency] })}</span> : null}
                      </div>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
