import { useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, Notice } from '../../ui';
import { useErrorText } from '../../lib/error-text';
import { displayValue } from './field-display';
import { errorsByField } from './field-errors';
import { FieldInput } from './field-input';
import { useIncidentCtx } from './incident-context';
import { fromDraft, patchOf, sameValue, toDraft, valueOf, type Draft, type FieldSpec } from './incident-fields';
import styles from './incident.module.css';

/** The value of a field as shown in the details: text, or a link for references; "not set" when empty. */
export function FieldValue({ spec, value }: { spec: FieldSpec; value: unknown }) {
  const { t } = useTranslation('incident');
  const { display, incident } = useIncidentCtx();
  if (spec.key === 'priority') {
    return (
      <>
        {incident.priority} <span className={styles.muted}>{incident.priorityOverridden ? t('value.setByHand') : t('value.fromMatrixShort')}</span>
      </>
    );
  }
  const text = displayValue(spec, value, display);
  if (!text) return <span className={styles.muted}>{t('value.notSet')}</span>;
  if (spec.kind === 'reference') return <Link to={`/incidents/${encodeURIComponent(String(value))}`}>{text}</Link>;
  return <>{text}</>;
}

/**
 * One field of the details: label and value, and for people who may edit it an edit button that turns
 * the value into its control. Enter saves (in one-line controls), Escape cancels; the change is sent
 * with the version the editor started from, so a change someone else made meanwhile is never overwritten unseen.
 */
export function FieldRow({ spec, canEdit, onAwareness, extra, hideLabel = false }: { spec: FieldSpec; canEdit: boolean; onAwareness?: () => void; extra?: ReactNode; hideLabel?: boolean }) {
  const { t } = useTranslation('incident');
  const errorText = useErrorText();
  const { incident, display, save } = useIncidentCtx();
  const value = valueOf(incident, spec.key);
  const [editing, setEditing] = useState<{ draft: Draft; baseVersion: number } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [generalError, setGeneralError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const tz = display.format.timeZone;

  const start = () => {
    if (spec.viaAwareness && onAwareness) {
      onAwareness();
      return;
    }
    setError(undefined);
    setGeneralError(undefined);
    setEditing({ draft: toDraft(spec, value, tz), baseVersion: incident.version });
  };
  const stop = () => {
    setEditing(null);
    setError(undefined);
    setGeneralError(undefined);
    window.setTimeout(() => editButton.current?.focus(), 0);
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!editing) return;
    const parsed = fromDraft(spec, editing.draft, tz);
    if (!parsed.ok) {
      setError(t(`errors.${parsed.error}`));
      return;
    }
    if (parsed.value === null && spec.required) {
      setError(t('errors.required'));
      return;
    }
    if (sameValue(parsed.value, value)) {
      stop();
      return;
    }
    setBusy(true);
    const result = await save(patchOf(spec.key, parsed.value), editing.baseVersion);
    setBusy(false);
    if (result.outcome === 'error') {
      const byField = errorsByField(result.error, t);
      const mine = byField[spec.key] ?? Object.values(byField)[0];
      if (mine) setError(mine);
      else setGeneralError(errorText(result.error));
      return;
    }
    stop();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      stop();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void submit();
    }
  };

  if (editing) {
    return (
      <div className={`${styles.fieldRow} ${styles.fieldRowEditing}`}>
        <dt className="visually-hidden">{spec.label}</dt>
        <dd className={styles.fieldEditor}>
        <form onSubmit={submit} noValidate className={styles.inlineForm}>
          <FieldInput spec={spec} value={editing.draft} onChange={(draft) => setEditing({ ...editing, draft })} error={error} autoFocus onKeyDown={onKeyDown} />
          {generalError ? <Notice tone="error">{generalError}</Notice> : null}
          <div className={styles.inlineActions}>
            <Button type="submit" variant="primary" size="sm" loading={busy}>
              {t('action.save')}
            </Button>
            <Button size="sm" variant="ghost" onClick={stop} disabled={busy}>
              {t('action.cancel')}
            </Button>
          </div>
        </form>
        </dd>
      </div>
    );
  }

  return (
    <div className={`${styles.fieldRow} ${spec.long ? styles.fieldRowLong : ''}`} data-field={spec.key}>
      <dt className={hideLabel ? 'visually-hidden' : styles.fieldLabel}>{spec.label}</dt>
      <dd className={styles.fieldValue}>
        <span className={spec.long ? styles.longText : undefined}>
          <FieldValue spec={spec} value={value} />
        </span>
        {extra}
        {canEdit ? (
          <button ref={editButton} type="button" className={styles.editButton} onClick={start} aria-label={t('editor.edit', { field: spec.label })} title={t('editor.edit', { field: spec.label })}>
            <PencilIcon />
          </button>
        ) : null}
      </dd>
    </div>
  );
}

export function PencilIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d="M11.3 1.7a1.5 1.5 0 0 1 2.1 0l.9.9a1.5 1.5 0 0 1 0 2.1L5.6 13.4 2 14l.6-3.6 8.7-8.7Zm-7.4 9.4-.3 1.3 1.3-.3 7-7-1-1-7 7Z" fill="currentColor" />
    </svg>
  );
}
