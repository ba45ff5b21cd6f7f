import type { Clock, IncidentClock } from '@vigil/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Dialog, Field, Input, Notice, Select, Textarea, useToast } from '../../ui';
import { clockStatus, isLegalKind, sortClocks, type ClockStatus } from './clock-view';
import { errorsByField } from './field-errors';
import { useIncidentCtx, useNow } from './incident-context';
import { setAwareness, submitClock, waiveClock } from './incident.api';
import { incidentKeys, useAbilities, useClocks, useTimeline } from './use-incident-data';
import { fromWallTime, toWallTime } from '../../lib/zoned-time';
import { useInitialFocus } from './use-initial-focus';
import styles from './incident.module.css';

type ClockLike = IncidentClock & Partial<Clock>;

/**
 * The incident's clocks, counting down live: time to the due moment, business time left (as the
 * calendar counts it), paused, met, breached or waived; legal clocks with their deadline, their
 * submissions and a form to record one; the awareness time they count from, with its justification.
 */
export function ClocksPanel({ headingId }: { headingId: string }) {
  const { t } = useTranslation('incident');
  const { incident } = useIncidentCtx();
  const { readsDirectory, worker } = useAbilities();
  const detailed = useClocks(incident.id, readsDirectory);
  const now = useNow(1000);
  const asOf = detailed.data ? Date.parse(detailed.data.asOf) : now;
  const clocks: ClockLike[] = useMemo(() => {
    const byId = new Map((detailed.data?.items ?? []).map((c) => [c.id, c]));
    // Every change of the incident refetches the details too; until they arrive, the incident's own short clocks stand in.
    return sortClocks(incident.clocks.map((c) => ({ ...c, ...byId.get(c.id) })));
  }, [incident.clocks, detailed.data]);
  const hasLegal = clocks.some((c) => isLegalKind(c.kind)) || incident.becameAwareAt !== null;
  const [awarenessOpen, setAwarenessOpen] = useState(false);

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.panelTitle}>
        {t('clock.title')}
      </h2>
      {clocks.length === 0 ? <p className={styles.muted}>{t('clock.none')}</p> : null}
      <ul className={styles.clockList}>
        {clocks.map((c) => (
          <ClockItem key={c.id} clock={c} status={clockStatus(c, now, asOf)} canWork={worker} />
        ))}
      </ul>
      {hasLegal ? <Awareness onEdit={worker && !incident.mergedInto ? () => setAwarenessOpen(true) : undefined} /> : null}
      {awarenessOpen ? <AwarenessDialog onClose={() => setAwarenessOpen(false)} /> : null}
    </section>
  );
}

/** The countdown text of a clock: "in 3 h 20 min", "overdue by 2 d 4 h". */
function useClockTexts(clock: ClockLike, status: ClockStatus) {
  const { t } = useTranslation('incident');
  const { display } = useIncidentCtx();
  const f = display.format;
  const lines: string[] = [];
  let headline = '';
  switch (status.phase) {
    case 'running':
      headline = status.untilDueMs !== null ? t('clock.dueIn', { time: f.duration(status.untilDueMs) }) : t('clock.running');
      if (status.businessLeftMs !== null && clock.calendar && !clock.calendar.alwaysOpen) lines.push(t('clock.businessLeft', { time: f.duration(status.businessLeftMs), calendar: clock.calendar.name }));
      break;
    case 'paused':
      headline = t('clock.paused');
      if (status.businessLeftMs !== null) lines.push(t('clock.pausedLeft', { time: f.duration(status.businessLeftMs) }));
      if (clock.pausedAt) lines.push(t('clock.pausedSince', { at: f.dateTime(clock.pausedAt) }));
      break;
    case 'overdue':
      headline = status.untilDueMs !== null ? t('clock.overdueBy', { time: f.duration(-status.untilDueMs) }) : t('clock.breached');
      break;
    case 'met':
      headline = clock.metAt ? t('clock.metAt', { at: f.dateTime(clock.metAt) }) : t('clock.met');
      break;
    case 'waived':
      headline = t('clock.waived');
      if (clock.waived?.reason) lines.push(t('clock.waivedReason', { reason: clock.waived.reason }));
      break;
  }
  return { headline, lines };
}

