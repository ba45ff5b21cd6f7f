import type { RoutingCondition, RoutingEffect, RoutingPreview, RoutingRule, RoutingRuleCreate } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Checkbox, Field, Input, Notice, Page, PageSpinner, Section, Select, useToast } from '../../ui';
import { conditionFields, conditionOps, effectKinds, enumValues, newCondition, newEffect, splitList } from './rule-draft';
import { createRule, getRule, listPolicies, listTeams, listTypes, listUsers, previewRule, updateRule } from './routing.api';
import styles from './ops-admin.module.css';

type Draft = { name: string; type: string; enabled: boolean; stopProcessing: boolean; conditions: RoutingCondition[]; effects: RoutingEffect[] };
type AnyCondition = { field: string; op: string; key?: string; value?: unknown };

/** Create or edit a routing rule with condition and effect builders, and preview it against an incident. */
export function RoutingRuleEditorPage() {
  const { ruleId } = useParams();
  const errorText = useErrorText();
  const rule = useQuery({ queryKey: ['routing-rules', ruleId], queryFn: ({ signal }) => getRule(ruleId!, signal), enabled: Boolean(ruleId) });
  if (ruleId && rule.isPending) return <PageSpinner />;
  if (ruleId && rule.isError) return <Notice tone="error">{errorText(rule.error)}</Notice>;
  return <Editor key={rule.data?.version ?? 'new'} rule={rule.data} />;
}

