import type { Escalation } from '@vigil/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Field, Input, Notice, Select, useToast } from '../../ui';
import { useIncidentCtx } from './incident-context';
import { startEscalation } from './incident.api';
import { incidentKeys, useAbilities, useEscalationPolicies, useEscalations } from './use-incident-data';
import styles from './incident.module.css';

const stateTone = { running: 'warning', acknowledged: 'success', resolved: 'success', exhausted: 'danger', cancelled: 'neutral' } as const;

/** Escalations of the incident (running first: level, next step, who was paged) and starting one of the policies by hand. */
export function EscalationsPanel({ headingId }: { headingId: string }) {
  const { t } = useTranslation('incident');
  const { incident, refresh } = useIncidentCtx();
  const { worker } = useAbilities();
  const escalations = useEscalations(incident.id, true);
  const policies = useEscalationPolicies(worker);
  const queryClient = useQueryClient();
  const toast = useToast();
  const errorText = useErrorText();
  const [policyId, setPolicyId] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const items = [...(escalations.data?.items ?? [])].sort((a, b) => Number(b.state === 'running') - Number(a.state === 'running'));
  const running = new Set(items.filter((e) => e.state === 'running').map((e) => e.policy.id));
  const open = !incident.mergedInto && incident.state.category !== 'closed';

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!policyId) {
      setError(t('errors.required'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await startEscalation(incident.id, { policyId, ...(reason.trim() ? { reason: reason.trim() } : {}) });
      await queryClient.invalidateQueries({ queryKey: incidentKeys.escalations(incident.id) });
      await refresh();
      setPolicyId('');
      setReason('');
      toast.success(t('escalation.started'));
    } catch (err) {
      setError(isApiError(err, 'already_exists') ? t('escalation.alreadyRunning') : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.panelTitle}>
        {t('escalation.title')}
      </h2>
      {escalations.isError ? <Notice tone="error">{errorText(escalations.error)}</Notice> : null}
      {escalations.data && items.length === 0 ? <p className={styles.muted}>{t('escalation.none')}</p> : null}
      <ul className={styles.plainList}>
        {items.map((esc) => (
          <EscalationItem key={esc.id} esc={esc} />
        ))}
      </ul>
      {worker && open ? (
        <form className={styles.escalationForm} onSubmit={start} noValidate>
          <Field label={t('escalation.policy')} error={error}>
            <Select
              name="policy"
              value={policyId}
              onChange={(e) => setPolicyId(e.target.value)}
              placeholder={policies.isPending ? t('escalation.loadingPolicies') : t('escalation.choosePolicy')}
              options={(policies.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.team.name})`, disabled: running.has(p.id) }))}
            />
          </Field>
          <Field label={t('escalation.reason')}>
            <Input name="reason" value={reason} maxLength={500} placeholder={t('escalation.reasonPlaceholder')} onChange={(e) => setReason(e.target.value)} />
          </Field>
          <Button type="submit" size="sm" loading={busy}>
            {t('escalation.start')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}

function EscalationItem({ esc }: { esc: Escalation }) {
  const { t } = useTranslation('incident');
  const { display } = useIncidentCtx();
  const f = display.format;
  const level = esc.nextLevel;
  return (
    <li className={styles.escalation} data-escalation={esc.state}>
      <div className={styles.clockHead}>
        <span className={styles.clockName}>{esc.policy.name}</span>
        <Badge tone={stateTone[esc.state]}>{t(`escalation.state.${esc.state}`)}</Badge>
      </div>
      {esc.state === 'running' && level !== null ? (
        <p className={styles.clockLine}>
          {t('escalation.nextLevel', { level, levels: esc.levels.length })}
          {esc.nextStepAt ? ` · ${t('escalation.nextAt', { at: f.dateTime(esc.nextStepAt) })}` : ''}
          {esc.repeatCount > 0 ? ` · ${t('escalation.pass', { pass: esc.repeat + 1, passes: esc.repeatCount + 1 })}` : ''}
        </p>
      ) : null}
      <p className={styles.clockLine}>
        {t('escalation.startedAt', { at: f.dateTime(esc.startedAt), by: esc.startedBy?.name ?? t('timeline.system') })}
        {esc.stoppedAt ? ` · ${t('escalation.stoppedAt', { at: f.dateTime(esc.stoppedAt) })}` : ''}
      </p>
      {esc.reason ? <p className={styles.eventNote}>{t('timeline.reason', { text: esc.reason })}</p> : null}
      {esc.pages.length > 0 ? (
        <ul className={styles.pages}>
          {esc.pages.map((p) => (
            <li key={`${p.level}-${p.repeat}-${p.user.id}`}>{t('escalation.paged', { level: p.level, name: p.user.name, at: f.time(p.pagedAt) })}</li>
          ))}
        </ul>
      ) : null}
    </li>
  );
}
