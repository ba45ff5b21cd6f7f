import { createContext, useContext, useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './field.module.css';

type FieldControl = { id: string; describedBy: string | undefined; invalid: boolean; required: boolean };

const FieldContext = createContext<FieldControl | null>(null);

export type FieldProps = {
  label: ReactNode;
  /** Shown under the control, linked by aria-describedby, and marks it aria-invalid. */
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
  /** Use a given id for the control (otherwise generated). */
  id?: string;
  className?: string;
  children: ReactNode;
};

/** A labelled form control with hint and error; the Input, Textarea or Select inside picks up id and ARIA wiring. */
export function Field({ label, error, hint, required = false, id, className, children }: FieldProps) {
  const generated = useId();
  const { t } = useTranslation('common');
  const controlId = id ?? `f${generated}`;
  const hintId = hint ? `${controlId}-hint` : undefined;
  const errorId = error ? `${controlId}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={[styles.field, className].filter(Boolean).join(' ')}>
      <label className={styles.label} htmlFor={controlId}>
        {label}
        {required ? (
          <span className={styles.required}>
            <span aria-hidden="true"> *</span>
            <span className="visually-hidden"> ({t('form.required')})</span>
          </span>
        ) : null}
      </label>
      <FieldContext.Provider value={{ id: controlId, describedBy, invalid: Boolean(error), required }}>{children}</FieldContext.Provider>
      {hint ? (
        <p id={hintId} className={styles.hint}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className={styles.error}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

function useControl(props: { id?: string | undefined; 'aria-describedby'?: string | undefined; required?: boolean | undefined }) {
  const field = useContext(FieldContext);
  if (!field) return {};
  return {
    id: props.id ?? field.id,
    'aria-describedby': [field.describedBy, props['aria-describedby']].filter(Boolean).join(' ') || undefined,
    'aria-invalid': field.invalid || undefined,
    required: props.required ?? field.required,
  };
}

/** A text-like input (text, email, password, number, date, datetime-local, search). */
export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} {...useControl(props)} className={[styles.control, className].filter(Boolean).join(' ')} />;
}

export function Textarea({ className, rows = 4, ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea rows={rows} {...props} {...useControl(props)} className={[styles.control, styles.textarea, className].filter(Boolean).join(' ')} />;
}

export type SelectOption = { value: string; label: string; disabled?: boolean };

/** A native select (best on phones and for screen readers); pass `options` or `<option>` children. */
export function Select({ className, options, placeholder, children, ...props }: SelectHTMLAttributes<HTMLSelectElement> & { options?: readonly SelectOption[]; placeholder?: string }) {
  return (
    <select {...props} {...useControl(props)} className={[styles.control, styles.select, className].filter(Boolean).join(' ')}>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {options?.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
      {children}
    </select>
  );
}

/** A checkbox with its label to the right. */
export function Checkbox({ label, className, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  return (
    <label className={[styles.checkbox, className].filter(Boolean).join(' ')}>
      <input type="checkbox" {...props} />
      <span>{label}</span>
    </label>
  );
}