function Editor({ rule }: { rule: RoutingRule | undefined }) {
  const { t, i18n } = useTranslation('opsadmin');
  const { hasRole } = useSession();
  const readOnly = !hasRole('admin');
  const errorText = useErrorText();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() =>
    rule
      ? { name: rule.name, type: rule.type?.key ?? '', enabled: rule.enabled, stopProcessing: rule.stopProcessing, conditions: rule.conditions, effects: rule.effects }
      : { name: '', type: '', enabled: true, stopProcessing: false, conditions: [], effects: [newEffect('set_team')] },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const types = useQuery({ queryKey: ['incident-types'], queryFn: ({ signal }) => listTypes(signal) });
  const teams = useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => listTeams(signal) });
  const users = useQuery({ queryKey: ['users', 'active'], queryFn: ({ signal }) => listUsers(signal) });
  const policies = useQuery({ queryKey: ['escalation-policies'], queryFn: ({ signal }) => listPolicies(signal) });
  const locale = i18n.language === 'de' ? 'de' : 'en';
  const typeOptions = (types.data?.items ?? []).map((ty) => ({ value: ty.key, label: ty.name[locale] ?? ty.name.en }));
  const teamOptions = (teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }));
  const userOptions = (users.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }));
  const policyOptions = (policies.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }));

  const body = (): RoutingRuleCreate => ({ name: draft.name, type: draft.type || null, enabled: draft.enabled, stopProcessing: draft.stopProcessing, conditions: draft.conditions, effects: draft.effects });
  const save = useMutation({
    mutationFn: () => (rule ? updateRule(rule.id, body(), rule.version) : createRule(body())),
    onSuccess: (r) => {
      toast.success(t('editor.saved', { name: r.name }));
      void queryClient.invalidateQueries({ queryKey: ['routing-rules'] });
      void navigate(`/ops/routing-rules/${r.id}`);
    },
    onError: (e) => {
      const f = fieldErrors(e);
      setErrors(f);
      toast.error(Object.keys(f).length > 0 ? t('editor.fixErrors') : errorText(e));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const setCondition = (i: number, c: AnyCondition) => setDraft((d) => ({ ...d, conditions: d.conditions.map((x, j) => (j === i ? (c as RoutingCondition) : x)) }));
  const setEffect = (i: number, e: RoutingEffect) => setDraft((d) => ({ ...d, effects: d.effects.map((x, j) => (j === i ? e : x)) }));
  const err = (path: string) => errors[path];

  return (
    <Page title={rule ? t('editor.editTitle', { name: rule.name }) : t('editor.newTitle')} actions={<Link to="/ops/routing-rules">{t('editor.back')}</Link>}>
      <form onSubmit={submit} noValidate className={styles.form}>
        <fieldset disabled={readOnly} className={styles.plain}>
          <Field label={t('editor.name')} required error={err('name')}>
            <Input value={draft.name} maxLength={200} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </Field>
          <Field label={t('editor.type')} error={err('type')}>
            <Select value={draft.type} onChange={(e) => setDraft({ ...draft, type: e.target.value })} options={[{ value: '', label: t('rules.allTypes') }, ...typeOptions]} />
          </Field>
          <Checkbox label={t('editor.enabled')} checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
          <Checkbox label={t('editor.stopProcessing')} checked={draft.stopProcessing} onChange={(e) => setDraft({ ...draft, stopProcessing: e.target.checked })} />

          <Section title={t('editor.conditions')} actions={<Button size="sm" onClick={() => setDraft({ ...draft, conditions: [...draft.conditions, newCondition('priority')] })}>{t('editor.addCondition')}</Button>}>
            <p className={styles.muted}>{draft.conditions.length === 0 ? t('editor.noConditions') : t('editor.allMustHold')}</p>
            {draft.conditions.map((raw, i) => {
              const c = raw as AnyCondition;
              const enumList = enumValues[raw.field];
              const values = Array.isArray(c.value) ? (c.value as string[]) : [];
              const n = i + 1;
              return (
                <div key={i} className={styles.builderRow} role="group" aria-label={t('editor.conditionN', { n })}>
                  <Field label={t('editor.field')} error={err(`conditions.${i}.field`)}>
                    <Select value={c.field} onChange={(e) => setCondition(i, newCondition(e.target.value as RoutingCondition['field']) as AnyCondition)} options={conditionFields.map((f) => ({ value: f, label: t(`field.${f}`) }))} />
                  </Field>
                  {c.field === 'custom' ? (
                    <Field label={t('editor.customKey')} error={err(`conditions.${i}.key`)}>
                      <Input value={c.key ?? ''} onChange={(e) => setCondition(i, { ...c, key: e.target.value })} />
                    </Field>
                  ) : null}
                  <Field label={t('editor.operator')}>
                    <Select value={c.op} onChange={(e) => setCondition(i, { ...(newCondition(raw.field, e.target.value) as AnyCondition), ...(c.key !== undefined ? { key: c.key } : {}) })} options={conditionOps[raw.field].map((o) => ({ value: o, label: t(`op.${o}`) }))} />
                  </Field>
                  {c.op === 'exists' ? null : c.field === 'type' ? (
                    <fieldset className={styles.checks}>
                      <legend>{t('editor.values')}</legend>
                      {typeOptions.map((o) => (
                        <Checkbox key={o.value} label={o.label} checked={values.includes(o.value)} onChange={(e) => setCondition(i, { ...c, value: e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value) })} />
                      ))}
                      {err(`conditions.${i}.value`) ? <p className={styles.muted}>{err(`conditions.${i}.value`)}</p> : null}
                    </fieldset>
                  ) : enumList && c.op === 'in' ? (
                    <fieldset className={styles.checks}>
                      <legend>{t('editor.values')}</legend>
                      {enumList.map((v) => (
                        <Checkbox key={v} label={t(`value.${v}`, { defaultValue: v })} checked={values.includes(v)} onChange={(e) => setCondition(i, { ...c, value: e.target.checked ? enumList.filter((x) => x === v || values.includes(x)) : values.filter((x) => x !== v) })} />
                      ))}
                      {err(`conditions.${i}.value`) ? <p className={styles.muted}>{err(`conditions.${i}.value`)}</p> : null}
                    </fieldset>
                  ) : enumList ? (
                    <Field label={t('editor.value')}>
                      <Select value={String(c.value)} onChange={(e) => setCondition(i, { ...c, value: e.target.value })} options={enumList.map((v) => ({ value: v, label: t(`value.${v}`, { defaultValue: v }) }))} />
                    </Field>
                  ) : Array.isArray(c.value) ? (
                    <Field label={t('editor.valueList')} error={err(`conditions.${i}.value`)} hint={t('editor.commaHint')}>
                      <Input value={values.join(', ')} onChange={(e) => setCondition(i, { ...c, value: splitList(e.target.value) })} />
                    </Field>
                  ) : (
                    <Field label={t('editor.value')} error={err(`conditions.${i}.value`)} hint={c.op === 'matches' ? t('editor.globHint') : undefined}>
                      <Input value={String(c.value ?? '')} onChange={(e) => setCondition(i, { ...c, value: e.target.value })} />
                    </Field>
                  )}
                  <Button size="sm" variant="ghost" onClick={() => setDraft({ ...draft, conditions: draft.conditions.filter((_, j) => j !== i) })} aria-label={t('editor.removeCondition', { n })}>
                    ×
                  </Button>
                </div>
              );
            })}
          </Section>

          <Section title={t('editor.effects')} actions={<Button size="sm" onClick={() => setDraft({ ...draft, effects: [...draft.effects, newEffect('notify')] })}>{t('editor.addEffect')}</Button>}>
            {err('effects') ? <Notice tone="error">{err('effects')}</Notice> : null}
            {draft.effects.map((e, i) => {
              const n = i + 1;
              const multi = (label: string, selected: string[], options: { value: string; label: string }[], set: (v: string[]) => void, path: string) => (
                <Field label={label} error={err(`effects.${i}.${path}`)}>
                  <Select multiple value={selected} onChange={(ev) => set([...ev.target.selectedOptions].map((o) => o.value))} options={options} />
                </Field>
              );
              return (
                <div key={i} className={styles.builderRow} role="group" aria-label={t('editor.effectN', { n })}>
                  <Field label={t('editor.effectKind')}>
                    <Select value={e.kind} onChange={(ev) => setEffect(i, newEffect(ev.target.value as RoutingEffect['kind']))} options={effectKinds.map((k) => ({ value: k, label: t(`effect.${k}`) }))} />
                  </Field>
                  {e.kind === 'set_team' ? (
                    <Field label={t('editor.team')} required error={err(`effects.${i}.teamId`)}>
                      <Select value={e.teamId} onChange={(ev) => setEffect(i, { ...e, teamId: ev.target.value })} placeholder={t('editor.choose')} options={teamOptions} />
                    </Field>
                  ) : e.kind === 'set_assignee' ? (
                    <Field label={t('editor.user')} required error={err(`effects.${i}.userId`)}>
                      <Select value={e.userId} onChange={(ev) => setEffect(i, { ...e, userId: ev.target.value })} placeholder={t('editor.choose')} options={userOptions} />
                    </Field>
                  ) : e.kind === 'set_priority' || e.kind === 'raise_priority' ? (
                    <Field label={t('editor.priority')}>
                      <Select value={e.priority} onChange={(ev) => setEffect(i, { ...e, priority: ev.target.value as typeof e.priority })} options={['P1', 'P2', 'P3', 'P4', 'P5'].map((p) => ({ value: p, label: p }))} />
                    </Field>
                  ) : e.kind === 'start_escalation' ? (
                    <Field label={t('editor.policy')} required error={err(`effects.${i}.policyId`)}>
                      <Select value={e.policyId} onChange={(ev) => setEffect(i, { ...e, policyId: ev.target.value })} placeholder={t('editor.choose')} options={policyOptions} />
                    </Field>
                  ) : e.kind === 'add_watchers' ? (
                    multi(t('editor.users'), e.userIds, userOptions, (v) => setEffect(i, { ...e, userIds: v }), 'userIds')
                  ) : (
                    <>
                      {multi(t('editor.users'), e.userIds, userOptions, (v) => setEffect(i, { ...e, userIds: v }), 'userIds')}
                      {multi(t('editor.teams'), e.teamIds, teamOptions, (v) => setEffect(i, { ...e, teamIds: v }), 'teamIds')}
                      <Field label={t('editor.urgency')}>
                        <Select value={e.urgency} onChange={(ev) => setEffect(i, { ...e, urgency: ev.target.value as 'high' | 'low' })} options={[{ value: 'high', label: t('value.high') }, { value: 'low', label: t('value.low') }]} />
                      </Field>
                    </>
                  )}
                  <Button size="sm" variant="ghost" disabled={draft.effects.length === 1} onClick={() => setDraft({ ...draft, effects: draft.effects.filter((_, j) => j !== i) })} aria-label={t('editor.removeEffect', { n })}>
                    ×
                  </Button>
                </div>
              );
            })}
          </Section>
        </fieldset>
        {readOnly ? null : (
          <div className={styles.footer}>
            <Button type="submit" variant="primary" loading={save.isPending}>
              {t('editor.save')}
            </Button>
          </div>
        )}
      </form>
      <PreviewPanel rule={body()} names={new Map([...teamOptions, ...userOptions, ...policyOptions].map((o) => [o.value, o.label]))} />
    </Page>
  );
}

function PreviewPanel({ rule, names }: { rule: RoutingRuleCreate; names: Map<string, string> }) {
  const { t } = useTranslation('opsadmin');
  const errorText = useErrorText();
  const [incident, setIncident] = useState('');
  const [mode, setMode] = useState<'created' | 'updated'>('created');
  const preview = useMutation({ mutationFn: () => previewRule(rule, incident.trim(), mode) });
  const errors = preview.isError ? fieldErrors(preview.error) : {};
  const show = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return names.get(v) ?? v;
    if (Array.isArray(v)) return v.map(show).join(', ');
    if (typeof v === 'object' && 'name' in v) return String((v as { name: unknown }).name);
    return JSON.stringify(v);
  };
  return (
    <Section title={t('preview.title')}>
      <p className={styles.muted}>{t('preview.hint')}</p>
      <form
        className={styles.builderRow}
        onSubmit={(e) => {
          e.preventDefault();
          preview.mutate();
        }}
      >
        <Field label={t('preview.incident')} required error={errors.incidentId}>
          <Input value={incident} onChange={(e) => setIncident(e.target.value)} placeholder="INC-2026-000001" />
        </Field>
        <Field label={t('preview.mode')}>
          <Select value={mode} onChange={(e) => setMode(e.target.value as 'created' | 'updated')} options={[{ value: 'created', label: t('preview.created') }, { value: 'updated', label: t('preview.updated') }]} />
        </Field>
        <Button type="submit" loading={preview.isPending} disabled={!incident.trim()}>
          {t('preview.run')}
        </Button>
      </form>
      {preview.isError && Object.keys(errors).filter((k) => k !== 'incidentId').length === 0 && !errors.incidentId ? <Notice tone="error">{errorText(preview.error)}</Notice> : null}
      {preview.isError && Object.keys(errors).some((k) => k.startsWith('rule')) ? <Notice tone="error">{t('preview.ruleInvalid')}</Notice> : null}
      {preview.data ? <PreviewResult result={preview.data} show={show} /> : null}
    </Section>
  );
}

