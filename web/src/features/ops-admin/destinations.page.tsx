import type { ChatChannel, WebhookEndpoint } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Checkbox, Dialog, EmptyState, Field, Input, Notice, Page, PageSpinner, Section, Select, Table, useToast, type Column } from '../../ui';
import { createChannel, createEndpoint, deleteChannel, deleteEndpoint, listChannels, listEndpoints, patchChannel, patchEndpoint, rotateEndpointSecret, testChannel, testEndpoint } from './destinations.api';
import { OpsTabs } from './ops-tabs';
import { listTeams } from './routing.api';
import { destinationErrors } from './url-errors';
import styles from './ops-admin.module.css';

const eventTypes = ['incident.created', 'incident.updated', 'incident.state_changed', 'incident.assigned', 'incident.priority_changed', 'incident.acknowledged', 'incident.merged', 'comment.added', 'communication.sent', 'escalation.started', 'escalation.step', 'clock.warning', 'clock.breached'] as const;
type Pending = { kind: 'endpoint-delete' | 'endpoint-rotate'; item: WebhookEndpoint } | { kind: 'channel-delete'; item: ChatChannel };

/** Outbound webhook endpoints (secret shown once, test, rotate) and chat channels (test), enable/disable and delete. */
export function DestinationsPage() {
  const { t } = useTranslation('opsadmin');
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const endpoints = useQuery({ queryKey: ['webhook-endpoints'], queryFn: ({ signal }) => listEndpoints(signal) });
  const channels = useQuery({ queryKey: ['chat-channels'], queryFn: ({ signal }) => listChannels(signal) });
  const [secret, setSecret] = useState<{ url: string; secret: string } | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const [creating, setCreating] = useState<'endpoint' | 'channel' | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['webhook-endpoints'] });
    void queryClient.invalidateQueries({ queryKey: ['chat-channels'] });
  };
  const run = useMutation({
    mutationFn: async (op: () => Promise<unknown>) => op(),
    onSuccess: () => refresh(),
    onError: (e) => toast.error(errorText(e)),
  });
  const doAndTell = (op: () => Promise<unknown>, message: string) =>
    run.mutate(async () => {
      await op();
      toast.success(message);
      setPending(null);
    });

  const endpointColumns: Column<WebhookEndpoint>[] = [
    {
      key: 'url',
      header: t('destinations.url'),
      cell: (e) => (
        <span className={styles.stack}>
          <span>{e.url}</span>
          <span className={styles.muted}>{e.description || e.eventTypes.join(', ')}</span>
        </span>
      ),
    },
    { key: 'secret', header: t('destinations.secret'), cell: (e) => <code>{e.secretHint}…</code> },
    { key: 'state', header: t('rules.state'), cell: (e) => <Badge tone={e.enabled ? 'success' : 'neutral'} title={e.disabledReason ?? undefined}>{e.enabled ? t('rules.enabled') : t('rules.disabled')}</Badge> },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('rules.actions')}</span>,
      cell: (e) => (
        <span className={styles.row}>
          <Button size="sm" onClick={() => doAndTell(() => testEndpoint(e.id), t('destinations.testSent'))} aria-label={`${t('destinations.test')}: ${e.url}`}>
            {t('destinations.test')}
          </Button>
          <Button size="sm" onClick={() => doAndTell(() => patchEndpoint(e.id, { enabled: !e.enabled }), e.enabled ? t('destinations.disabled') : t('destinations.enabled'))} aria-label={`${e.enabled ? t('rules.disable') : t('rules.enable')}: ${e.url}`}>
            {e.enabled ? t('rules.disable') : t('rules.enable')}
          </Button>
          <Button size="sm" onClick={() => setPending({ kind: 'endpoint-rotate', item: e })} aria-label={`${t('destinations.rotate')}: ${e.url}`}>
            {t('destinations.rotate')}
          </Button>
          <Button size="sm" variant="danger" onClick={() => setPending({ kind: 'endpoint-delete', item: e })} aria-label={`${t('rules.delete')}: ${e.url}`}>
            {t('rules.delete')}
          </Button>
        </span>
      ),
    },
  ];
  const channelColumns: Column<ChatChannel>[] = [
    {
      key: 'name',
      header: t('editor.name'),
      cell: (c) => (
        <span className={styles.stack}>
          <strong>{c.name}</strong>
          <span className={styles.muted}>
            {t(`deliveries.channel.${c.kind}`)} · {c.urlHint}
            {c.team ? ` · ${c.team.name}` : ''}
          </span>
        </span>
      ),
    },
    { key: 'state', header: t('rules.state'), cell: (c) => <Badge tone={c.enabled ? 'success' : 'neutral'} title={c.disabledReason ?? undefined}>{c.enabled ? t('rules.enabled') : t('rules.disabled')}</Badge> },
    {
      key: 'actions',
      header: <span className="visually-hidden">{t('rules.actions')}</span>,
      cell: (c) => (
        <span className={styles.row}>
          <Button size="sm" onClick={() => doAndTell(() => testChannel(c.id), t('destinations.testSent'))} aria-label={`${t('destinations.test')}: ${c.name}`}>
            {t('destinations.test')}
          </Button>
          <Button size="sm" onClick={() => doAndTell(() => patchChannel(c.id, { enabled: !c.enabled }), c.enabled ? t('destinations.disabled') : t('destinations.enabled'))} aria-label={`${c.enabled ? t('rules.disable') : t('rules.enable')}: ${c.name}`}>
            {c.enabled ? t('rules.disable') : t('rules.enable')}
          </Button>
          <Button size="sm" variant="danger" onClick={() => setPending({ kind: 'channel-delete', item: c })} aria-label={`${t('rules.delete')}: ${c.name}`}>
            {t('rules.delete')}
          </Button>
        </span>
      ),
    },
  ];
  const confirmText = pending ? t(`destinations.confirm.${pending.kind}`, { name: 'url' in pending.item ? pending.item.url : pending.item.name }) : '';
  const confirmAction = () => {
    if (!pending) return;
    if (pending.kind === 'endpoint-rotate')
      run.mutate(async () => {
        const r = await rotateEndpointSecret(pending.item.id);
        setSecret({ url: r.url, secret: r.secret });
        setPending(null);
      });
    else if (pending.kind === 'endpoint-delete') doAndTell(() => deleteEndpoint(pending.item.id), t('destinations.deleted'));
    else doAndTell(() => deleteChannel(pending.item.id), t('destinations.deleted'));
  };

  return (
    <Page title={t('destinations.title')} description={t('destinations.description')}>
      <OpsTabs />
      <Section title={t('destinations.endpoints')} actions={<Button onClick={() => setCreating('endpoint')}>{t('destinations.newEndpoint')}</Button>}>
        {endpoints.isPending ? <PageSpinner /> : endpoints.isError ? <Notice tone="error">{errorText(endpoints.error)}</Notice> : <Table caption={t('destinations.endpoints')} columns={endpointColumns} rows={endpoints.data.items} rowKey={(e) => e.id} empty={<EmptyState title={t('destinations.noEndpoints')} />} />}
      </Section>
      <Section title={t('destinations.channels')} actions={<Button onClick={() => setCreating('channel')}>{t('destinations.newChannel')}</Button>}>
        {channels.isPending ? <PageSpinner /> : channels.isError ? <Notice tone="error">{errorText(channels.error)}</Notice> : <Table caption={t('destinations.channels')} columns={channelColumns} rows={channels.data.items} rowKey={(c) => c.id} empty={<EmptyState title={t('destinations.noChannels')} />} />}
      </Section>
      {creating ? (
        <CreateDialog
          what={creating}
          onClose={() => setCreating(null)}
          onSecret={(s) => setSecret(s)}
          onDone={() => {
            setCreating(null);
            refresh();
          }}
        />
      ) : null}
      <Dialog open={Boolean(secret)} onClose={() => setSecret(null)} title={t('destinations.secretTitle')} footer={<Button onClick={() => setSecret(null)}>{t('common:action.close')}</Button>}>
        {secret ? (
          <div className={styles.form}>
            <Notice tone="warning">{t('destinations.secretOnce', { url: secret.url })}</Notice>
            <Field label={t('destinations.secret')}>
              <Input readOnly value={secret.secret} onFocus={(e) => e.currentTarget.select()} />
            </Field>
          </div>
        ) : null}
      </Dialog>
      <Dialog
        open={Boolean(pending)}
        size="sm"
        onClose={() => setPending(null)}
        title={pending ? t(`destinations.confirm.${pending.kind}Title`) : ''}
        footer={
          <>
            <Button onClick={() => setPending(null)}>{t('common:action.cancel')}</Button>
            <Button variant="danger" loading={run.isPending} onClick={confirmAction}>
              {pending?.kind === 'endpoint-rotate' ? t('destinations.rotate') : t('rules.delete')}
            </Button>
          </>
        }
      >
        <p>{confirmText}</p>
      </Dialog>
    </Page>
  );
}

