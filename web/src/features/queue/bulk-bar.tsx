import { bulkLimits, type BulkRequest, type BulkResponse, type IncidentSummary } from '@vigil/shared';
import { useMutation } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { ApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, Field, Input, Notice, Select, Textarea, useToast } from '../../ui';
import { bulkChange } from './queue.api';
import { bulkTargets, targetNeedsComment } from './queue-query';
import { useIncidentTypes, useLabel, useTeams, useUsers } from './queue-data';
import styles from './queue.module.css';

type Props = {
  selectedRows: readonly IncidentSummary[];
  onClear: () => void;
  /** After an action: per-row errors (by id) and the ids that changed. */
  onResult: (errors: Map<string, string>, changed: string[]) => void;
};

/** What the selected rows can be done with: assign (person and/or team) or move to a state; each row's outcome is reported. */
export function BulkBar({ selectedRows, onClear, onResult }: Props) {
  const { t } = useTranslation('queue');
  const { format, role } = useSession();
  const toast = useToast();
  const errorText = useErrorText();
  const [dialog, setDialog] = useState<null | 'assign' | 'transition'>(null);
  const count = selectedRows.length;
  const tooMany = count > bulkLimits.ids;
  const readOnly = role === 'auditor';

  const run = useMutation({
    mutationFn: (body: BulkRequest) => bulkChange(body),
    onSuccess: (res: BulkResponse) => {
      const errors = new Map<string, string>();
      for (const r of res.results) if (!r.ok && r.error) errors.set(r.incident?.id ?? r.id, errorText(new ApiError(422, r.error.code as ApiError['code'], r.error.message, r.error.details)));
      const changed = res.results.filter((r) => r.ok).map((r) => r.incident?.id ?? r.id);
      if (res.failed === 0) toast.success(t('bulk.done', { count: res.succeeded, formatted: format.number(res.succeeded) }));
      else toast.error(t('bulk.partial', { succeeded: format.number(res.succeeded), failed: format.number(res.failed), count: res.failed }));
      onResult(errors, changed);
      setDialog(null);
    },
  });

  if (count === 0) return null;
  return (
    <div className={styles.bulkBar} role="region" aria-label={t('bulk.label')}>
      <span className={styles.bulkCount} aria-live="polite">
        {t('bulk.selected', { count, formatted: format.number(count) })}
      </span>
      {readOnly ? null : (
        <>
          <Button size="sm" variant="primary" disabled={tooMany} onClick={() => (run.reset(), setDialog('assign'))}>
            {t('bulk.assign')}
          </Button>
          <Button size="sm" disabled={tooMany} onClick={() => (run.reset(), setDialog('transition'))}>
            {t('bulk.transition')}
          </Button>
        </>
      )}
      <Button size="sm" variant="ghost" onClick={onClear}>
        {t('bulk.clear')}
      </Button>
      {tooMany ? <span className={styles.bulkWarning}>{t('bulk.tooMany', { max: bulkLimits.ids })}</span> : null}
      {dialog === 'assign' ? (
        <AssignDialog count={count} busy={run.isPending} error={run.isError ? errorText(run.error) : null} onClose={() => setDialog(null)} onSubmit={(change) => run.mutate({ action: 'assign', ids: selectedRows.map((r) => r.id), ...change })} />
      ) : null}
      {dialog === 'transition' ? (
        <TransitionDialog rows={selectedRows} busy={run.isPending} error={run.isError ? errorText(run.error) : null} onClose={() => setDialog(null)} onSubmit={(change) => run.mutate({ action: 'transition', ids: selectedRows.map((r) => r.id), commentVisibility: 'internal', ...change })} />
      ) : null}
    </div>
  );
}

const keep = '';

