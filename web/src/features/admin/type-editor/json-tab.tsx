import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../ui/copy-button';
import { cleanDraft, type Draft } from './draft';
import styles from './type-editor.module.css';

/** The definition as JSON, read-only: to compare, copy into a type pack or send to the API by hand. */
export function JsonTab({ typeKey, draft, dirty }: { typeKey: string; draft: Draft; dirty: boolean }) {
  const { t } = useTranslation('admin');
  const json = JSON.stringify({ key: typeKey, ...cleanDraft(draft) }, null, 2);
  return (
    <div className={styles.tab}>
      <div className={styles.tabIntro}>
        <p className={styles.hint}>{dirty ? t('editor.json.introDirty') : t('editor.json.intro')}</p>
        <CopyButton value={json} label={t('editor.json.copy')} copiedLabel={t('copied')} />
      </div>
      <pre className={styles.json} tabIndex={0} aria-label={t('editor.json.label')}>
        {json}
      </pre>
    </div>
  );
}
