import { coreFieldKeys, coreFieldLabels, roles, type FieldDefinition, type Locale, type Role, type WorkflowState, type WorkflowTransition } from '@vigil/shared';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Dialog, Field, Input, Notice, Select } from '../../../ui';
import { localized } from '../localized';
import type { IssueText } from '../server-errors';
import { keyify } from '../slug';
import { LocalizedInput } from './localized-input';
import { validateTransition, type Issues } from './validate';
import styles from './type-editor.module.css';

type Props = {
  transition: WorkflowTransition | null;
  states: readonly WorkflowState[];
  fields: readonly FieldDefinition[];
  otherKeys: ReadonlySet<string>;
  serverIssues: Issues;
  say: (issue: IssueText | undefined) => string | undefined;
  locale: Locale;
  onApply: (transition: WorkflowTransition) => void;
  onClose: () => void;
};

const toggle = <T,>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] => order.filter((x) => (x === item ? on : list.includes(x)));

/** One transition: its button label, from which states to which, and its guard (fields, roles, comment). */
export function TransitionDialog({ transition, states, fields, otherKeys, serverIssues, say, locale, onApply, onClose }: Props) {
  const { t } = useTranslation('admin');
  const formId = useId();
  const [draft, setDraft] = useState<WorkflowTransition>(() => transition ?? { key: '', label: { en: '' }, from: [], to: '' });
  const [attempted, setAttempted] = useState(false);
  const stateKeys = states.map((s) => s.key).filter(Boolean);
  const fieldRefs = [...coreFieldKeys, ...fields.map((f) => `custom.${f.key}`)];
  const requires = draft.requires ?? {};
  const clientIssues = validateTransition(draft, { states: new Set(stateKeys), fields: new Set(fields.map((f) => f.key)), otherKeys });
  const shown = attempted ? clientIssues : serverIssues;
  const problems = Object.keys(clientIssues).length;
  const setRequires = (change: Partial<NonNullable<WorkflowTransition['requires']>>) => setDraft((d) => ({ ...d, requires: { ...d.requires, ...change } }));
  const fieldName = (ref: string) => (ref.startsWith('custom.') ? localized(fields.find((f) => `custom.${f.key}` === ref)?.label, locale) || ref : localized(coreFieldLabels[ref as keyof typeof coreFieldLabels], locale));

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={transition ? t('editor.transitions.editTitle') : t('editor.transitions.addTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary">
            {t('editor.apply')}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setAttempted(true);
          if (problems === 0) onApply({ ...draft, key: draft.key.trim() });
        }}
      >
        {attempted && problems > 0 ? <Notice tone="error">{t('editor.fixProblems', { count: problems })}</Notice> : null}
        <LocalizedInput
          label={t('editor.transitions.buttonLabel')}
          value={draft.label}
          onChange={(label) => setDraft((d) => ({ ...d, label }))}
          issues={{ en: shown['label.en'], de: shown['label.de'] }}
          say={say}
          required
          onEnglishBlur={(en) => !transition && !draft.key && setDraft((d) => ({ ...d, key: keyify(en) }))}
        />
        <div className={styles.pair}>
          <Field label={t('editor.key')} error={say(shown.key)} hint={t('editor.keyHint')} required>
            <Input value={draft.key} maxLength={63} spellCheck={false} onChange={(e) => setDraft((d) => ({ ...d, key: e.target.value }))} />
          </Field>
          <Field label={t('editor.transitions.to')} error={say(shown.to)} required>
            <Select value={draft.to} onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))} placeholder={t('editor.transitions.pickState')} options={states.filter((s) => s.key).map((s) => ({ value: s.key, label: localized(s.label, locale) || s.key }))} />
          </Field>
        </div>
        <fieldset className={styles.fieldset} aria-describedby={shown.from ? `${formId}-from-error` : undefined}>
          <legend>
            {t('editor.transitions.from')} <span className={styles.requiredMark}>*</span>
          </legend>
          {shown.from ? (
            <p id={`${formId}-from-error`} className={styles.errorText}>
              {say(shown.from)}
            </p>
          ) : null}
          <div className={styles.checkGrid}>
            {states
              .filter((s) => s.key)
              .map((s) => (
                <Checkbox key={s.key} label={localized(s.label, locale) || s.key} checked={draft.from.includes(s.key)} onChange={(e) => setDraft((d) => ({ ...d, from: toggle(d.from, s.key, e.target.checked, stateKeys) }))} />
              ))}
          </div>
        </fieldset>
        <fieldset className={styles.fieldset}>
          <legend>{t('editor.transitions.guard')}</legend>
          <p className={styles.hint}>{t('editor.transitions.guardHint')}</p>
          <h3 className={styles.subheading}>{t('editor.transitions.requiredFields')}</h3>
          <div className={styles.checkGrid}>
            {fieldRefs.map((ref) => (
              <Checkbox
                key={ref}
                label={fieldName(ref)}
                checked={requires.fields?.includes(ref) ?? false}
                onChange={(e) => setRequires({ fields: toggle(requires.fields ?? [], ref, e.target.checked, fieldRefs) })}
              />
            ))}
          </div>
          <h3 className={styles.subheading}>{t('editor.transitions.roles')}</h3>
          <p className={styles.hint}>{t('editor.transitions.rolesHint')}</p>
          <div className={styles.checkGrid}>
            {roles.map((r) => (
              <Checkbox key={r} label={t(`common:roles.${r}`)} checked={requires.roles?.includes(r) ?? false} onChange={(e) => setRequires({ roles: toggle<Role>(requires.roles ?? [], r, e.target.checked, roles) })} />
            ))}
          </div>
          <Checkbox label={t('editor.transitions.commentRequired')} checked={requires.comment ?? false} onChange={(e) => setRequires({ comment: e.target.checked })} />
        </fieldset>
      </form>
    </Dialog>
  );
}