function AssignDialog({ count, busy, error, onClose, onSubmit }: { count: number; busy: boolean; error: string | null; onClose: () => void; onSubmit: (change: { assigneeId?: string | null; teamId?: string | null }) => void }) {
  const { t } = useTranslation('queue');
  const { user } = useSession();
  const teams = useTeams();
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const { users, total } = useUsers(q);
  const [assignee, setAssignee] = useState(keep);
  const [team, setTeam] = useState(keep);
  const people = useMemo(() => users.filter((u) => u.id !== user.id && u.role !== 'reporter' && u.role !== 'auditor'), [users, user.id]);
  const nothing = assignee === keep && team === keep;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (nothing) return;
    onSubmit({
      ...(assignee === keep ? {} : { assigneeId: assignee === 'none' ? null : assignee === 'me' ? user.id : assignee }),
      ...(team === keep ? {} : { teamId: team === 'none' ? null : team }),
    });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('bulk.assignTitle', { count })}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="queue-bulk-assign" variant="primary" loading={busy} disabled={nothing}>
            {t('bulk.assignSubmit', { count })}
          </Button>
        </>
      }
    >
      <form id="queue-bulk-assign" onSubmit={submit} noValidate>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {total > people.length || search ? (
          <Field label={t('bulk.findPerson')}>
            <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
          </Field>
        ) : null}
        <Field label={t('bulk.assignee')}>
          <Select name="assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
            <option value={keep}>{t('bulk.keep')}</option>
            <option value="me">{t('bulk.toMe', { name: user.name })}</option>
            <option value="none">{t('bulk.unassign')}</option>
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('bulk.team')}>
          <Select name="team" value={team} onChange={(e) => setTeam(e.target.value)}>
            <option value={keep}>{t('bulk.keep')}</option>
            <option value="none">{t('bulk.noTeam')}</option>
            {teams.map((tm) => (
              <option key={tm.id} value={tm.id}>
                {tm.name}
              </option>
            ))}
          </Select>
        </Field>
      </form>
    </Dialog>
  );
}

function TransitionDialog({ rows, busy, error, onClose, onSubmit }: { rows: readonly IncidentSummary[]; busy: boolean; error: string | null; onClose: () => void; onSubmit: (change: { to: string; comment?: string; resolution?: string }) => void }) {
  const { t } = useTranslation('queue');
  const { role } = useSession();
  const label = useLabel();
  const { byKey, isPending } = useIncidentTypes();
  const targets = useMemo(() => bulkTargets(rows, byKey, role), [rows, byKey, role]);
  const [to, setTo] = useState('');
  const [comment, setComment] = useState('');
  const [resolution, setResolution] = useState('');
  const [missing, setMissing] = useState(false);
  const target = targets.find((x) => x.key === to);
  const needsComment = to ? targetNeedsComment(rows, byKey, to) : false;
  const resolving = target?.category === 'resolved' || target?.category === 'closed';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    if (needsComment && !comment.trim()) {
      setMissing(true);
      return;
    }
    onSubmit({ to, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(resolving && resolution.trim() ? { resolution: resolution.trim() } : {}) });
  };

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('bulk.transitionTitle', { count: rows.length })}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="queue-bulk-transition" variant="primary" loading={busy} disabled={!to}>
            {t('bulk.transitionSubmit', { count: rows.length })}
          </Button>
        </>
      }
    >
      <form id="queue-bulk-transition" onSubmit={submit} noValidate>
        {error ? <Notice tone="error">{error}</Notice> : null}
        {!isPending && targets.length === 0 ? <Notice tone="warning">{t('bulk.noTargets')}</Notice> : null}
        <Field label={t('bulk.targetState')} hint={target && target.ids.length < rows.length ? t('bulk.partialTarget', { count: target.ids.length, total: rows.length }) : undefined}>
          <Select name="to" value={to} onChange={(e) => setTo(e.target.value)} placeholder={t('bulk.chooseState')}>
            {targets.map((x) => (
              <option key={x.key} value={x.key}>
                {x.ids.length < rows.length ? t('bulk.targetOption', { state: label(x.label), count: x.ids.length, total: rows.length }) : label(x.label)}
              </option>
            ))}
          </Select>
        </Field>
        {resolving ? (
          <Field label={t('bulk.resolution')}>
            <Textarea name="resolution" rows={3} value={resolution} onChange={(e) => setResolution(e.target.value)} />
          </Field>
        ) : null}
        <Field label={t('bulk.comment')} required={needsComment} error={missing && needsComment && !comment.trim() ? t('bulk.commentRequired') : undefined} hint={t('bulk.commentHint')}>
          <Textarea name="comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}