const toneBadge = { danger: 'danger', warning: 'warning', success: 'success', neutral: 'neutral', info: 'info' } as const;

function ClockItem({ clock, status, canWork }: { clock: ClockLike; status: ClockStatus; canWork: boolean }) {
  const { t } = useTranslation('incident');
  const { display } = useIncidentCtx();
  const { manager } = useAbilities();
  const { headline, lines } = useClockTexts(clock, status);
  const legal = isLegalKind(clock.kind);
  const [submitting, setSubmitting] = useState(false);
  const [waiving, setWaiving] = useState(false);
  const stateText = t(status.phase === 'running' && status.tone === 'warning' ? 'clock.state.warning' : `clock.state.${status.phase === 'overdue' ? 'breached' : status.phase}`);
  const owed = clock.state === 'running' || clock.state === 'breached' || clock.state === 'paused';
  return (
    <li className={`${styles.clock} ${styles[`clock_${status.tone}`]}`} data-clock={clock.kind} data-tone={status.tone} data-phase={status.phase}>
      <div className={styles.clockHead}>
        <span className={styles.clockName}>{t(`clock.kind.${clock.kind}`)}</span>
        <Badge tone={toneBadge[status.tone]}>{stateText}</Badge>
      </div>
      <p className={styles.clockMain}>
        <span role="timer" aria-live="off">
          {headline}
        </span>
      </p>
      {clock.dueAt ? <p className={styles.clockLine}>{t(legal ? 'clock.deadline' : 'clock.due', { at: display.format.dateTime(clock.dueAt) })}</p> : null}
      {lines.map((l) => (
        <p key={l} className={styles.clockLine}>
          {l}
        </p>
      ))}
      {legal && clock.submissions && clock.submissions.length > 0 ? (
        <ul className={styles.submissions}>
          {clock.submissions.map((s) => (
            <li key={s.recordedAt + s.submittedAt}>
              {s.decision === 'notify'
                ? t(s.late ? 'clock.submittedLate' : 'clock.submitted', { at: display.format.dateTime(s.submittedAt) })
                : t('clock.notRequired', { at: display.format.dateTime(s.submittedAt) })}
              {s.reference ? <span className={styles.muted}> · {t('clock.reference', { reference: s.reference })}</span> : null}
              {s.reason ? <span className={styles.muted}> · {s.reason}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canWork && (legal || (manager && owed)) ? (
        <div className={styles.clockActions}>
          {legal && clock.state !== 'waived' ? (
            <Button size="sm" onClick={() => setSubmitting(true)}>
              {t('clock.recordSubmission')}
            </Button>
          ) : null}
          {manager && owed ? (
            <Button size="sm" variant="ghost" onClick={() => setWaiving(true)}>
              {t('clock.waive')}
            </Button>
          ) : null}
        </div>
      ) : null}
      {submitting ? <SubmissionDialog clock={clock} onClose={() => setSubmitting(false)} /> : null}
      {waiving ? <WaiveDialog clock={clock} onClose={() => setWaiving(false)} /> : null}
    </li>
  );
}

function useClockDone() {
  const queryClient = useQueryClient();
  const { incident, refresh } = useIncidentCtx();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: incidentKeys.clocks(incident.id) });
    await refresh();
  };
}

/** Records a legal submission (sent to the authority or the data subjects), or that none is required, with reasons. */
function SubmissionDialog({ clock, onClose }: { clock: ClockLike; onClose: () => void }) {
  const { t } = useTranslation('incident');
  const { incident, display } = useIncidentCtx();
  const toast = useToast();
  const errorText = useErrorText();
  const done = useClockDone();
  const tz = display.format.timeZone;
  const [decision, setDecision] = useState<'notify' | 'not_required'>('notify');
  const [submittedAt, setSubmittedAt] = useState(() => toWallTime(new Date().toISOString(), tz));
  const [reference, setReference] = useState('');
  const [content, setContent] = useState('');
  const [reason, setReason] = useState('');
  const [delayReason, setDelayReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const focusRef = useInitialFocus<HTMLFormElement>();
  const submittedIso = fromWallTime(submittedAt, tz);
  const late = decision === 'notify' && clock.dueAt !== null && submittedIso !== null && Date.parse(submittedIso) > Date.parse(clock.dueAt);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (decision === 'notify' && !submittedIso) {
      setErrors({ submittedAt: t('errors.datetime') });
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const body =
        decision === 'notify'
          ? { decision, submittedAt: submittedIso!, ...(reference.trim() ? { reference: reference.trim() } : {}), ...(content.trim() ? { content: content.trim() } : {}), ...(delayReason.trim() ? { delayReason: delayReason.trim() } : {}) }
          : { decision, ...(reason.trim() ? { reason: reason.trim() } : {}) };
      await submitClock(incident.id, clock.id, body);
      await done();
      toast.success(t('clock.submissionSaved'));
      onClose();
    } catch (err) {
      const byField = errorsByField(err, t);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('clock.submissionTitle', { clock: t(`clock.kind.${clock.kind}`) })}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('action.cancel')}
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={busy}>
            {t('clock.recordSubmission')}
          </Button>
        </>
      }
    >
      <form ref={focusRef} id={formId} onSubmit={submit} noValidate>
        {clock.dueAt ? <p>{t('clock.deadline', { at: display.format.dateTime(clock.dueAt) })}</p> : null}
        {failure ? <Notice tone="error">{errorText(failure)}</Notice> : null}
        <Field label={t('clock.decision')}>
          <Select
            name="decision"
            value={decision}
            onChange={(e) => setDecision(e.target.value === 'not_required' ? 'not_required' : 'notify')}
            options={[
              { value: 'notify', label: t('clock.decisionNotify') },
              { value: 'not_required', label: t('clock.decisionNotRequired') },
            ]}
          />
        </Field>
        {decision === 'notify' ? (
          <>
            <Field label={t('clock.submittedAt')} hint={t('editor.zoneHint', { zone: display.format.zoneName() })} error={errors.submittedAt} required>
              <Input type="datetime-local" name="submittedAt" value={submittedAt} onChange={(e) => setSubmittedAt(e.target.value)} />
            </Field>
            <Field label={t('clock.referenceLabel')} error={errors.reference}>
              <Input name="reference" value={reference} maxLength={200} onChange={(e) => setReference(e.target.value)} />
            </Field>
            <Field label={t('clock.content')} hint={t('clock.contentHint')} error={errors.content} required>
              <Textarea name="content" rows={4} value={content} onChange={(e) => setContent(e.target.value)} />
            </Field>
            {late || errors.delayReason ? (
              <Field label={t('clock.delayReason')} hint={t('clock.delayHint')} error={errors.delayReason} required={clock.kind === 'gdpr_art33'}>
                <Textarea name="delayReason" rows={3} value={delayReason} onChange={(e) => setDelayReason(e.target.value)} />
              </Field>
            ) : null}
          </>
        ) : (
          <Field label={t('clock.reason')} error={errors.reason} required>
            <Textarea name="reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Field>
        )}
      </form>
    </Dialog>
  );
}