function CreateDialog({ what, onClose, onDone, onSecret }: { what: 'endpoint' | 'channel'; onClose: () => void; onDone: () => void; onSecret: (s: { url: string; secret: string }) => void }) {
  const { t } = useTranslation('opsadmin');
  const errorText = useErrorText();
  const toast = useToast();
  const teams = useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => listTeams(signal) });
  const [form, setForm] = useState({ url: '', description: '', name: '', kind: 'slack' as ChatChannel['kind'], locale: 'en' as 'en' | 'de', teamId: '', events: ['incident.created', 'incident.state_changed'] as string[] });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: async () => {
      if (what === 'endpoint') {
        const r = await createEndpoint({ url: form.url, description: form.description, eventTypes: form.events, teamId: form.teamId || null });
        onSecret({ url: r.url, secret: r.secret });
      } else {
        await createChannel({ kind: form.kind, name: form.name, url: form.url, teamId: form.teamId || null, locale: form.locale });
        toast.success(t('destinations.channelCreated'));
      }
    },
    onSuccess: onDone,
    onError: (e) => {
      const f = destinationErrors(e);
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
      title={what === 'endpoint' ? t('destinations.newEndpoint') : t('destinations.newChannel')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="destination-form" variant="primary" loading={save.isPending}>
            {t('destinations.create')}
          </Button>
        </>
      }
    >
      <form id="destination-form" onSubmit={submit} noValidate className={styles.form}>
        {what === 'channel' ? (
          <>
            <Field label={t('destinations.kind')}>
              <Select value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as ChatChannel['kind'] })} options={(['slack', 'mattermost', 'teams'] as const).map((k) => ({ value: k, label: t(`deliveries.channel.${k}`) }))} />
            </Field>
            <Field label={t('editor.name')} required error={errors.name}>
              <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
            </Field>
          </>
        ) : null}
        <Field label={what === 'endpoint' ? t('destinations.url') : t('destinations.webhookUrl')} required error={errors.url}>
          <Input type="url" value={form.url} onChange={(e) => setForm({ ...form, url: e.target.value })} placeholder="https://" />
        </Field>
        {what === 'endpoint' ? (
          <>
            <Field label={t('policies.descriptionLabel')} error={errors.description}>
              <Input value={form.description} onChange={(e) => setForm({ ...form, description: e.target.value })} />
            </Field>
            <fieldset className={styles.checks}>
              <legend>{t('destinations.events')}</legend>
              {eventTypes.map((ev) => (
                <Checkbox key={ev} label={ev} checked={form.events.includes(ev)} onChange={(e) => setForm({ ...form, events: e.target.checked ? [...form.events, ev] : form.events.filter((x) => x !== ev) })} />
              ))}
              {errors.eventTypes ? <p className={styles.muted}>{errors.eventTypes}</p> : null}
            </fieldset>
          </>
        ) : (
          <Field label={t('destinations.locale')}>
            <Select value={form.locale} onChange={(e) => setForm({ ...form, locale: e.target.value as 'en' | 'de' })} options={[{ value: 'en', label: 'English' }, { value: 'de', label: 'Deutsch' }]} />
          </Field>
        )}
        <Field label={t('editor.team')} error={errors.teamId} hint={t('destinations.teamHint')}>
          <Select value={form.teamId} onChange={(e) => setForm({ ...form, teamId: e.target.value })} options={[{ value: '', label: t('destinations.allTeams') }, ...(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))]} />
        </Field>
      </form>
    </Dialog>
  );
}
