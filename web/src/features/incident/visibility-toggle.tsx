import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './incident.module.css';

/** Internal note or public reply, as two radio buttons; the public one says who will read it. */
export function VisibilityToggle({ value, onChange }: { value: 'internal' | 'public'; onChange: (value: 'internal' | 'public') => void }) {
  const { t } = useTranslation('incident');
  const name = useId();
  return (
    <fieldset className={styles.visibility}>
      <legend className="visually-hidden">{t('comment.visibility')}</legend>
      {(['internal', 'public'] as const).map((v) => (
        <label key={v} className={`${styles.visibilityOption} ${value === v ? styles[`visibility_${v}`] : ''}`}>
          <input type="radio" name={name} value={v} checked={value === v} onChange={() => onChange(v)} />
          <span>{t(`comment.${v}`)}</span>
        </label>
      ))}
      <span className={styles.visibilityHint} aria-live="polite">
        {t(value === 'public' ? 'comment.publicHint' : 'comment.internalHint')}
      </span>
    </fieldset>
  );
}
