import { fieldKinds, type FieldDefinition, type FieldKind, type LocalizedText } from '@vigil/shared';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Dialog, Field, Input, Notice, Select } from '../../../ui';
import type { IssueText } from '../server-errors';
import { keyify } from '../slug';
import { cleanField, move } from './draft';
import { focusSoon, LocalizedInput } from './localized-input';
import { validateField, type Issues } from './validate';
import styles from './type-editor.module.css';

type Option = { id: number; value: string; label: LocalizedText };

type Props = {
  /** The field to edit, or null for a new one. */
  field: FieldDefinition | null;
  /** Saved fields keep their key: incidents hold their values under it. */
  keyLocked: boolean;
  otherKeys: ReadonlySet<string>;
  serverIssues: Issues;
  say: (issue: IssueText | undefined) => string | undefined;
  onApply: (field: FieldDefinition) => void;
  onClose: () => void;
};

const numberOrUndefined = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? undefined : Number(s));

/** One custom field: label, key, kind, required, help, section, and what its kind takes (options, limits). */
export function FieldDialog({ field, keyLocked, otherKeys, serverIssues, say, onApply, onClose }: Props) {
  const { t } = useTranslation('admin');
  const formId = useId();
  const initialOptions = field?.options ?? [];
  // Option ids keep rows (and focus) stable while options are typed in and moved; existing options take 1..n.
  const nextId = useRef(initialOptions.length + 1);
  const [draft, setDraft] = useState<FieldDefinition>(() => field ?? { key: '', label: { en: '' }, kind: 'string', required: false });
  const [options, setOptions] = useState<Option[]>(() => initialOptions.map((o, i) => ({ id: i + 1, value: o.value, label: o.label })));
  const [numbers, setNumbers] = useState({ min: field?.min?.toString() ?? '', max: field?.max?.toString() ?? '', maxLength: field?.maxLength?.toString() ?? '' });
  const [attempted, setAttempted] = useState(false);
  const hasOptions = draft.kind === 'enum' || draft.kind === 'multi_enum';

  const assembled = (): FieldDefinition =>
    cleanField({
      ...draft,
      options: hasOptions ? options.map((o) => ({ value: o.value, label: o.label })) : undefined,
      min: numberOrUndefined(numbers.min),
      max: numberOrUndefined(numbers.max),
      maxLength: numberOrUndefined(numbers.maxLength),
    });
  const clientIssues = validateField(assembled(), otherKeys);
  // Until the first "Apply", show only what the server said; afterwards, the live checks.
  const shown: Issues = attempted ? clientIssues : serverIssues;
  const problems = Object.keys(clientIssues).length;

  const set = <K extends keyof FieldDefinition>(k: K, v: FieldDefinition[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const addOption = () => {
    const id = nextId.current++;
    setOptions((list) => [...list, { id, value: '', label: { en: '' } }]);
    focusSoon(`option-${id}`);
  };
  const setOption = (id: number, change: Partial<Option>) => setOptions((list) => list.map((o) => (o.id === id ? { ...o, ...change } : o)));

  const submit = () => {
    setAttempted(true);
    if (problems === 0) onApply(assembled());
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={field ? t('editor.fields.editTitle') : t('editor.fields.addTitle')}
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
          submit();
        }}
      >
        {attempted && problems > 0 ? <Notice tone="error">{t('editor.fixProblems', { count: problems })}</Notice> : null}
        <LocalizedInput
          label={t('editor.label')}
          value={draft.label}
          onChange={(label) => set('label', label)}
          issues={{ en: shown['label.en'], de: shown['label.de'] }}
          say={say}
          required
          onEnglishBlur={(en) => !keyLocked && !draft.key && set('key', keyify(en))}
        />
        <div className={styles.pair}>
          <Field label={t('editor.key')} error={say(shown.key)} hint={keyLocked ? t('editor.fields.keyLocked') : t('editor.keyHint')} required>
            <Input value={draft.key} maxLength={63} disabled={keyLocked} onChange={(e) => set('key', e.target.value)} spellCheck={false} />
          </Field>
          <Field label={t('editor.fields.kind')} hint={t(`editor.kindHints.${draft.kind}`)}>
            <Select value={draft.kind} onChange={(e) => set('kind', e.target.value as FieldKind)} options={fieldKinds.map((k) => ({ value: k, label: t(`editor.kinds.${k}`) }))} />
          </Field>
        </div>
        {field && field.kind !== draft.kind && keyLocked ? <Notice tone="warning">{t('editor.fields.kindChangeWarning')}</Notice> : null}
        <Checkbox label={t('editor.fields.requiredLabel')} checked={draft.required} onChange={(e) => set('required', e.target.checked)} />
        <LocalizedInput label={t('editor.fields.help')} value={draft.help} onChange={(help) => set('help', help)} issues={{ en: shown['help.en'], de: shown['help.de'] }} say={say} hint={t('editor.fields.helpHint')} />
        <Field label={t('editor.fields.section')} error={say(shown.section)} hint={t('editor.fields.sectionHint')}>
          <Input value={draft.section ?? ''} maxLength={100} onChange={(e) => set('section', e.target.value)} />
        </Field>

        {draft.kind === 'number' ? (
          <div className={styles.triple}>
            <Field label={t('editor.fields.min')} error={say(shown.min)}>
              <Input type="number" inputMode="decimal" value={numbers.min} onChange={(e) => setNumbers((n) => ({ ...n, min: e.target.value }))} />
            </Field>
            <Field label={t('editor.fields.max')} error={say(shown.max)}>
              <Input type="number" inputMode="decimal" value={numbers.max} onChange={(e) => setNumbers((n) => ({ ...n, max: e.target.value }))} />
            </Field>
            <Checkbox className={styles.alignEnd} label={t('editor.fields.integer')} checked={draft.integer ?? false} onChange={(e) => set('integer', e.target.checked)} />
          </div>
        ) : null}
        {draft.kind === 'string' || draft.kind === 'text' ? (
          <Field label={t('editor.fields.maxLength')} error={say(shown.maxLength)} hint={t('editor.fields.maxLengthHint')}>
            <Input type="number" inputMode="numeric" min={1} max={10000} value={numbers.maxLength} onChange={(e) => setNumbers((n) => ({ ...n, maxLength: e.target.value }))} />
          </Field>
        ) : null}

        {hasOptions ? (
          <fieldset className={styles.fieldset}>
            <legend>{t('editor.options.title')}</legend>
            <p className={styles.hint}>{t('editor.options.hint')}</p>
            {shown.options ? (
              <p className={styles.errorText} role="alert">
                {say(shown.options)}
              </p>
            ) : null}
            <ol className={styles.optionList}>
              {options.map((o, i) => {
                const name = o.label.en || o.value || t('editor.options.numbered', { n: i + 1 });
                return (
                  <li key={o.id} className={styles.optionRow}>
                    <LocalizedInput
                      compact
                      label={t('editor.options.label', { n: i + 1 })}
                      value={o.label}
                      onChange={(label) => setOption(o.id, { label })}
                      issues={{ en: shown[`options.${i}.label.en`], de: shown[`options.${i}.label.de`] }}
                      say={say}
                      required
                      focusId={`option-${o.id}`}
                      onEnglishBlur={(en) => !o.value && setOption(o.id, { value: keyify(en) })}
                    />
                    <Field label={t('editor.options.value', { n: i + 1 })} error={say(shown[`options.${i}.value`])} required>
                      <Input value={o.value} maxLength={100} spellCheck={false} onChange={(e) => setOption(o.id, { value: e.target.value })} />
                    </Field>
                    <div className={styles.optionActions}>
                      <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`option-up-${o.id}`} disabled={i === 0} onClick={() => { setOptions((l) => move(l, i, -1)); focusSoon(`option-up-${o.id}`); }} aria-label={t('editor.moveUpNamed', { name })}>
                        <span aria-hidden="true">↑</span>
                      </Button>
                      <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`option-down-${o.id}`} disabled={i === options.length - 1} onClick={() => { setOptions((l) => move(l, i, 1)); focusSoon(`option-down-${o.id}`); }} aria-label={t('editor.moveDownNamed', { name })}>
                        <span aria-hidden="true">↓</span>
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setOptions((l) => l.filter((x) => x.id !== o.id))} aria-label={t('editor.removeNamed', { name })}>
                        {t('editor.remove')}
                      </Button>
                    </div>
                  </li>
                );
              })}
            </ol>
            <Button onClick={addOption}>{t('editor.options.add')}</Button>
          </fieldset>
        ) : null}
      </form>
    </Dialog>
  );
}
