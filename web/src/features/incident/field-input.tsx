import { useId, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Checkbox, Field, Input, Select, Textarea } from '../../ui';
import { useIncidentCtx } from './incident-context';
import type { Draft, FieldSpec } from './incident-fields';
import styles from './incident.module.css';

export type FieldInputProps = {
  spec: FieldSpec;
  value: Draft;
  onChange: (value: Draft) => void;
  error?: string | undefined;
  /** Marks the field required in the form even when the field itself could be empty (a transition's guard asks for it). */
  required?: boolean;
  autoFocus?: boolean;
  /** Enter in a one-line control (Escape anywhere): the inline editor saves and cancels with these. */
  onKeyDown?: (e: KeyboardEvent<HTMLElement>) => void;
  id?: string;
};

const workerRoles = new Set(['admin', 'manager', 'agent']);

/** The control for one field of any kind, labelled, with its hint and error. */
export function FieldInput({ spec, value, onChange, error, required, autoFocus, onKeyDown, id }: FieldInputProps) {
  const { t } = useTranslation('incident');
  const { directory, display } = useIncidentCtx();
  const legendId = useId();
  const text = typeof value === 'string' ? value : '';
  const isRequired = required ?? spec.required;
  const common = { autoFocus, onKeyDown, name: spec.key };

  if (spec.kind === 'multi_enum') {
    const list = Array.isArray(value) ? value : [];
    return (
      <fieldset className={styles.fieldset} aria-describedby={error ? `${legendId}-error` : undefined} onKeyDown={onKeyDown}>
        <legend id={legendId} className={styles.legend}>
          {spec.label}
          {isRequired ? <span className={styles.requiredMark}> *</span> : null}
        </legend>
        {spec.help ? <p className={styles.hint}>{spec.help}</p> : null}
        <div className={styles.checkGrid}>
          {(spec.options ?? []).map((o, i) => (
            <Checkbox
              key={o.value}
              label={o.label}
              checked={list.includes(o.value)}
              autoFocus={autoFocus && i === 0}
              onChange={(e) => onChange(e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value))}
            />
          ))}
        </div>
        {error ? (
          <p id={`${legendId}-error`} className={styles.fieldError}>
            {error}
          </p>
        ) : null}
      </fieldset>
    );
  }

  const hint = spec.kind === 'datetime' ? t('editor.zoneHint', { zone: display.format.zoneName() }) : spec.kind === 'list' ? t('editor.listHint') : spec.help;
  let control;
  switch (spec.kind) {
    case 'text':
      control = <Textarea {...common} value={text} rows={5} maxLength={spec.maxLength} onChange={(e) => onChange(e.target.value)} />;
      break;
    case 'list':
      control = <Textarea {...common} value={text} rows={3} onChange={(e) => onChange(e.target.value)} />;
      break;
    case 'number':
      control = (
        <Input {...common} type="number" inputMode="decimal" value={text} min={spec.min} max={spec.max} step={spec.integer ? 1 : 'any'} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case 'boolean':
      control = (
        <Select
          {...common}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          options={[
            { value: '', label: t('value.notSet') },
            { value: 'true', label: t('value.yes') },
            { value: 'false', label: t('value.no') },
          ]}
        />
      );
      break;
    case 'date':
      control = <Input {...common} type="date" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case 'datetime':
      control = <Input {...common} type="datetime-local" value={text} onChange={(e) => onChange(e.target.value)} />;
      break;
    case 'enum':
      control = (
        <Select
          {...common}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          options={[...(isRequired && text !== '' ? [] : [{ value: '', label: spec.key === 'priority' ? t('value.fromMatrix') : t('value.notSet') }]), ...(spec.options ?? [])]}
        />
      );
      break;
    case 'user': {
      const people = directory.users.filter((u) => spec.key !== 'assigneeId' || workerRoles.has(u.role));
      const known = text === '' || people.some((u) => u.id === text);
      control = (
        <Select
          {...common}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          options={[
            { value: '', label: spec.key === 'assigneeId' ? t('value.unassigned') : t('value.notSet') },
            ...(known ? [] : [{ value: text, label: directory.userName(text) ?? t('value.unknownUser') }]),
            ...people.map((u) => ({ value: u.id, label: u.name })),
          ]}
        />
      );
      break;
    }
    case 'team': {
      const known = text === '' || directory.teams.some((tm) => tm.id === text);
      control = (
        <Select
          {...common}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          options={[
            { value: '', label: t('value.noTeam') },
            ...(known ? [] : [{ value: text, label: directory.teamName(text) ?? t('value.unknownTeam') }]),
            ...directory.teams.map((tm) => ({ value: tm.id, label: tm.name })),
          ]}
        />
      );
      break;
    }
    case 'reference':
      control = <Input {...common} value={text} placeholder={t('editor.referencePlaceholder')} maxLength={100} onChange={(e) => onChange(e.target.value)} />;
      break;
    default:
      control = <Input {...common} value={text} maxLength={spec.maxLength} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <Field label={spec.label} error={error} hint={hint} required={isRequired} {...(id ? { id } : {})}>
      {control}
    </Field>
  );
}
