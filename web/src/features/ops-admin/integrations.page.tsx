import type { Integration, IntegrationWithKey } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Dialog, EmptyState, Field, Input, Notice, Page, PageSpinner, Select, Table, useToast, type Column } from '../../ui';
import { createIntegration, listIntegrations, rotateIntegrationKey, setIntegrationEnabled, type IntegrationBody } from './integrations.api';
import { OpsTabs } from './ops-tabs';
import { listTeams, listTypes } from './routing.api';
import styles from './ops-admin.module.css';

const kinds = ['pagerduty', 'alertmanager', 'grafana', 'webhook', 'email'] as const;

/** Alert integrations: create (key shown once with the ingest URL), rotate the key, disable and enable. */
export function IntegrationsPage() {
  const { t } = useTranslation('opsadmin');
  const { format, hasRole } = useSession();
  const isAdmin = hasRole('admin');
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['integrations'], queryFn: ({ signal }) => listIntegrations(signal) });
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<IntegrationWithKey | null>(null);
  const [confirm, setConfirm] = useState<{ integration: Integration; action: 'rotate' | 'disable' } | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['integrations'] });
  const act = useMutation({
    mutationFn: async ({ integration, action }: { integration: Integration; action: 'rotate' | 'disable' | 'enable' }) => {
      if (action === 'rotate') setRevealed(await rotateIntegrationKey(integration.id));
      else await setIntegrationEnabled(integration.id, action === 'enable');
      return action;
    },
    onSuccess: (action, v) => {
      setConfirm(null);
      toast.success(t(`integrations.done.${action}`, { name: v.integration.name }));
      refresh();
    },
    onError: (e) => toast.error(errorText(e)),
  });

  const columns: Column<Integration>[] = [
    {
      key: 'name',
      header: t('integrations.name'),
      cell: (i) => (
        <span className={styles.stack}>
          <strong>{i.name}</strong>
          <span className={styles.muted}>
            {t(`integrations.kind.${i.kind}`)} · {i.type.name}
            {i.team ? ` · ${i.team.name}` : ''}
          </span>
        </span>
      ),
    },
    { key: 'key', header: t('integrations.key'), cell: (i) => <code>…{i.keyHint}</code> },
    { key: 'last', header: t('integrations.lastEvent'), cell: (i) => (i.lastEventAt ? format.relative(i.lastEventAt) : t('integrations.never')) },
    { key: 'state', header: t('rules.state'), cell: (i) => <Badge tone={i.enabled ? 'success' : 'neutral'}>{i.enabled ? t('rules.enabled') : t('rules.disabled')}</Badge> },
    ...(isAdmin
      ? [
          {
            key: 'actions',
            header: <span className="visually-hidden">{t('rules.actions')}</span>,
            cell: (i: Integration) => (
              <span className={styles.row}>
                <Button size="sm" onClick={() => setConfirm({ integration: i, action: 'rotate' })} aria-label={`${t('integrations.rotate')}: ${i.name}`}>
                  {t('integrations.rotate')}
                </Button>
                {i.enabled ? (
                  <Button key="disable" size="sm" variant="danger" onClick={() => setConfirm({ integration: i, action: 'disable' })} aria-label={`${t('rules.disable')}: ${i.name}`}>
                    {t('rules.disable')}
                  </Button>
                ) : (
                  <Button key="enable" size="sm" onClick={() => act.mutate({ integration: i, action: 'enable' })} aria-label={`${t('rules.enable')}: ${i.name}`}>
                    {t('rules.enable')}
                  </Button>
                )}
              </span>
            ),
          },
        ]
      : []),
  ];

  return (
    <Page title={t('integrations.title')} description={t('integrations.description')} actions={isAdmin ? <Button variant="primary" onClick={() => setCreating(true)}>{t('integrations.new')}</Button> : null}>
      <OpsTabs />
      {list.isPending ? (
        <PageSpinner />
      ) : list.isError ? (
        <Notice tone="error">{errorText(list.error)}</Notice>
      ) : (
        <Table caption={t('integrations.title')} columns={columns} rows={list.data.items} rowKey={(i) => i.id} empty={<EmptyState title={t('integrations.empty')} description={t('integrations.emptyHint')} />} />
      )}
      {creating ? (
        <CreateDialog
          onClose={() => setCreating(false)}
          onCreated={(i) => {
            setCreating(false);
            setRevealed(i);
            refresh();
          }}
        />
      ) : null}
      <Dialog open={Boolean(revealed)} onClose={() => setRevealed(null)} title={t('integrations.keyTitle', { name: revealed?.name ?? '' })} footer={<Button onClick={() => setRevealed(null)}>{t('common:action.close')}</Button>}>
        {revealed ? (
          <div className={styles.form}>
            <Notice tone="warning">{t('integrations.once')}</Notice>
            <Field label={t('integrations.key')}>
              <Input readOnly value={revealed.key} onFocus={(e) => e.currentTarget.select()} />
            </Field>
            {revealed.ingestUrlWithKey ? (
              <Field label={t('integrations.ingestUrl')} hint={revealed.kind === 'pagerduty' ? t('integrations.pagerdutyHint') : undefined}>
                <Input readOnly value={revealed.ingestUrlWithKey} onFocus={(e) => e.currentTarget.select()} />
              </Field>
            ) : (
              <p className={styles.muted}>{t('integrations.emailHint')}</p>
            )}
          </div>
        ) : null}
      </Dialog>
      <Dialog
        open={Boolean(confirm)}
        size="sm"
        onClose={() => setConfirm(null)}
        title={confirm ? t(`integrations.confirm.${confirm.action}Title`, { name: confirm.integration.name }) : ''}
        footer={
          <>
            <Button onClick={() => setConfirm(null)}>{t('common:action.cancel')}</Button>
            <Button variant="danger" loading={act.isPending} onClick={() => confirm && act.mutate(confirm)}>
              {confirm?.action === 'rotate' ? t('integrations.rotate') : t('rules.disable')}
            </Button>
          </>
        }
      >
        <p>{confirm ? t(`integrations.confirm.${confirm.action}`) : null}</p>
      </Dialog>
    </Page>
  );
}

function CreateDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (i: IntegrationWithKey) => void }) {
  const { t, i18n } = useTranslation('opsadmin');
  const errorText = useErrorText();
  const toast = useToast();
  const types = useQuery({ queryKey: ['incident-types'], queryFn: ({ signal }) => listTypes(signal) });
  const teams = useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => listTeams(signal) });
  const [form, setForm] = useState({ kind: 'alertmanager' as IntegrationBody['kind'], name: '', type: '', teamId: '', rate: '120', title: '$.title', dedupKey: '', severity: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const locale = i18n.language === 'de' ? 'de' : 'en';
  const save = useMutation({
    mutationFn: () =>
      createIntegration({
        kind: form.kind,
        name: form.name,
        type: form.type,
        teamId: form.teamId || null,
        rateLimitPerMinute: Number(form.rate),
        ...(form.kind === 'webhook' ? { settings: { webhook: { title: form.title, ...(form.dedupKey ? { dedupKey: form.dedupKey } : {}), ...(form.severity ? { severity: form.severity } : {}) } } } : {}),
      }),
    onSuccess: onCreated,
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
      title={t('integrations.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="integration-form" variant="primary" loading={save.isPending}>
            {t('integrations.create')}
          </Button>
        </>
      }
    >
      <form id="integration-form" onSubmit={submit} noValidate className={styles.form}>
        <Field label={t('integrations.kindLabel')} error={errors.kind}>
          <Select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as IntegrationBody['kind'] })} options={kinds.map((k) => ({ value: k, label: t(`integrations.kind.${k}`) }))} />
        </Field>
        <Field label={t('editor.name')} required error={errors.name}>
          <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field label={t('editor.type')} required error={errors.type}>
          <Select value={form.type} onChange={(e) => setForm({ ...form, type: e.target.value })} placeholder={t('editor.choose')} options={(types.data?.items ?? []).map((ty) => ({ value: ty.key, label: ty.name[locale] ?? ty.name.en }))} />
        </Field>
        <Field label={t('editor.team')} error={errors.teamId} hint={t('integrations.teamHint')}>
          <Select value={form.teamId} onChange={(e) => setForm({ ...form, teamId: e.target.value })} options={[{ value: '', label: t('integrations.typeTeam') }, ...(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))]} />
        </Field>
        <Field label={t('integrations.rate')} error={errors.rateLimitPerMinute}>
          <Input type="number" min={1} value={form.rate} onChange={(e) => setForm({ ...form, rate: e.target.value })} />
        </Field>
        {form.kind === 'webhook' ? (
          <>
            <Field label={t('integrations.mapTitle')} required error={errors['settings.webhook.title']} hint={t('integrations.pathHint')}>
              <Input value={form.title} onChange={(e) => setForm({ ...form, title: e.target.value })} />
            </Field>
            <Field label={t('integrations.mapDedup')} error={errors['settings.webhook.dedupKey']}>
              <Input value={form.dedupKey} onChange={(e) => setForm({ ...form, dedupKey: e.target.value })} placeholder="$.id" />
            </Field>
            <Field label={t('integrations.mapSeverity')} error={errors['settings.webhook.severity']}>
              <Input value={form.severity} onChange={(e) => setForm({ ...form, severity: e.target.value })} placeholder="$.severity" />
            </Field>
          </>
        ) : null}
      </form>
    </Dialog>
  );
}
