import { levels, severities, type IncidentType, type Level, type Severity } from '@vigil/shared';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { validationIssues } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, Field, Input, Notice, PageSpinner, Select, Textarea } from '../../ui';
import { AttachmentsPicker } from './attachments-picker';
import { ChipGroup, CustomField } from './custom-field';
import { deleteDraft, loadDraft, newReportKey, saveDraft, type Draft, type DraftFile } from './drafts';
import { fieldId, focusFirstError } from './field-id';
import type { PeopleAccess } from './pickers';
import { categoryOptions, fieldOfIssue, formPlan, initialValues, issueTranslation, localized, missingRequired, toIncidentBody, type CustomRaw, type ListKey, type ReportValues, type TimeKey } from './report-values';
import { getOutbox, scheduleRetry } from './use-outbox';
import { useOnline } from './use-online';
import styles from './report.module.css';

const idPrefix = 'report';
const saveDelayMs = 400;

/** The report form of one type, with its draft from this device (or a new one). */
export function ReportForm({ type, onSent }: { type: IncidentType; onSent: (reportId: string) => void }) {
  const { user } = useSession();
  const [draft, setDraft] = useState<Draft | null>(null);
  useEffect(() => {
    let live = true;
    void loadDraft(user.id, type.key)
      .catch(() => undefined)
      .then((found) => {
        if (!live) return;
        setDraft(found ?? { userId: user.id, typeKey: type.key, key: newReportKey(), values: initialValues(type, user.timeZone), files: [], updatedAt: '' });
      });
    return () => {
      live = false;
    };
  }, [type, user.id, user.timeZone]);
  if (!draft) return <PageSpinner />;
  return (
    <ReportFormBody
      key={draft.key}
      type={type}
      draft={draft}
      onSent={onSent}
      onDiscard={() => setDraft({ userId: user.id, typeKey: type.key, key: newReportKey(), values: initialValues(type, user.timeZone), files: [], updatedAt: '' })}
    />
  );
}

type Errors = Record<string, string>;