function WaiveDialog({ clock, onClose }: { clock: ClockLike; onClose: () => void }) {
  const { t } = useTranslation('incident');
  const { incident } = useIncidentCtx();
  const toast = useToast();
  const errorText = useErrorText();
  const done = useClockDone();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const focusRef = useInitialFocus<HTMLFormElement>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await waiveClock(incident.id, clock.id, reason.trim());
      await done();
      toast.success(t('clock.waivedDone'));
      onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = error ? errorsByField(error, t).reason : undefined;
  return (
    <Dialog
      open
      size="sm"
      onClose={onClose}
      title={t('clock.waiveTitle', { clock: t(`clock.kind.${clock.kind}`) })}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('action.cancel')}
          </Button>
          <Button type="submit" form={formId} variant="danger" loading={busy}>
            {t('clock.waive')}
          </Button>
        </>
      }
    >
      <form ref={focusRef} id={formId} onSubmit={submit} noValidate>
        <p>{t('clock.waiveIntro')}</p>
        {error && !fieldError ? <Notice tone="error">{errorText(error)}</Notice> : null}
        <Field label={t('clock.reason')} error={fieldError} required>
          <Textarea name="reason" rows={3} value={reason} autoFocus onChange={(e) => setReason(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}

/** The awareness time with the justification given when it was last set (from the timeline). */
function Awareness({ onEdit }: { onEdit: (() => void) | undefined }) {
  const { t } = useTranslation('incident');
  const { incident, display } = useIncidentCtx();
  const timeline = useTimeline(incident.id);
  const last = [...(timeline.data ?? [])].reverse().find((e) => e.type === 'incident.field_changed' && (e.data as { field?: unknown }).field === 'becameAwareAt');
  const justification = last && typeof last.data.justification === 'string' ? last.data.justification : null;
  return (
    <div className={styles.awareness} data-awareness>
      <p className={styles.awarenessLine}>
        <strong>{t('fields.becameAwareAt')}:</strong> {incident.becameAwareAt ? display.format.dateTime(incident.becameAwareAt) : <span className={styles.muted}>{t('value.notSet')}</span>}
      </p>
      {justification ? (
        <p className={styles.clockLine}>
          {t('awareness.justifiedBy', { name: last?.actor?.name ?? t('timeline.system') })} <q className={styles.quoteInline}>{justification}</q>
        </p>
      ) : null}
      {onEdit ? (
        <Button size="sm" onClick={onEdit}>
          {t('awareness.change')}
        </Button>
      ) : null}
    </div>
  );
}

/** Sets the legal awareness time with a justification; the legal clocks restart from it. */
export function AwarenessDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('incident');
  const { incident, display, store } = useIncidentCtx();
  const queryClient = useQueryClient();
  const toast = useToast();
  const errorText = useErrorText();
  const tz = display.format.timeZone;
  const [at, setAt] = useState(() => toWallTime(incident.becameAwareAt ?? new Date().toISOString(), tz));
  const [justification, setJustification] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const focusRef = useInitialFocus<HTMLFormElement>();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = fromWallTime(at, tz);
    const local: Record<string, string> = {};
    if (!iso) local.becameAwareAt = t('errors.datetime');
    else if (incident.becameAwareAt && Date.parse(iso) === Date.parse(incident.becameAwareAt)) local.becameAwareAt = t('awareness.unchanged');
    if (!justification.trim()) local.justification = t('errors.required');
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      store(await setAwareness(incident.id, { becameAwareAt: iso!, justification: justification.trim(), version: incident.version }));
      await queryClient.invalidateQueries({ queryKey: incidentKeys.all(incident.id) });
      toast.success(t('awareness.saved'));
      onClose();
    } catch (err) {
      const byField = errorsByField(err, t);
      setErrors(byField);
      if (Object.keys(byField).length === 0) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('awareness.title')}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('action.cancel')}
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={busy}>
            {t('action.save')}
          </Button>
        </>
      }
    >
      <form ref={focusRef} id={formId} onSubmit={submit} noValidate>
        <p>{t('awareness.intro')}</p>
        {failure ? <Notice tone="error">{errorText(failure)}</Notice> : null}
        <Field label={t('fields.becameAwareAt')} hint={t('editor.zoneHint', { zone: display.format.zoneName() })} error={errors.becameAwareAt} required>
          <Input type="datetime-local" name="becameAwareAt" value={at} autoFocus onChange={(e) => setAt(e.target.value)} />
        </Field>
        <Field label={t('awareness.justification')} hint={t('awareness.justificationHint')} error={errors.justification} required>
          <Textarea name="justification" rows={3} value={justification} onChange={(e) => setJustification(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}
