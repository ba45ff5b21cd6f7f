import type { LocalizedText } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { Field, Input, Textarea } from '../../../ui';
import type { IssueText } from '../server-errors';
import styles from './type-editor.module.css';

type Props = {
  /** What the text is ("Label"); the inputs are called "Label (English)" and "Label (German)". */
  label: string;
  value: Partial<LocalizedText> | undefined;
  onChange: (value: LocalizedText) => void;
  /** Issues of `en` and `de`. */
  issues?: { en?: IssueText | undefined; de?: IssueText | undefined };
  say: (issue: IssueText | undefined) => string | undefined;
  required?: boolean;
  multiline?: boolean;
  hint?: string;
  /** Called when the English text loses focus (to suggest a key from it). */
  onEnglishBlur?: (en: string) => void;
  /** Puts `data-focus` on the English input, to focus it after an item moved or was added. */
  focusId?: string;
  compact?: boolean;
};

/** A text in English (required unless optional) and German (optional: falls back to English). */
export function LocalizedInput({ label, value, onChange, issues, say, required = false, multiline = false, hint, onEnglishBlur, focusId, compact = false }: Props) {
  const { t } = useTranslation('admin');
  const en = value?.en ?? '';
  const de = value?.de ?? '';
  const Control = multiline ? Textarea : Input;
  return (
    <div className={compact ? styles.pairCompact : styles.pair}>
      <Field label={t('editor.inEnglish', { label })} error={say(issues?.en)} required={required} hint={hint}>
        <Control lang="en" value={en} maxLength={500} rows={multiline ? 3 : undefined} data-focus={focusId} onChange={(e) => onChange({ en: e.target.value, de })} onBlur={(e) => onEnglishBlur?.(e.target.value)} />
      </Field>
      <Field label={t('editor.inGerman', { label })} error={say(issues?.de)} hint={hint ? t('editor.germanHint') : undefined}>
        <Control lang="de" value={de} maxLength={500} rows={multiline ? 3 : undefined} onChange={(e) => onChange({ en, de: e.target.value })} />
      </Field>
    </div>
  );
}

/** Focuses the element with `data-focus="<id>"` after the next render (after moving or adding an item). */
export function focusSoon(id: string) {
  window.requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(id)}"]`)?.focus());
}