function ReportFormBody({ type, draft, onSent, onDiscard }: { type: IncidentType; draft: Draft; onSent: (reportId: string) => void; onDiscard: () => void }) {
  const { t, i18n } = useTranslation('report');
  const lang = i18n.language;
  const { user, role, format } = useSession();
  const errorText = useErrorText();
  const online = useOnline();
  const timeZone = user.timeZone;
  const plan = useMemo(() => formPlan(type), [type]);
  const [values, setValues] = useState<ReportValues>(draft.values);
  const [files, setFiles] = useState<DraftFile[]>(draft.files);
  const [savedAt, setSavedAt] = useState(draft.updatedAt);
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<{ text: string; details: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [moreOpen, setMoreOpen] = useState(() => plan.optionalCustom.some((f) => draft.values.custom[f.key] !== undefined && draft.values.custom[f.key] !== ''));
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  // Saved on the device shortly after each change; nothing is saved once the report was handed to the outbox.
  const storedFileIds = useRef(draft.files.map((f) => f.id));
  const done = useRef(false);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const touched = useRef(false);
  const save = useCallback(async (v: ReportValues, f: DraftFile[]) => {
    if (done.current) return;
    const updatedAt = new Date().toISOString();
    try {
      await saveDraft({ userId: user.id, typeKey: type.key, key: draft.key, values: v, files: f, updatedAt }, storedFileIds.current);
      storedFileIds.current = f.map((x) => x.id);
      if (!done.current) setSavedAt(updatedAt);
    } catch {
      // The form keeps working; only the copy on the device is missing.
    }
  }, [draft.key, type.key, user.id]);
  useEffect(() => {
    if (!touched.current) return;
    clearTimeout(pending.current);
    pending.current = setTimeout(() => void save(values, files), saveDelayMs);
    return () => clearTimeout(pending.current);
  }, [values, files, save]);

  const change = (next: (v: ReportValues) => ReportValues, path?: string) => {
    touched.current = true;
    setValues(next);
    if (path && errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest);
  };
  const setText = (key: 'title' | 'description' | 'category') => (value: string) => change((v) => ({ ...v, [key]: value }), key);
  const setTime = (key: TimeKey) => (value: string) => change((v) => ({ ...v, times: { ...v.times, [key]: value } }), key);
  const setList = (key: ListKey) => (value: string) => change((v) => ({ ...v, lists: { ...v.lists, [key]: value } }), key);
  const setCustom = (key: string) => (value: CustomRaw | undefined) =>
    change((v) => {
      const custom = { ...v.custom };
      if (value === undefined) delete custom[key];
      else custom[key] = value;
      return { ...v, custom };
    }, `custom.${key}`);

  useEffect(() => {
    if (focusTick > 0) focusFirstError(formRef.current);
  }, [focusTick]);

  const issueText = (message: string) => {
    const known = issueTranslation(message);
    return known ? t(known.key, known.values) : message;
  };
  const knownPaths = useMemo(
    () => ['title', 'description', 'category', 'severity', 'impact', 'urgency', ...plan.times, ...plan.lists, ...type.fields.map((f) => `custom.${f.key}`)],
    [plan, type.fields],
  );
  const showErrors = (next: Errors, general: { text: string; details: string[] } | null) => {
    setErrors(next);
    setFormError(general);
    if (plan.optionalCustom.some((f) => next[`custom.${f.key}`])) setMoreOpen(true);
    setFocusTick((n) => n + 1);
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const missing = missingRequired(plan, values);
    if (missing.length > 0) {
      showErrors(Object.fromEntries(missing.map((p) => [p, t('issues.required')])), { text: t('form.fixFields', { count: missing.length }), details: [] });
      return;
    }
    setBusy(true);
    setErrors({});
    setFormError(null);
    clearTimeout(pending.current);
    await save(values, files);
    try {
      const { item, outcome } = await getOutbox().submit({
        id: draft.key,
        userId: user.id,
        typeKey: type.key,
        typeName: type.name,
        title: values.title.trim(),
        values,
        body: toIncidentBody(type, values, timeZone),
        files: files.map((f) => ({ id: f.id, name: f.name, type: f.type, size: f.size, blob: f.blob, state: 'pending' as const })),
      });
      done.current = true;
      clearTimeout(pending.current);
      await deleteDraft(user.id, type.key).catch(() => undefined);
      if (outcome === 'waiting') scheduleRetry();
      onSent(item.id);
    } catch (err) {
      setBusy(false);
      const issues = validationIssues(err);
      if (issues.length === 0) {
        showErrors({}, { text: errorText(err), details: [] });
        return;
      }
      const next: Errors = {};
      const elsewhere: string[] = [];
      for (const issue of issues) {
        const path = fieldOfIssue(issue.path, knownPaths);
        if (path) next[path] ??= issueText(issue.message);
        else elsewhere.push(`${issue.path}: ${issueText(issue.message)}`);
      }
      showErrors(next, { text: t('form.serverRefused', { count: issues.length }), details: elsewhere });
    }
  };

  const discard = async () => {
    done.current = true;
    clearTimeout(pending.current);
    await deleteDraft(user.id, type.key).catch(() => undefined);
    setConfirmDiscard(false);
    onDiscard();
  };

  const zoneHint = t('hints.zone', { zone: timeZone, abbr: format.zoneName() });
  const people: PeopleAccess = { canList: role !== 'reporter', self: { id: user.id, name: user.name } };
  const categories = useMemo(() => categoryOptions(type.categories, lang), [type.categories, lang]);
  const err = (path: string) => errors[path];
  const id = (path: string) => fieldId(idPrefix, path);
  const customField = (f: IncidentType['fields'][number]) => (
    <CustomField key={f.key} field={f} value={values.custom[f.key]} onChange={setCustom(f.key)} error={err(`custom.${f.key}`)} idPrefix={idPrefix} zoneHint={zoneHint} people={people} />
  );
  const filledOptional = plan.optionalCustom.filter((f) => values.custom[f.key] !== undefined && values.custom[f.key] !== '').length;

  return (
    <form ref={formRef} className={styles.form} noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
      {!online ? (
        <Notice tone="warning" title={t('offline.title')}>
          {t('offline.formText')}
        </Notice>
      ) : null}
      {type.restricted ? <Notice tone="info">{t('form.restricted')}</Notice> : null}
      {formError ? (
        <Notice tone="error" title={formError.text}>
          {formError.details.length > 0 ? (
            <ul className={styles.issueList}>
              {formError.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}

      <section className={styles.block} aria-labelledby="report-what">
        <h2 id="report-what" className={styles.blockTitle}>
          {t('form.what')}
        </h2>
        <Field id={id('title')} label={t('fields.title')} hint={t('hints.title')} error={err('title')} required>
          <Input type="text" name="title" value={values.title} maxLength={200} autoComplete="off" enterKeyHint="next" onChange={(e) => setText('title')(e.target.value)} />
        </Field>
        <Field id={id('description')} label={t('fields.description')} hint={t('hints.description')} error={err('description')} required={plan.required.has('description')}>
          <Textarea name="description" rows={4} value={values.description} onChange={(e) => setText('description')(e.target.value)} />
        </Field>
        {categories.length > 0 ? (
          <Field id={id('category')} label={t('fields.category')} error={err('category')} required={plan.required.has('category')}>
            <Select name="category" value={values.category} placeholder={t('choose')} options={categories} onChange={(e) => setText('category')(e.target.value)} />
          </Field>
        ) : null}
        <div className={styles.row}>
          {plan.times.map((key) => (
            <Field key={key} id={id(key)} label={t(`fields.${key}`)} hint={zoneHint} error={err(key)} required={plan.required.has(key)}>
              <Input type="datetime-local" name={key} value={values.times[key] ?? ''} onChange={(e) => setTime(key)(e.target.value)} />
            </Field>
          ))}
        </div>
        {plan.lists.map((key) => (
          <Field key={key} id={id(key)} label={t(`fields.${key}`)} hint={t('hints.list')} error={err(key)} required>
            <Input type="text" name={key} value={values.lists[key] ?? ''} onChange={(e) => setList(key)(e.target.value)} />
          </Field>
        ))}
        {plan.requiredCustom.map(customField)}
      </section>

      <section className={styles.block} aria-labelledby="report-how-bad">
        <h2 id="report-how-bad" className={styles.blockTitle}>
          {t('form.howBad')}
        </h2>
        <ChipGroup
          id={id('severity')}
          legend={t('severity.legend')}
          type="radio"
          name="severity"
          variant="cards"
          error={err('severity')}
          options={severities.map((s) => ({ value: s, label: t(`severity.${s}.label`), description: t(`severity.${s}.description`) }))}
          selected={[values.severity]}
          onChange={(next) => change((v) => ({ ...v, severity: (next[0] ?? 'medium') as Severity }), 'severity')}
        />
        <ChipGroup
          id={id('impact')}
          legend={t('impact.legend')}
          type="radio"
          name="impact"
          variant="cards"
          error={err('impact')}
          options={levels.map((l) => ({ value: l, label: t(`impact.${l}.label`), description: t(`impact.${l}.description`) }))}
          selected={[values.impact]}
          onChange={(next) => change((v) => ({ ...v, impact: (next[0] ?? 'medium') as Level }), 'impact')}
        />
        <ChipGroup
          id={id('urgency')}
          legend={t('urgency.legend')}
          type="radio"
          name="urgency"
          variant="cards"
          error={err('urgency')}
          options={levels.map((l) => ({ value: l, label: t(`urgency.${l}.label`), description: t(`urgency.${l}.description`) }))}
          selected={[values.urgency]}
          onChange={(next) => change((v) => ({ ...v, urgency: (next[0] ?? 'medium') as Level }), 'urgency')}
        />
      </section>

      <section className={styles.block} aria-labelledby="report-files">
        <h2 id="report-files" className={styles.blockTitle}>
          {t('files.title')}
        </h2>
        <AttachmentsPicker
          files={files}
          format={(n) => format.number(n)}
          onChange={(next) => {
            touched.current = true;
            setFiles(next);
          }}
        />
      </section>

      {plan.optionalCustom.length > 0 ? (
        <details className={styles.more} open={moreOpen} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
          <summary className={styles.moreSummary}>
            {t('form.more', { type: localized(type.name, lang) })}
            <span className={styles.moreCount}>{filledOptional > 0 ? t('form.moreFilled', { count: filledOptional, total: plan.optionalCustom.length }) : t('form.moreCount', { count: plan.optionalCustom.length })}</span>
          </summary>
          <div className={styles.moreBody}>{plan.optionalCustom.map(customField)}</div>
        </details>
      ) : null}

      <div className={styles.actions}>
        <Button type="submit" variant="primary" loading={busy} className={styles.submit}>
          {online ? t('form.submit') : t('form.submitOffline')}
        </Button>
        <p className={styles.draftStatus}>
          {savedAt ? t('draft.savedAt', { time: format.time(savedAt) }) : t('draft.autosave')}
          {savedAt ? (
            <>
              {' · '}
              <button type="button" className={styles.linkButton} onClick={() => setConfirmDiscard(true)}>
                {t('draft.discard')}
              </button>
            </>
          ) : null}
        </p>
      </div>

      <Dialog
        open={confirmDiscard}
        onClose={() => setConfirmDiscard(false)}
        title={t('draft.discardTitle')}
        size="sm"
        footer={
          <>
            <Button onClick={() => setConfirmDiscard(false)}>{t('common:action.cancel')}</Button>
            <Button variant="danger" onClick={() => void discard()}>
              {t('draft.discardConfirm')}
            </Button>
          </>
        }
      >
        <p>{t('draft.discardText')}</p>
      </Dialog>
    </form>
  );
}
