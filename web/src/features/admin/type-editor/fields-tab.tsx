import type { FieldDefinition } from '@vigil/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, EmptyState } from '../../../ui';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { localized } from '../localized';
import { dropFieldFromGuards, move, renameFieldInGuards } from './draft';
import type { TabProps } from './editor-types';
import { FieldDialog } from './field-dialog';
import { focusSoon } from './localized-input';
import { hasIssuesAt, issuesUnder } from './validate';
import styles from './type-editor.module.css';

type Editing = { index: number; field: FieldDefinition | null };

/** The type's custom fields in form order: add, edit, reorder, remove. */
export function FieldsTab({ draft, base, update, issues, say, locale }: TabProps) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const savedKeys = new Set(base.fields.map((f) => f.key));
  const fields = draft.fields;

  const apply = (index: number, field: FieldDefinition) => {
    update((d) => {
      const before = d.fields[index];
      const next = [...d.fields];
      next[index] = field;
      const workflow = before && before.key !== field.key ? renameFieldInGuards(d.workflow, before.key, field.key) : d.workflow;
      return { ...d, fields: next, workflow };
    });
    setEditing(null);
    focusSoon(`field-edit-${index}`);
  };

  const moveField = (index: number, by: -1 | 1) => {
    update((d) => ({ ...d, fields: move(d.fields, index, by) }));
    focusSoon(`field-${by < 0 ? 'up' : 'down'}-${index + by}`);
  };

  const guardsUsing = (key: string) => draft.workflow.transitions.filter((tr) => tr.requires?.fields?.includes(`custom.${key}`));
  const removingField = removing !== null ? fields[removing] : undefined;

  return (
    <div className={styles.tab}>
      <div className={styles.tabIntro}>
        <p className={styles.hint}>{t('editor.fields.intro')}</p>
        <Button variant="primary" onClick={() => setEditing({ index: fields.length, field: null })}>
          {t('editor.fields.add')}
        </Button>
      </div>
      {fields.length === 0 ? <EmptyState title={t('editor.fields.empty')} description={t('editor.fields.emptyHint')} /> : null}
      <ol className={styles.itemList} aria-label={t('editor.tabs.fields')}>
        {fields.map((f, i) => {
          const name = localized(f.label, locale) || t('editor.untitled');
          const invalid = hasIssuesAt(issues, `fields.${i}`);
          return (
            <li key={i} className={`${styles.item} ${invalid ? styles.itemInvalid : ''}`}>
              <div className={styles.itemMain}>
                <span className={styles.itemTitle}>{name}</span>
                <span className={styles.itemMeta}>
                  <code>{f.key || '–'}</code> · {t(`editor.kinds.${f.kind}`)}
                  {f.options ? ` · ${t('editor.fields.optionCount', { count: f.options.length })}` : ''}
                  {f.section ? ` · ${t('editor.fields.inSection', { section: f.section })}` : ''}
                </span>
                <span className={styles.badges}>
                  {f.required ? <Badge tone="info">{t('editor.fields.required')}</Badge> : null}
                  {!savedKeys.has(f.key) ? <Badge tone="warning">{t('editor.new')}</Badge> : null}
                  {invalid ? <Badge tone="danger">{t('editor.needsAttention')}</Badge> : null}
                </span>
              </div>
              <div className={styles.itemActions}>
                <Button size="sm" data-focus={`field-edit-${i}`} onClick={() => setEditing({ index: i, field: f })} aria-label={t('editor.editNamed', { name })}>
                  {t('editor.edit')}
                </Button>
                <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`field-up-${i}`} disabled={i === 0} onClick={() => moveField(i, -1)} aria-label={t('editor.moveUpNamed', { name })}>
                  <span aria-hidden="true">↑</span>
                </Button>
                <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`field-down-${i}`} disabled={i === fields.length - 1} onClick={() => moveField(i, 1)} aria-label={t('editor.moveDownNamed', { name })}>
                  <span aria-hidden="true">↓</span>
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setRemoving(i)} aria-label={t('editor.removeNamed', { name })}>
                  {t('editor.remove')}
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      {editing ? (
        <FieldDialog
          field={editing.field}
          keyLocked={editing.field !== null && savedKeys.has(editing.field.key)}
          otherKeys={new Set(fields.filter((_, i) => i !== editing.index).map((f) => f.key))}
          serverIssues={editing.field ? issuesUnder(issues, `fields.${editing.index}`) : {}}
          say={say}
          onApply={(field) => apply(editing.index, field)}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        open={removingField !== undefined}
        title={t('editor.fields.removeTitle', { name: removingField ? localized(removingField.label, locale) : '' })}
        confirmLabel={t('editor.remove')}
        onConfirm={() => {
          if (removing === null || !removingField) return;
          update((d) => ({ ...d, fields: d.fields.filter((_, i) => i !== removing), workflow: dropFieldFromGuards(d.workflow, removingField.key) }));
          setRemoving(null);
        }}
        onClose={() => setRemoving(null)}
      >
        <p>{t('editor.fields.removeConfirm')}</p>
        {removingField && guardsUsing(removingField.key).length > 0 ? (
          <p>{t('editor.fields.removeGuards', { transitions: guardsUsing(removingField.key).map((tr) => localized(tr.label, locale)).join(', ') })}</p>
        ) : null}
        <p className={styles.hint}>{t('editor.unsavedUntilSave')}</p>
      </ConfirmDialog>
    </div>
  );
}
