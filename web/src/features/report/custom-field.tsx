import type { FieldDefinition } from '@vigil/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input, Select, Textarea } from '../../ui';
import { fieldId } from './field-id';
import { ReferencePicker, UserPicker, type PeopleAccess } from './pickers';
import { localized, type CustomRaw } from './report-values';
import styles from './report.module.css';

export type CustomFieldProps = {
  field: FieldDefinition;
  value: CustomRaw | undefined;
  onChange: (value: CustomRaw | undefined) => void;
  /** Already in the reader's language. */
  error?: string | undefined;
  idPrefix: string;
  /** The zone datetime fields are entered in, shown beside them. */
  zoneHint: string;
  /** What a user field may offer (not needed where no user fields are shown, e.g. the public form). */
  people?: PeopleAccess;
};

/** Enums with this many options or fewer are shown as buttons to tap, more as a list to choose from. */
const maxInlineOptions = 4;

/** One custom field of an incident type, with the input that fits its kind. */
export function CustomField({ field, value, onChange, error, idPrefix, zoneHint, people }: CustomFieldProps) {
  const { t, i18n } = useTranslation('report');
  const lang = i18n.language;
  const id = fieldId(idPrefix, `custom.${field.key}`);
  const label = localized(field.label, lang);
  const help = field.help ? localized(field.help, lang) : undefined;
  const text = typeof value === 'string' ? value : '';

  switch (field.kind) {
    case 'string':
      return (
        <Field id={id} label={label} hint={help} error={error} required={field.required}>
          <Input type="text" name={`custom.${field.key}`} value={text} maxLength={field.maxLength} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'text':
      return (
        <Field id={id} label={label} hint={help} error={error} required={field.required}>
          <Textarea name={`custom.${field.key}`} rows={3} value={text} maxLength={field.maxLength} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'number': {
      const range = field.min !== undefined && field.max !== undefined ? t('hints.range', { min: field.min, max: field.max }) : field.min !== undefined ? t('hints.min', { min: field.min }) : field.max !== undefined ? t('hints.max', { max: field.max }) : undefined;
      return (
        <Field id={id} label={label} hint={joinHints(help, range)} error={error} required={field.required}>
          <Input
            type="number"
            name={`custom.${field.key}`}
            inputMode={field.integer ? 'numeric' : 'decimal'}
            step={field.integer ? 1 : 'any'}
            min={field.min}
            max={field.max}
            value={text}
            onChange={(e) => onChange(e.target.value)}
          />
        </Field>
      );
    }
    case 'date':
      return (
        <Field id={id} label={label} hint={help} error={error} required={field.required}>
          <Input type="date" name={`custom.${field.key}`} value={text} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'datetime':
      return (
        <Field id={id} label={label} hint={joinHints(help, zoneHint)} error={error} required={field.required}>
          <Input type="datetime-local" name={`custom.${field.key}`} value={text} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    case 'boolean':
      return <SwitchField id={id} label={label} help={help} error={error} required={field.required} checked={value === true} onChange={(on) => onChange(on)} />;
    case 'enum': {
      const options = (field.options ?? []).map((o) => ({ value: o.value, label: localized(o.label, lang) }));
      if (options.length <= maxInlineOptions) {
        return (
          <ChipGroup id={id} legend={label} help={help} error={error} required={field.required} type="radio" name={`custom.${field.key}`} options={options} selected={text ? [text] : []} onChange={(next) => onChange(next[0] ?? '')} />
        );
      }
      return (
        <Field id={id} label={label} hint={help} error={error} required={field.required}>
          <Select name={`custom.${field.key}`} value={text} placeholder={t('choose')} options={options} onChange={(e) => onChange(e.target.value)} />
        </Field>
      );
    }
    case 'multi_enum': {
      const options = (field.options ?? []).map((o) => ({ value: o.value, label: localized(o.label, lang) }));
      const selected = Array.isArray(value) ? value : [];
      return <ChipGroup id={id} legend={label} help={joinHints(help, t('hints.several'))} error={error} required={field.required} type="checkbox" name={`custom.${field.key}`} options={options} selected={selected} onChange={onChange} />;
    }
    case 'user':
      return <UserPicker id={id} label={label} help={help} error={error} required={field.required} value={text} onChange={onChange} access={people ?? { canList: false, self: null }} />;
    case 'reference':
      return <ReferencePicker id={id} label={label} help={help} error={error} required={field.required} value={text} onChange={onChange} />;
  }
}

function joinHints(...hints: Array<string | undefined>): string | undefined {
  const shown = hints.filter(Boolean);
  return shown.length > 0 ? shown.join(' · ') : undefined;
}

type GroupProps = { id: string; help?: string | undefined; error?: string | undefined; required?: boolean };

/** Error and hint under a group, and the ids that link them to it. */
function useDescribed({ id, help, error }: GroupProps) {
  const hintId = help ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return { hintId, errorId, describedBy: [errorId, hintId].filter(Boolean).join(' ') || undefined };
}

function RequiredMark({ required }: { required?: boolean | undefined }) {
  const { t } = useTranslation('common');
  if (!required) return null;
  return (
    <span className={styles.requiredMark}>
      <span aria-hidden="true"> *</span>
      <span className="visually-hidden"> ({t('form.required')})</span>
    </span>
  );
}

function GroupNotes({ help, error, hintId, errorId }: { help?: string | undefined; error?: string | undefined; hintId?: string | undefined; errorId?: string | undefined }) {
  return (
    <>
      {help ? (
        <p id={hintId} className={styles.hint}>
          {help}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      ) : null}
    </>
  );
}

/** Options as large buttons to tap: one of them (radio) or several (checkbox), in a fieldset named by its legend. */
export function ChipGroup(
  props: GroupProps & { legend: ReactNode; type: 'radio' | 'checkbox'; name: string; options: ReadonlyArray<{ value: string; label: string; description?: string }>; selected: readonly string[]; onChange: (next: string[]) => void; variant?: 'chips' | 'cards' },
) {
  const { id, legend, type, name, options, selected, onChange, error, help, required, variant = 'chips' } = props;
  const { hintId, errorId, describedBy } = useDescribed(props);
  const toggle = (value: string, on: boolean) => {
    if (type === 'radio') onChange([value]);
    else onChange(on ? [...selected, value] : selected.filter((v) => v !== value));
  };
  return (
    <fieldset className={styles.group} aria-describedby={describedBy} id={`${id}-group`}>
      <legend className={styles.legend}>
        {legend}
        <RequiredMark required={required} />
      </legend>
      <div className={variant === 'cards' ? styles.cards : styles.chips}>
        {options.map((o, i) => {
          const checked = selected.includes(o.value);
          return (
            <label key={o.value} className={`${variant === 'cards' ? styles.card : styles.chip} ${checked ? styles.checked : ''}`}>
              <input
                type={type}
                name={name}
                value={o.value}
                id={i === 0 ? id : undefined}
                checked={checked}
                aria-invalid={error ? true : undefined}
                onChange={(e) => toggle(o.value, e.target.checked)}
              />
              <span className={styles.choiceText}>
                <span className={styles.choiceLabel}>{o.label}</span>
                {o.description ? <span className={styles.choiceDescription}>{o.description}</span> : null}
              </span>
            </label>
          );
        })}
      </div>
      <GroupNotes help={help} error={error} hintId={hintId} errorId={errorId} />
    </fieldset>
  );
}

/** A yes/no field as a switch. */
export function SwitchField(props: GroupProps & { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  const { id, label, checked, onChange, error, help, required } = props;
  const { hintId, errorId, describedBy } = useDescribed(props);
  return (
    <div className={styles.switchField}>
      <label className={styles.switchRow}>
        <input type="checkbox" role="switch" id={id} className={styles.switchInput} checked={checked} aria-describedby={describedBy} aria-invalid={error ? true : undefined} onChange={(e) => onChange(e.target.checked)} />
        <span className={styles.switchTrack} aria-hidden="true" />
        <span className={styles.switchLabel}>
          {label}
          <RequiredMark required={required} />
        </span>
      </label>
      <GroupNotes help={help} error={error} hintId={hintId} errorId={errorId} />
    </div>
  );
}
