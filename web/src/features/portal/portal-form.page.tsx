import { portalPaths, type PortalForm, type PortalReportCreated, type PortalReportInput } from '@vigil/shared';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError, validationIssues } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { browserTimeZone, createFormatter } from '../../lib/format';
import { Button, EmptyState, Field, Input, Notice, PageSpinner, Textarea } from '../../ui';
import { CustomField } from '../report/custom-field';
import { fieldId, focusFirstError } from '../report/field-id';
import { fromLocalInput } from '../report/local-time';
import { customValue, fieldOfIssue, issueTranslation, localized, type CustomRaw } from '../report/report-values';
import { getPortalForm, sendPortalReport } from './portal.api';
import { PortalFrame } from './portal-frame';
import { useProof } from './use-proof';
import styles from './portal.module.css';

const idPrefix = 'portal';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Codes after which a fresh challenge is solved and the report sent again, once. */
const proofCodes = ['proof_required', 'proof_invalid', 'proof_expired', 'proof_reused'] as const;

/** The public report form of a link (/report/:slug): no account, contact details, spam checks in the background. */
export function PortalFormPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation(['portal', 'report']);
  const errorText = useErrorText();
  const form = useQuery({ queryKey: ['portal', 'form', slug], queryFn: ({ signal }) => getPortalForm(slug, signal), staleTime: 5 * 60_000, retry: (n, err) => n < 2 && !isApiError(err, 'not_found', 'validation_failed', 'rate_limited') });
  const [created, setCreated] = useState<PortalReportCreated | null>(null);

  if (form.isPending) return <PageSpinner />;
  if (form.isError) {
    const gone = isApiError(form.error, 'not_found', 'validation_failed');
    return (
      <PortalFrame title={t('form.unavailableTitle')}>
        <h1 className={styles.title}>{gone ? t('form.unavailableTitle') : t('form.errorTitle')}</h1>
        <EmptyState title={gone ? t('form.unavailableText') : errorText(form.error)} action={gone ? undefined : <Button onClick={() => void form.refetch()}>{t('common:action.reload')}</Button>} />
      </PortalFrame>
    );
  }
  if (created) return <PortalSent created={created} onAnother={() => setCreated(null)} />;
  return <GuestForm key={slug} slug={slug} form={form.data} onCreated={setCreated} />;
}

type Values = { title: string; description: string; occurredAt: string; location: string; name: string; email: string; phone: string; website: string; custom: Record<string, CustomRaw> };
const empty: Values = { title: '', description: '', occurredAt: '', location: '', name: '', email: '', phone: '', website: '', custom: {} };

