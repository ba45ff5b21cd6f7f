import type { TransitionOption } from '@vigil/shared';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, Field, Notice, Textarea, useToast } from '../../ui';
import { errorsByField } from './field-errors';
import { FieldInput } from './field-input';
import { useIncidentCtx } from './incident-context';
import { fieldKeyOf, fromDraft, localized, mergePatches, patchOf, toDraft, valueOf, type Draft, type FieldSpec } from './incident-fields';
import { acknowledgeIncident, transitionIncident } from './incident.api';
import { useAbilities } from './use-incident-data';
import { VisibilityToggle } from './visibility-toggle';
import { useInitialFocus } from './use-initial-focus';
import styles from './incident.module.css';

type Plan = { option: TransitionOption; fields: FieldSpec[]; blockedText: string | null };

/** What a transition needs from this person: fields to fill in the dialog, or a reason it cannot be taken at all. */
function usePlans(): Plan[] {
  const { t } = useTranslation('incident');
  const { incident, type, spec } = useIncidentCtx();
  const { worker } = useAbilities();
  return incident.transitions.map((option) => {
    const declared = type.workflow.transitions.find((tr) => tr.key === option.key);
    const fieldReqs = option.blockedBy.filter((b) => b.requirement !== 'role' && b.requirement !== 'comment');
    const fields = fieldReqs.map((b) => spec(fieldKeyOf(b.requirement))).filter((s): s is FieldSpec => s !== undefined);
    let blockedText: string | null = null;
    if (incident.mergedInto) blockedText = t('transition.merged');
    else if (option.blockedBy.some((b) => b.requirement === 'role')) {
      const roles = (declared?.requires?.roles ?? []).map((r) => t(`common:roles.${r}`)).join(t('list.or'));
      blockedText = t('transition.needsRole', { roles });
    } else if (fieldReqs.length > 0 && (!worker || fields.length < fieldReqs.length)) {
      blockedText = t('transition.needsFields', { fields: fieldReqs.map((b) => spec(fieldKeyOf(b.requirement))?.label ?? b.requirement).join(', ') });
    }
    return { option, fields, blockedText };
  });
}

/**
 * The workflow's next steps as buttons. A step that cannot be taken is shown but inert, with the
 * reason beside it; one that needs fields or a comment opens a dialog asking for exactly those.
 */
