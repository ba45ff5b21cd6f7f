import { linkKinds, type IncidentLink, type LinkKind, type StateCategory } from '@vigil/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, Field, Input, Notice, Select, StatusBadge, Textarea, useToast } from '../../ui';
import { errorsByField } from './field-errors';
import { useIncidentCtx } from './incident-context';
import { addLink, getIncident, mergeIncident, removeLink } from './incident.api';
import { incidentKeys, useAbilities, useLinks } from './use-incident-data';
import { useInitialFocus } from './use-initial-focus';
import styles from './incident.module.css';

const categories = new Set<StateCategory>(['new', 'active', 'waiting', 'resolved', 'closed']);
const asCategory = (c: string): StateCategory => (categories.has(c as StateCategory) ? (c as StateCategory) : 'active');

/** Links to other incidents in both directions (duplicate of, related, caused by), added by number; and merging this duplicate into its original. */
export function LinksPanel({ headingId }: { headingId: string }) {
  const { t } = useTranslation('incident');
  const { incident } = useIncidentCtx();
  const { worker } = useAbilities();
  const links = useLinks(incident.id);
  const queryClient = useQueryClient();
  const toast = useToast();
  const errorText = useErrorText();
  const [kind, setKind] = useState<LinkKind>('related');
  const [number, setNumber] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | null>(null);
  const [merging, setMerging] = useState(false);
  const open = !incident.mergedInto;

  const reload = () => Promise.all([queryClient.invalidateQueries({ queryKey: incidentKeys.links(incident.id) }), queryClient.invalidateQueries({ queryKey: incidentKeys.timeline(incident.id) })]);

  const add = async (e: FormEvent) => {
    e.preventDefault();
    const to = number.trim().toUpperCase();
    if (!to) {
      setError(t('errors.required'));
      return;
    }
    setBusy('add');
    setError(undefined);
    try {
      await addLink(incident.id, { to, kind });
      await reload();
      setNumber('');
      toast.success(t('links.added', { number: to }));
    } catch (err) {
      if (isApiError(err, 'unprocessable') && /itself/.test(err.message)) setError(t('links.self'));
      else if (isApiError(err, 'not_found', 'unprocessable')) setError(t('links.notFound', { number: to }));
      else if (isApiError(err, 'already_exists', 'conflict')) setError(t('links.exists'));
      else setError(errorsByField(err, t).to ?? errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const remove = async (link: IncidentLink) => {
    setBusy(link.id);
    try {
      await removeLink(incident.id, link.id);
      await reload();
      toast.success(t('links.removed', { number: link.incident.number }));
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const items = links.data?.items ?? [];
  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.panelTitle}>
        {t('links.title')}
      </h2>
      {links.isError ? <Notice tone="error">{errorText(links.error)}</Notice> : null}
      {links.data && items.length === 0 ? <p className={styles.muted}>{t('links.none')}</p> : null}
      <ul className={styles.plainList}>
        {items.map((l) => (
          <li key={l.id} className={styles.linkRow} data-link={l.kind}>
            <span className={styles.linkKind}>{t(`links.kind.${l.kind}.${l.direction}`)}</span>
            <span className={styles.linkTarget}>
              <Link to={`/incidents/${encodeURIComponent(l.incident.number)}`}>{l.incident.number}</Link> <span className={styles.linkTitle}>{l.incident.title}</span>
            </span>
            <span className={styles.linkMeta}>
              <StatusBadge label={t(`stateCategory.${asCategory(l.incident.stateCategory)}`)} category={asCategory(l.incident.stateCategory)} />
              {worker && open ? (
                <Button size="sm" variant="ghost" loading={busy === l.id} onClick={() => void remove(l)} aria-label={t('links.remove', { number: l.incident.number })}>
                  {t('people.remove')}
                </Button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      {worker && open ? (
        <form className={styles.linkForm} onSubmit={add} noValidate>
          <Field label={t('links.kindLabel')}>
            <Select name="kind" value={kind} onChange={(e) => setKind(e.target.value as LinkKind)} options={linkKinds.map((k) => ({ value: k, label: t(`links.kind.${k}.outgoing`) }))} />
          </Field>
          <Field label={t('links.number')} error={error}>
            <Input name="linkTo" value={number} placeholder="INC-2026-000042" autoCapitalize="characters" onChange={(e) => setNumber(e.target.value)} />
          </Field>
          <Button type="submit" size="sm" loading={busy === 'add'}>
            {t('links.add')}
          </Button>
        </form>
      ) : null}
      {worker && open ? (
        <div className={styles.mergeRow}>
          <Button size="sm" variant="ghost" onClick={() => setMerging(true)}>
            {t('merge.action')}
          </Button>
        </div>
      ) : null}
      {merging ? <MergeDialog onClose={() => setMerging(false)} /> : null}
    </section>
  );
}

/**
 * Merging is final: the dialog first asks for the original's number, then shows which incident that is
 * and what will happen (this one closes, its watchers and reporter follow), and merges only when confirmed.
 */
export function MergeDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('incident');
  const { incident, store } = useIncidentCtx();
  const navigate = useNavigate();
  const toast = useToast();
  const errorText = useErrorText();
  const [number, setNumber] = useState('');
  const [comment, setComment] = useState('');
  const [target, setTarget] = useState<{ id: string; number: string; title: string } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const formId = useId();
  const focusRef = useInitialFocus<HTMLFormElement>();

  const check = async (e: FormEvent) => {
    e.preventDefault();
    const ref = number.trim().toUpperCase();
    if (!ref) {
      setError(t('errors.required'));
      return;
    }
    if (ref === incident.number) {
      setError(t('merge.self'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const found = await getIncident(ref);
      if (found.id === incident.id) setError(t('merge.self'));
      else if (found.mergedInto) setError(t('merge.targetMerged', { number: found.number, into: found.mergedInto.number }));
      else setTarget({ id: found.id, number: found.number, title: found.title });
    } catch (err) {
      setError(isApiError(err, 'not_found') ? t('links.notFound', { number: ref }) : errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const merge = async () => {
    if (!target) return;
    setBusy(true);
    setFailure(null);
    try {
      store(await mergeIncident(incident.id, { into: target.id, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
      toast.success(t('merge.done', { number: incident.number, into: target.number }));
      onClose();
      navigate(`/incidents/${encodeURIComponent(target.number)}`);
    } catch (err) {
      setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('merge.title', { number: incident.number })}
      footer={
        target ? (
          <>
            <Button onClick={() => setTarget(null)} disabled={busy}>
              {t('merge.back')}
            </Button>
            <Button variant="danger" onClick={() => void merge()} loading={busy} data-confirm-merge>
              {t('merge.confirm', { into: target.number })}
            </Button>
          </>
        ) : (
          <>
            <Button onClick={onClose} disabled={busy}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" form={formId} variant="primary" loading={busy}>
              {t('merge.next')}
            </Button>
          </>
        )
      }
    >
      {target ? (
        <div>
          <Notice tone="warning" title={t('merge.confirmTitle')}>
            <p>{t('merge.consequences', { number: incident.number, into: target.number })}</p>
          </Notice>
          <p>
            <strong>{target.number}</strong> {target.title}
          </p>
          {comment.trim() ? <p className={styles.muted}>{t('merge.withComment')}</p> : null}
          {failure ? <Notice tone="error">{errorText(failure)}</Notice> : null}
        </div>
      ) : (
        <form ref={focusRef} id={formId} onSubmit={check} noValidate>
          <p>{t('merge.intro')}</p>
          <Field label={t('merge.into')} error={error} required>
            <Input name="mergeInto" value={number} autoFocus placeholder="INC-2026-000042" onChange={(e) => setNumber(e.target.value)} />
          </Field>
          <Field label={t('merge.comment')}>
            <Textarea name="mergeComment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          </Field>
        </form>
      )}
    </Dialog>
  );
}