function GuestForm({ slug, form, onCreated }: { slug: string; form: PortalForm; onCreated: (c: PortalReportCreated) => void }) {
  const { t, i18n } = useTranslation(['portal', 'report']);
  const lang = i18n.language;
  const errorText = useErrorText();
  const [timeZone] = useState(browserTimeZone);
  const zoneAbbr = useMemo(() => createFormatter({ locale: lang === 'de' ? 'de' : 'en', timeZone }).zoneName(), [lang, timeZone]);
  const { proof, renew, slow, unsupported } = useProof(slug);
  const [values, setValues] = useState<Values>(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waitingForProof, setWaitingForProof] = useState(false);
  const [focusTick, setFocusTick] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (focusTick > 0) focusFirstError(formRef.current);
  }, [focusTick]);

  const required = new Set<string>([...form.required, 'contact.name', 'contact.email', ...form.customFields.filter((f) => f.required).map((f) => `custom.${f.key}`)]);
  const known = ['title', 'description', 'occurredAt', 'location', 'contact.name', 'contact.email', 'contact.phone', ...form.customFields.map((f) => `custom.${f.key}`)];
  const set = (key: keyof Omit<Values, 'custom'>, path: string) => (value: string) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest);
  };
  const setCustom = (key: string) => (value: CustomRaw | undefined) => {
    setValues((v) => {
      const custom = { ...v.custom };
      if (value === undefined) delete custom[key];
      else custom[key] = value;
      return { ...v, custom };
    });
    const path = `custom.${key}`;
    if (errors[path]) setErrors(({ [path]: _gone, ...rest }) => rest);
  };
  const issueText = (text: string) => {
    const hit = issueTranslation(text);
    return hit ? t(`report:${hit.key}`, hit.values) : text;
  };
  const show = (next: Record<string, string>, text: string | null) => {
    setErrors(next);
    setMessage(text);
    setFocusTick((n) => n + 1);
  };

  const body = (): Omit<PortalReportInput, 'proof'> => {
    const custom: Record<string, unknown> = {};
    for (const f of form.customFields) {
      const v = customValue(f, values.custom[f.key], timeZone);
      if (v !== undefined) custom[f.key] = v;
    }
    const occurred = values.occurredAt ? (fromLocalInput(values.occurredAt, timeZone) ?? values.occurredAt) : undefined;
    return {
      title: values.title.trim(),
      description: values.description,
      ...(occurred ? { occurredAt: occurred } : {}),
      ...(values.location.trim() ? { location: values.location.trim() } : {}),
      custom,
      contact: { name: values.name.trim(), email: values.email.trim(), ...(values.phone.trim() ? { phone: values.phone.trim() } : {}) },
      ...(values.website ? { website: values.website } : {}),
    };
  };

  const missing = () => {
    const out: Record<string, string> = {};
    const text: Record<string, string> = { title: values.title, description: values.description, occurredAt: values.occurredAt, location: values.location, 'contact.name': values.name, 'contact.email': values.email };
    for (const path of required) {
      if (path.startsWith('custom.')) {
        const f = form.customFields.find((x) => `custom.${x.key}` === path);
        if (f && f.kind !== 'boolean' && customValue(f, values.custom[f.key], timeZone) === undefined) out[path] = t('report:issues.required');
      } else if (!(text[path] ?? '').trim()) out[path] = t('report:issues.required');
    }
    return out;
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    const gaps = missing();
    if (Object.keys(gaps).length > 0) {
      show(gaps, t('report:form.fixFields', { count: Object.keys(gaps).length }));
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    const slowNote = setTimeout(() => setWaitingForProof(true), 1500);
    try {
      let renewed = false;
      for (let round = 0; round < 4; round++) {
        const solved = await proof();
        setWaitingForProof(false);
        // A person takes a few seconds; the server refuses faster reports, so wait out the rest.
        const earliest = solved.receivedAt + form.proof.minFillSeconds * 1000 + 250;
        if (Date.now() < earliest) await sleep(earliest - Date.now());
        try {
          onCreated(await sendPortalReport(slug, { ...body(), proof: { challenge: solved.challenge.challenge, counter: solved.counter } }));
          return;
        } catch (err) {
          if (isApiError(err, 'submitted_too_fast')) {
            const notBefore = Date.parse(String((err.details as { notBefore?: string } | undefined)?.notBefore ?? ''));
            const wait = Number.isNaN(notBefore) ? form.proof.minFillSeconds * 1000 : notBefore - Date.now();
            await sleep(Math.min(Math.max(wait, 500), form.proof.minFillSeconds * 1000 + 1000));
            continue;
          }
          if (isApiError(err, ...proofCodes) && !renewed) {
            renewed = true;
            renew();
            continue;
          }
          throw err;
        }
      }
      throw new Error('the report could not be sent');
    } catch (err) {
      const issues = validationIssues(err);
      if (issues.length > 0) {
        const next: Record<string, string> = {};
        const others: string[] = [];
        for (const issue of issues) {
          const path = fieldOfIssue(issue.path, known);
          if (path) next[path] ??= issueText(issue.message);
          else others.push(issueText(issue.message));
        }
        show(next, [t('report:form.serverRefused', { count: issues.length }), ...others].join(' '));
      } else if (isApiError(err, 'rate_limited')) {
        const seconds = Number((err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 3600);
        show({}, t('form.throttled', { minutes: Math.max(1, Math.ceil(seconds / 60)) }));
      } else if (isApiError(err, 'not_found')) show({}, t('form.unavailableText'));
      else if (isApiError(err, 'spam_suspected')) show({}, t('form.spam'));
      else show({}, errorText(err));
    } finally {
      clearTimeout(slowNote);
      setWaitingForProof(false);
      setBusy(false);
    }
  };

  const typeName = localized(form.type.name, lang);
  const description = localized(form.type.description, lang);
  const zoneHint = t('report:hints.zone', { zone: timeZone, abbr: zoneAbbr });
  const id = (path: string) => fieldId(idPrefix, path);

  return (
    <PortalFrame title={t('form.title', { type: typeName })}>
      <h1 className={styles.title}>{t('form.title', { type: typeName })}</h1>
      {description ? <p className={styles.intro}>{description}</p> : null}
      <p className={styles.intro}>{t('form.intro')}</p>
      {unsupported ? <Notice tone="error">{t('form.unsupported')}</Notice> : null}
      <form ref={formRef} className={styles.form} noValidate onSubmit={onSubmit} aria-busy={busy || undefined}>
        {message ? <Notice tone="error">{message}</Notice> : null}
        <section className={styles.block} aria-labelledby="portal-what">
          <h2 id="portal-what" className={styles.blockTitle}>
            {t('form.what')}
          </h2>
          <Field id={id('title')} label={t('report:fields.title')} hint={t('report:hints.title')} error={errors.title} required>
            <Input type="text" name="title" value={values.title} maxLength={200} autoComplete="off" onChange={(e) => set('title', 'title')(e.target.value)} />
          </Field>
          <Field id={id('description')} label={t('report:fields.description')} hint={t('report:hints.description')} error={errors.description} required={required.has('description')}>
            <Textarea name="description" rows={4} value={values.description} onChange={(e) => set('description', 'description')(e.target.value)} />
          </Field>
          <Field id={id('occurredAt')} label={t('report:fields.occurredAt')} hint={zoneHint} error={errors.occurredAt} required={required.has('occurredAt')}>
            <Input type="datetime-local" name="occurredAt" value={values.occurredAt} onChange={(e) => set('occurredAt', 'occurredAt')(e.target.value)} />
          </Field>
          <Field id={id('location')} label={t('form.location')} hint={t('form.locationHint')} error={errors.location} required={required.has('location')}>
            <Input type="text" name="location" value={values.location} maxLength={200} onChange={(e) => set('location', 'location')(e.target.value)} />
          </Field>
          {form.customFields.map((f) => (
            <CustomField key={f.key} field={f} value={values.custom[f.key]} onChange={setCustom(f.key)} error={errors[`custom.${f.key}`]} idPrefix={idPrefix} zoneHint={zoneHint} />
          ))}
        </section>

        <section className={styles.block} aria-labelledby="portal-contact">
          <h2 id="portal-contact" className={styles.blockTitle}>
            {t('form.contactTitle')}
          </h2>
          <p className={styles.hint}>{t('form.contactIntro')}</p>
          <Field id={id('contact.name')} label={t('form.name')} error={errors['contact.name']} required>
            <Input type="text" name="name" autoComplete="name" value={values.name} onChange={(e) => set('name', 'contact.name')(e.target.value)} />
          </Field>
          <Field id={id('contact.email')} label={t('form.email')} error={errors['contact.email']} required>
            <Input type="email" name="email" inputMode="email" autoComplete="email" value={values.email} onChange={(e) => set('email', 'contact.email')(e.target.value)} />
          </Field>
          <Field id={id('contact.phone')} label={t('form.phone')} error={errors['contact.phone']}>
            <Input type="tel" name="phone" autoComplete="tel" value={values.phone} onChange={(e) => set('phone', 'contact.phone')(e.target.value)} />
          </Field>
        </section>

        {/* The honeypot: people never see or reach it; form-filling robots fill it in, and the server refuses them. */}
        <div className={styles.trap} aria-hidden="true">
          <label htmlFor="portal-website">{t('form.trap')}</label>
          <input id="portal-website" type="text" name="website" tabIndex={-1} autoComplete="off" value={values.website} onChange={(e) => set('website', 'website')(e.target.value)} />
        </div>

        <div className={styles.actions}>
          <Button type="submit" variant="primary" loading={busy} disabled={unsupported} className={styles.submit}>
            {t('form.submit')}
          </Button>
          {waitingForProof || (busy && slow) ? (
            <p className={styles.hint} role="status">
              {t('form.checking')}
            </p>
          ) : slow ? (
            <p className={styles.hint}>{t('form.preparing')}</p>
          ) : null}
          <p className={styles.privacy}>{t('form.privacy')}</p>
        </div>
      </form>
    </PortalFrame>
  );
}

/** After a guest's report: its number and the status link, the only key to following it. */
function PortalSent({ created, onAnother }: { created: PortalReportCreated; onAnother: () => void }) {
  const { t } = useTranslation('portal');
  const statusPath = portalPaths.status(created.statusToken);
  const statusUrl = `${window.location.origin}${statusPath}`;
  const [copied, setCopied] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(statusUrl);
      setCopied(true);
    } catch {
      const field = document.getElementById('portal-status-url') as HTMLInputElement | null;
      field?.select();
    }
  };
  return (
    <PortalFrame title={t('sent.title')}>
      <div className={styles.sent}>
        <h1 ref={heading} tabIndex={-1} className={styles.title}>
          {t('sent.title')}
        </h1>
        <p>{t('sent.text')}</p>
        <p className={styles.referenceLabel}>{t('sent.reference')}</p>
        <p className={styles.reference} data-testid="portal-number">
          {created.number}
        </p>
        <div className={styles.statusBox}>
          <label htmlFor="portal-status-url" className={styles.statusLabel}>
            {t('sent.statusLink')}
          </label>
          <input id="portal-status-url" className={styles.statusUrl} readOnly value={statusUrl} onFocus={(e) => e.currentTarget.select()} aria-describedby="portal-status-hint" />
          <p id="portal-status-hint" className={styles.hint}>
            {t('sent.statusHint')}
          </p>
          <div className={styles.sentActions}>
            <Button onClick={() => void copy()}>{copied ? t('sent.copied') : t('sent.copy')}</Button>
            <Link to={statusPath} className={styles.primaryLink}>
              {t('sent.open')}
            </Link>
          </div>
        </div>
        <Button variant="ghost" onClick={onAnother}>
          {t('sent.another')}
        </Button>
      </div>
    </PortalFrame>
  );
}
