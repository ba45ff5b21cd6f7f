import type { IncidentType } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Notice } from '../../../ui';
import { changedKeys, rebase, tabOfKey, toDraft, type Draft } from './draft';
import styles from './type-editor.module.css';

type Props = {
  base: Draft;
  mine: Draft;
  theirs: IncidentType;
  baseVersion: number;
  onKeepEditing: () => void;
  onLoadTheirs: () => void;
  onApplyMine: (merged: Draft) => void;
};

/**
 * Someone saved the type while this editor had changes: what each side changed, by part, and the
 * choice to put these changes on top of their version (review, then save) or to take theirs.
 */
export function ConflictDialog({ base, mine, theirs, baseVersion, onKeepEditing, onLoadTheirs, onApplyMine }: Props) {
  const { t } = useTranslation('admin');
  const theirDraft = toDraft(theirs);
  const partName = (k: keyof Draft) => t(`editor.parts.${k}`);
  const myParts = changedKeys(base, mine);
  const theirParts = changedKeys(base, theirDraft);
  const both = myParts.filter((k) => theirParts.includes(k));
  return (
    <Dialog
      open
      onClose={onKeepEditing}
      title={t('editor.conflict.title')}
      size="md"
      footer={
        <>
          <Button onClick={onKeepEditing}>{t('editor.conflict.keepEditing')}</Button>
          <Button onClick={onLoadTheirs}>{t('editor.conflict.loadTheirs')}</Button>
          <Button variant="primary" onClick={() => onApplyMine(rebase(base, mine, theirDraft))}>
            {t('editor.conflict.applyMine')}
          </Button>
        </>
      }
    >
      <p>{t('editor.conflict.intro', { yours: baseVersion, theirs: theirs.version })}</p>
      <dl className={styles.conflictList}>
        <dt>{t('editor.conflict.yourChanges')}</dt>
        <dd>{myParts.map(partName).join(', ') || '–'}</dd>
        <dt>{t('editor.conflict.theirChanges')}</dt>
        <dd>{theirParts.map(partName).join(', ') || t('editor.conflict.nothingVisible')}</dd>
      </dl>
      {both.length > 0 ? <Notice tone="warning">{t('editor.conflict.both', { parts: both.map(partName).join(', ') })}</Notice> : null}
      <p className={styles.hint}>{t('editor.conflict.explain', { tabs: [...new Set(myParts.map((k) => t(`editor.tabs.${tabOfKey[k]}`)))].join(', ') })}</p>
    </Dialog>
  );
}
