import type { EscalationLevel, EscalationPolicy, EscalationTarget } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, EmptyState, Field, Input, Notice, Page, PageSpinner, Section, Select, Textarea, useToast } from '../../ui';
import { createEscalationPolicy, deleteEscalationPolicy, listEscalationPolicies, listScheduleRefs, updateEscalationPolicy } from './escalation.api';
import { OpsTabs } from './ops-tabs';
import { listTeams, listUsers } from './routing.api';
import styles from './ops-admin.module.css';

type Draft = { teamId: string; name: string; description: string; repeatCount: string; levels: EscalationLevel[] };

/** Escalation policies: levels with a delay and targets (people, teams, schedules), repeated; create, edit, delete. */
export function EscalationPoliciesPage() {
  const { t } = useTranslation('opsadmin');
  const { role, me } = useSession();
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const policies = useQuery({ queryKey: ['escalation-policies'], queryFn: ({ signal }) => listEscalationPolicies(signal) });
  const [editing, setEditing] = useState<EscalationPolicy | 'new' | null>(null);
  const [deleting, setDeleting] = useState<EscalationPolicy | null>(null);
  const canManage = (teamId: string) => role === 'admin' || (role === 'manager' && me.teams.some((m) => m.id === teamId));
  const remove = useMutation({
    mutationFn: (p: EscalationPolicy) => deleteEscalationPolicy(p.id, p.version),
    onSuccess: () => {
      toast.success(t('policies.deleted'));
      setDeleting(null);
      void queryClient.invalidateQueries({ queryKey: ['escalation-policies'] });
    },
    onError: (e) => toast.error(errorText(e)),
  });
  const items = policies.data?.items ?? [];

  return (
    <Page title={t('policies.title')} description={t('policies.description')} actions={role === 'admin' || role === 'manager' ? <Button variant="primary" onClick={() => setEditing('new')}>{t('policies.new')}</Button> : null}>
      <OpsTabs />
      {policies.isPending ? (
        <PageSpinner />
      ) : policies.isError ? (
        <Notice tone="error">{errorText(policies.error)}</Notice>
      ) : items.length === 0 ? (
        <EmptyState title={t('policies.empty')} description={t('policies.emptyHint')} />
      ) : (
        items.map((p) => (
          <Section
            key={p.id}
            title={p.name}
            actions={
              canManage(p.team.id) ? (
                <span className={styles.row}>
                  <Button size="sm" onClick={() => setEditing(p)} aria-label={`${t('policies.edit')}: ${p.name}`}>
                    {t('policies.edit')}
                  </Button>
                  <Button size="sm" variant="danger" onClick={() => setDeleting(p)} aria-label={`${t('rules.delete')}: ${p.name}`}>
                    {t('rules.delete')}
                  </Button>
                </span>
              ) : null
            }
          >
            <p className={styles.muted}>
              {t('policies.team', { team: p.team.name })} · {t('policies.repeat', { count: p.repeatCount })}
            </p>
            {p.description ? <p>{p.description}</p> : null}
            <ol className={styles.levels}>
              {p.levels.map((l, i) => (
                <li key={i}>
                  {l.targets.map((x) => `${x.name ?? t('policies.gone')} (${t(`policies.kind.${x.kind}`)})`).join(', ')} — {t('policies.waits', { count: l.delayMinutes })}
                </li>
              ))}
            </ol>
          </Section>
        ))
      )}
      {editing ? <PolicyDialog policy={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      <Dialog
        open={Boolean(deleting)}
        onClose={() => setDeleting(null)}
        size="sm"
        title={t('policies.deleteTitle')}
        footer={
          <>
            <Button onClick={() => setDeleting(null)}>{t('common:action.cancel')}</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
              {t('rules.delete')}
            </Button>
          </>
        }
      >
        <p>{t('policies.deleteConfirm', { name: deleting?.name ?? '' })}</p>
      </Dialog>
    </Page>
  );
}

function PolicyDialog({ policy, onClose }: { policy: EscalationPolicy | null; onClose: () => void }) {
  const { t } = useTranslation('opsadmin');
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const teams = useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => listTeams(signal) });
  const users = useQuery({ queryKey: ['users', 'active'], queryFn: ({ signal }) => listUsers(signal) });
  const schedules = useQuery({ queryKey: ['schedules', 'refs'], queryFn: ({ signal }) => listScheduleRefs(signal) });
  const [draft, setDraft] = useState<Draft>(() =>
    policy
      ? { teamId: policy.team.id, name: policy.name, description: policy.description, repeatCount: String(policy.repeatCount), levels: policy.levels.map((l) => ({ delayMinutes: l.delayMinutes, targets: l.targets.map((x) => ({ kind: x.kind, id: x.id })) })) }
      : { teamId: '', name: '', description: '', repeatCount: '0', levels: [{ delayMinutes: 15, targets: [] }] },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const options: Record<EscalationTarget['kind'], { value: string; label: string }[]> = {
    user: (users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
    team: (teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name })),
    schedule: (schedules.data?.items ?? []).map((x) => ({ value: x.id, label: x.name })),
  };
  const nameOf = (x: EscalationTarget) => options[x.kind].find((o) => o.value === x.id)?.label ?? x.id;
  const setLevel = (i: number, l: EscalationLevel) => setDraft((d) => ({ ...d, levels: d.levels.map((x, j) => (j === i ? l : x)) }));
  const save = useMutation({
    mutationFn: () => {
      const body = { name: draft.name, description: draft.description, repeatCount: Number(draft.repeatCount), levels: draft.levels };
      return policy ? updateEscalationPolicy(policy.id, body, policy.version) : createEscalationPolicy({ ...body, teamId: draft.teamId });
    },
    onSuccess: (p) => {
      toast.success(t('policies.saved', { name: p.name }));
      void queryClient.invalidateQueries({ queryKey: ['escalation-policies'] });
      onClose();
    },
    onError: (e) => {
      const f = fieldErrors(e);
      setErrors(f);
      if (Object.keys(f).length === 0) toast.error(errorText(e));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Dialog
      open
      onClose={onClose}
      size="lg"
      title={policy ? t('policies.editTitle', { name: policy.name }) : t('policies.newTitle')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="policy-form" variant="primary" loading={save.isPending}>
            {t('policies.save')}
          </Button>
        </>
      }
    >
      <form id="policy-form" onSubmit={submit} noValidate className={styles.form}>
        {policy ? null : (
          <Field label={t('editor.team')} required error={errors.teamId}>
            <Select value={draft.teamId} onChange={(e) => setDraft({ ...draft, teamId: e.target.value })} placeholder={t('editor.choose')} options={options.team} />
          </Field>
        )}
        <Field label={t('editor.name')} required error={errors.name}>
          <Input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </Field>
        <Field label={t('policies.descriptionLabel')} error={errors.description}>
          <Textarea rows={2} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        </Field>
        <Field label={t('policies.repeatLabel')} error={errors.repeatCount} hint={t('policies.repeatHint')}>
          <Input type="number" min={0} max={9} value={draft.repeatCount} onChange={(e) => setDraft({ ...draft, repeatCount: e.target.value })} />
        </Field>
        {errors.levels ? <Notice tone="error">{errors.levels}</Notice> : null}
        {draft.levels.map((level, i) => (
          <fieldset key={i} className={styles.plain} aria-label={t('policies.levelN', { n: i + 1 })}>
            <h3>{t('policies.levelN', { n: i + 1 })}</h3>
            <ul className={styles.result}>
              {level.targets.map((x, k) => (
                <li key={`${x.kind}:${x.id}`}>
                  {nameOf(x)} ({t(`policies.kind.${x.kind}`)})
                  <Button size="sm" variant="ghost" aria-label={t('policies.removeTarget', { name: nameOf(x) })} onClick={() => setLevel(i, { ...level, targets: level.targets.filter((_, j) => j !== k) })}>
                    ×
                  </Button>
                </li>
              ))}
            </ul>
            {errors[`levels.${i}.targets`] ? <p className={styles.muted}>{errors[`levels.${i}.targets`]}</p> : null}
            <div className={styles.builderRow}>
              {(['user', 'team', 'schedule'] as const).map((kind) => (
                <Field key={kind} label={t(`policies.add.${kind}`)}>
                  <Select
                    value=""
                    placeholder={t('editor.choose')}
                    options={options[kind].filter((o) => !level.targets.some((x) => x.kind === kind && x.id === o.value))}
                    onChange={(e) => e.target.value && setLevel(i, { ...level, targets: [...level.targets, { kind, id: e.target.value }] })}
                  />
                </Field>
              ))}
              <Field label={t('policies.delay')} error={errors[`levels.${i}.delayMinutes`]}>
                <Input type="number" min={1} max={1440} value={String(level.delayMinutes)} onChange={(e) => setLevel(i, { ...level, delayMinutes: Number(e.target.value) })} />
              </Field>
              <Button size="sm" variant="ghost" disabled={draft.levels.length === 1} onClick={() => setDraft({ ...draft, levels: draft.levels.filter((_, j) => j !== i) })}>
                {t('policies.removeLevel', { n: i + 1 })}
              </Button>
            </div>
          </fieldset>
        ))}
        <div>
          <Button onClick={() => setDraft({ ...draft, levels: [...draft.levels, { delayMinutes: 15, targets: [] }] })}>{t('policies.addLevel')}</Button>
        </div>
      </form>
    </Dialog>
  );
}