function PreviewResult({ result, show }: { result: RoutingPreview; show: (v: unknown) => string }) {
  const { t } = useTranslation('opsadmin');
  return (
    <div aria-live="polite" className={styles.form}>
      <Notice tone={result.matched ? 'success' : 'warning'} title={result.matched ? t('preview.matched') : t('preview.notMatched')}>
        {result.stopProcessing && result.matched ? t('preview.stops') : null}
      </Notice>
      <h3>{t('editor.conditions')}</h3>
      {result.conditions.length === 0 ? <p className={styles.muted}>{t('editor.noConditions')}</p> : null}
      <ul className={styles.result} aria-label={t('preview.conditionsList')}>
        {result.conditions.map((c) => (
          <li key={c.index}>
            <Badge tone={c.matched ? 'success' : 'danger'}>{c.matched ? t('preview.holds') : t('preview.fails')}</Badge>
            <span>
              {t(`field.${c.condition.field}`)} {t(`op.${c.condition.op}`)} {'value' in c.condition ? show(c.condition.value) : ''}
            </span>
            <span className={styles.muted}>{t('preview.actual', { value: show(c.actual) || '—' })}</span>
          </li>
        ))}
      </ul>
      <h3>{t('editor.effects')}</h3>
      <ul className={styles.result} aria-label={t('preview.effectsList')}>
        {result.effects.map((e) => (
          <li key={e.index}>
            <Badge tone={e.outcome === 'apply' ? 'info' : 'neutral'}>{t(`outcome.${e.outcome}`)}</Badge>
            <span>{t(`effect.${e.effect.kind}`)}</span>
            {e.from !== undefined || e.to !== undefined ? <span className={styles.muted}>{t('preview.change', { from: show(e.from) || '—', to: show(e.to) || '—' })}</span> : null}
            {e.reason ? <span className={styles.muted}>{e.reason}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