export function TransitionButtons({ layout = 'row', onStarted }: { layout?: 'row' | 'column'; onStarted?: () => void }) {
  const { t, i18n } = useTranslation('incident');
  const { incident, store, refresh } = useIncidentCtx();
  const toast = useToast();
  const errorText = useErrorText();
  const plans = usePlans();
  const [dialog, setDialog] = useState<{ plan: Plan; errors: Record<string, string> } | null>(null);
  const [running, setRunning] = useState<string | null>(null);
  const hintBase = useId();
  const locale = i18n.language === 'de' ? 'de' : 'en';

  if (plans.length === 0) return null;

  const run = async (plan: Plan) => {
    onStarted?.();
    if (plan.blockedText) return;
    if (plan.fields.length > 0 || plan.option.requiresComment) {
      setDialog({ plan, errors: {} });
      return;
    }
    setRunning(plan.option.key);
    try {
      store(await transitionIncident(incident.id, incident.version, { to: plan.option.to }));
      toast.success(t('transition.done', { state: localized(plan.option.label, locale) }));
    } catch (err) {
      if (isApiError(err, 'guard_failed', 'validation_failed')) setDialog({ plan, errors: errorsByField(err, t) });
      else {
        if (isApiError(err, 'version_conflict', 'invalid_transition')) await refresh();
        toast.error(errorText(err));
      }
    } finally {
      setRunning(null);
    }
  };

  return (
    <>
      <div className={layout === 'row' ? styles.transitionRow : styles.transitionColumn} role="group" aria-label={t('transition.group')}>
        {plans.map((plan, i) => (
          <div key={plan.option.key} className={styles.transitionItem}>
            <Button
              variant={plan.option.toCategory === 'resolved' ? 'primary' : 'secondary'}
              size={layout === 'row' ? 'sm' : 'md'}
              className={plan.blockedText ? styles.inert : undefined}
              aria-disabled={plan.blockedText ? true : undefined}
              aria-describedby={plan.blockedText ? `${hintBase}-${i}` : undefined}
              loading={running === plan.option.key}
              onClick={() => void run(plan)}
              data-transition={plan.option.key}
            >
              {localized(plan.option.label, locale)}
            </Button>
            {plan.blockedText && layout === 'column' ? (
              <p id={`${hintBase}-${i}`} className={styles.blockedHint}>
                {plan.blockedText}
              </p>
            ) : null}
          </div>
        ))}
      </div>
      {layout === 'row' && plans.some((p) => p.blockedText) ? (
        <ul className={styles.blockedList}>
          {plans.map((plan, i) =>
            plan.blockedText ? (
              <li key={plan.option.key} id={`${hintBase}-${i}`}>
                <strong>{localized(plan.option.label, locale)}:</strong> {plan.blockedText}
              </li>
            ) : null,
          )}
        </ul>
      ) : null}
      {dialog ? <TransitionDialog key={dialog.plan.option.key} plan={dialog.plan} initialErrors={dialog.errors} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

function TransitionDialog({ plan, initialErrors, onClose }: { plan: Plan; initialErrors: Record<string, string>; onClose: () => void }) {
  const { t, i18n } = useTranslation('incident');
  const { incident, display, store, refresh, stateLabel } = useIncidentCtx();
  const { worker } = useAbilities();
  const toast = useToast();
  const errorText = useErrorText();
  const locale = i18n.language === 'de' ? 'de' : 'en';
  const tz = display.format.timeZone;
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(plan.fields.map((f) => [f.key, toDraft(f, valueOf(incident, f.key), tz)])));
  const [comment, setComment] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'public'>(worker ? 'internal' : 'public');
  const [errors, setErrors] = useState<Record<string, string>>(initialErrors);
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const focusRef = useInitialFocus<HTMLFormElement>();
  const label = localized(plan.option.label, locale);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    const patches: Array<Record<string, unknown>> = [];
    for (const f of plan.fields) {
      const parsed = fromDraft(f, drafts[f.key] ?? '', tz);
      if (!parsed.ok) local[f.key] = t(`errors.${parsed.error}`);
      else patches.push(patchOf(f.key, parsed.value));
    }
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const fields = mergePatches(patches);
      const body = {
        to: plan.option.to,
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
        ...(comment.trim() ? { comment: comment.trim(), commentVisibility: visibility } : {}),
      };
      store(await transitionIncident(incident.id, incident.version, body));
      toast.success(t('transition.done', { state: label }));
      onClose();
    } catch (err) {
      const byField = errorsByField(err, t);
      setErrors(byField);
      if (Object.keys(byField).length === 0 || byField._) setFailure(err);
      if (isApiError(err, 'version_conflict')) await refresh();
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('transition.dialogTitle', { transition: label })}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('action.cancel')}
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={busy}>
            {label}
          </Button>
        </>
      }
    >
      <form ref={focusRef} id={formId} onSubmit={submit} noValidate>
        <p>{t('transition.moves', { from: stateLabel(incident.state.key), to: stateLabel(plan.option.to) })}</p>
        {plan.fields.length > 0 ? <p className={styles.muted}>{t('transition.asks')}</p> : null}
        {errors._ ? <Notice tone="error">{errors._}</Notice> : failure && !isApiError(failure, 'guard_failed', 'validation_failed') ? <Notice tone="error">{errorText(failure)}</Notice> : null}
        {plan.fields.map((f, i) => (
          <FieldInput key={f.key} spec={f} value={drafts[f.key] ?? ''} onChange={(v) => setDrafts((d) => ({ ...d, [f.key]: v }))} error={errors[f.key]} required autoFocus={i === 0} />
        ))}
        <Field label={plan.option.requiresComment ? t('transition.comment') : t('transition.commentOptional')} required={plan.option.requiresComment} error={errors.comment}>
          <Textarea name="comment" rows={3} value={comment} autoFocus={plan.fields.length === 0} onChange={(e) => setComment(e.target.value)} />
        </Field>
        {worker ? <VisibilityToggle value={visibility} onChange={setVisibility} /> : null}
      </form>
    </Dialog>
  );
}

/** "I have it": shown until someone acknowledged; stops pending escalation steps. */
export function AcknowledgeButton({ size = 'sm', onDone }: { size?: 'sm' | 'md'; onDone?: () => void }) {
  const { t } = useTranslation('incident');
  const { incident, store } = useIncidentCtx();
  const { worker } = useAbilities();
  const toast = useToast();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  if (!worker || incident.acknowledgedAt || incident.mergedInto || incident.state.category === 'closed') return null;
  return (
    <Button
      variant="primary"
      size={size}
      loading={busy}
      onClick={async () => {
        setBusy(true);
        try {
          store(await acknowledgeIncident(incident.id));
          toast.success(t('acknowledge.done'));
          onDone?.();
        } catch (err) {
          toast.error(errorText(err));
        } finally {
          setBusy(false);
        }
      }}
    >
      {t('acknowledge.action')}
    </Button>
  );
}
