import { useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Checkbox, Dialog, Field, Notice, Select, Textarea, useToast } from '../../ui';
import { errorsByField } from './field-errors';
import { useIncidentCtx } from './incident-context';
import { sendCommunication } from './incident.api';
import { incidentKeys, useStakeholderLists, useTimeline } from './use-incident-data';
import { useInitialFocus } from './use-initial-focus';
import styles from './incident.module.css';

/**
 * "Send public update": an email to the reporter and to stakeholder lists, with a text written here or
 * one of the incident's public comments. Each message sent is recorded on the timeline.
 */
export function CommunicationDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('incident');
  const { incident } = useIncidentCtx();
  const lists = useStakeholderLists(true);
  const timeline = useTimeline(incident.id);
  const queryClient = useQueryClient();
  const toast = useToast();
  const errorText = useErrorText();
  const [source, setSource] = useState('');
  const [body, setBody] = useState('');
  const [reporter, setReporter] = useState(Boolean(incident.reporter || incident.reporterContact?.email));
  const [listIds, setListIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const focusRef = useInitialFocus<HTMLFormElement>();

  const publicComments = useMemo(
    () =>
      (timeline.data ?? [])
        .filter((e) => e.type === 'comment.added' && e.visibility === 'public')
        .reverse()
        .map((e) => ({ id: String(e.data.commentId ?? ''), body: String(e.data.body ?? ''), by: e.actor?.name ?? '' })),
    [timeline.data],
  );
  const chosen = publicComments.find((c) => c.id === source);
  const ownTeamFirst = [...(lists.data?.items ?? [])].sort((a, b) => Number(b.team.id === incident.team?.id) - Number(a.team.id === incident.team?.id) || a.name.localeCompare(b.name));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!chosen && !body.trim()) local.body = t('errors.required');
    if (!reporter && listIds.length === 0) local.audience = t('communication.noAudience');
    if (Object.keys(local).length > 0) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setFailure(null);
    setErrors({});
    try {
      const sent = await sendCommunication(incident.id, { ...(chosen ? { commentId: chosen.id } : { body: body.trim() }), audience: { reporter, stakeholderListIds: listIds } });
      await queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incident.id) });
      toast.success(t('communication.sent', { count: sent.recipients.length }));
      onClose();
    } catch (err) {
      const byField = errorsByField(err, t);
      if (isApiError(err, 'unprocessable') && JSON.stringify(err.details ?? '').includes('audience.reporter')) byField.audience = t('communication.reporterNoEmail');
      const mapped: Record<string, string> = {};
      for (const [k, v] of Object.entries(byField)) mapped[k.startsWith('audience') ? 'audience' : k === 'commentId' ? 'body' : k] = v;
      setErrors(mapped);
      if (Object.keys(mapped).length === 0 || mapped._) setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('communication.title')}
      footer={
        <>
          <Button onClick={onClose} disabled={busy}>
            {t('action.cancel')}
          </Button>
          <Button type="submit" form={formId} variant="primary" loading={busy}>
            {t('communication.send')}
          </Button>
        </>
      }
    >
      <form ref={focusRef} id={formId} onSubmit={submit} noValidate>
        <p>{t('communication.intro')}</p>
        {failure ? <Notice tone="error">{errorText(failure)}</Notice> : null}
        {publicComments.length > 0 ? (
          <Field label={t('communication.source')}>
            <Select
              name="source"
              value={source}
              onChange={(e) => setSource(e.target.value)}
              options={[{ value: '', label: t('communication.writeNew') }, ...publicComments.map((c) => ({ value: c.id, label: `${c.by}: ${c.body.slice(0, 80)}${c.body.length > 80 ? '…' : ''}` }))]}
            />
          </Field>
        ) : null}
        {chosen ? (
          <blockquote className={styles.eventQuote}>{chosen.body}</blockquote>
        ) : (
          <Field label={t('communication.body')} hint={t('communication.bodyHint')} error={errors.body} required>
            <Textarea name="body" rows={6} value={body} autoFocus onChange={(e) => setBody(e.target.value)} />
          </Field>
        )}
        <fieldset className={styles.fieldset} aria-describedby={errors.audience ? `${formId}-aud` : undefined}>
          <legend className={styles.legend}>{t('communication.audience')}</legend>
          <Checkbox label={t('communication.reporter')} checked={reporter} onChange={(e) => setReporter(e.target.checked)} />
          {ownTeamFirst.map((l) => (
            <Checkbox
              key={l.id}
              label={t('communication.list', { name: l.name, team: l.team.name, count: l.emails.length })}
              checked={listIds.includes(l.id)}
              onChange={(e) => setListIds((ids) => (e.target.checked ? [...ids, l.id] : ids.filter((x) => x !== l.id)))}
            />
          ))}
          {lists.data && lists.data.items.length === 0 ? <p className={styles.hint}>{t('communication.noLists')}</p> : null}
          {errors.audience ? (
            <p id={`${formId}-aud`} className={styles.fieldError}>
              {errors.audience}
            </p>
          ) : null}
        </fieldset>
      </form>
    </Dialog>
  );
}
