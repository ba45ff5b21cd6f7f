import type { ApiToken, ApiTokenCreated, TokenScope } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Dialog, EmptyState, Field, Input, Notice, Page, Select, Table, useToast, type Column } from '../../ui';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CopyButton } from '../../ui/copy-button';
import { fromWallTime, todayIn } from '../../lib/zoned-time';
import { addDays, expiryChoices, tokenStatus, type ExpiryChoice } from './token-status';
import { createToken, listTokens, revokeToken } from './tokens.api';
import styles from './tokens.module.css';

const statusTone = { active: 'success', expired: 'warning', revoked: 'neutral' } as const;

/** /account/tokens: the user's own API tokens: create one (its secret shown once), see when each was last used, revoke. */
export function TokensPage() {
  const { t } = useTranslation('tokens');
  const { format } = useSession();
  const errorText = useErrorText();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [showRevoked, setShowRevoked] = useState(false);
  const query = useQuery({ queryKey: ['tokens'], queryFn: ({ signal }) => listTokens(signal) });
  const all = query.data?.items ?? [];
  const rows = showRevoked ? all : all.filter((tk) => tokenStatus(tk) !== 'revoked');
  const revokedCount = all.length - all.filter((tk) => tokenStatus(tk) !== 'revoked').length;

  const columns: Column<ApiToken>[] = [
    { key: 'name', header: t('columns.name'), cell: (tk) => <strong className={styles.name}>{tk.name}</strong> },
    { key: 'prefix', header: t('columns.token'), cell: (tk) => <code>{tk.prefix}…</code> },
    { key: 'scope', header: t('columns.scope'), cell: (tk) => (tk.scope === 'write' ? <Badge tone="warning">{t('scope.write')}</Badge> : <Badge tone="info">{t('scope.read')}</Badge>) },
    { key: 'status', header: t('columns.status'), cell: (tk) => <Badge tone={statusTone[tokenStatus(tk)]}>{t(`status.${tokenStatus(tk)}`)}</Badge> },
    { key: 'created', header: t('columns.created'), cell: (tk) => format.date(tk.createdAt) },
    {
      key: 'lastUsed',
      header: t('columns.lastUsed'),
      cell: (tk) => (tk.lastUsedAt ? <span title={format.dateTime(tk.lastUsedAt)}>{format.relative(tk.lastUsedAt)}</span> : <span className={styles.muted}>{t('never')}</span>),
    },
    {
      key: 'expires',
      header: t('columns.expires'),
      cell: (tk) => (tk.revokedAt ? t('revokedOn', { date: format.date(tk.revokedAt) }) : tk.expiresAt ? format.dateTime(tk.expiresAt) : <span className={styles.muted}>{t('noExpiry')}</span>),
    },
    {
      key: 'actions',
      header: t('columns.actions'),
      align: 'end',
      cell: (tk) =>
        tk.revokedAt ? null : (
          <Button size="sm" variant="danger" onClick={() => setRevoking(tk)} aria-label={t('revokeNamed', { name: tk.name })}>
            {t('revoke')}
          </Button>
        ),
    },
  ];

  return (
    <Page
      title={t('title')}
      description={t('description')}
      actions={
        <Button variant="primary" onClick={() => setCreating(true)}>
          {t('new')}
        </Button>
      }
    >
      <nav aria-label={t('crumbs')} className={styles.crumbs}>
        <Link to="/account">{t('settings')}</Link> <span aria-hidden="true">›</span> <span aria-current="page">{t('title')}</span>
      </nav>
      <Notice tone="info">{t('usage')}</Notice>
      {query.isError ? <Notice tone="error">{errorText(query.error)}</Notice> : null}
      {query.data ? (
        <Table caption={t('title')} columns={columns} rows={rows} rowKey={(tk) => tk.id} empty={<EmptyState title={t('empty')} description={t('emptyHint')} />} />
      ) : null}
      {revokedCount > 0 ? (
        <Button size="sm" variant="ghost" className={styles.toggle} aria-pressed={showRevoked} onClick={() => setShowRevoked((s) => !s)}>
          {showRevoked ? t('hideRevoked') : t('showRevoked', { count: revokedCount })}
        </Button>
      ) : null}
      {creating ? <CreateTokenDialog onClose={() => setCreating(false)} /> : null}
      <RevokeDialog token={revoking} onClose={() => setRevoking(null)} />
    </Page>
  );
}

function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('tokens');
  const { user, format } = useSession();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const formId = useId();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [expiry, setExpiry] = useState<ExpiryChoice>('90');
  const [date, setDate] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const today = todayIn(user.timeZone);
  const create = useMutation({
    mutationFn: createToken,
    onSuccess: (token) => {
      setCreated(token);
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const server = fieldErrors(create.error);

  const expiresAt = (): string | undefined | null => {
    if (expiry === 'never') return undefined;
    const day = expiry === 'date' ? date : addDays(today, Number(expiry));
    return day ? fromWallTime(`${day}T23:59`, user.timeZone) : null;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!name.trim()) errors.name = t('errors.name');
    const at = expiresAt();
    if (at === null || (expiry === 'date' && date <= today)) errors.expiresAt = t('errors.future');
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    create.mutate({ name: name.trim(), scope, ...(at ? { expiresAt: at } : {}) });
  };

  if (created) {
    return (
      <Dialog open onClose={onClose} title={t('created.title')} footer={<Button variant="primary" onClick={onClose}>{t('created.done')}</Button>}>
        <Notice tone="warning" title={t('created.once')}>
          {t('created.onceText')}
        </Notice>
        <Field label={t('created.secret', { name: created.name })}>
          <Input readOnly value={created.token} className={styles.secret} onFocus={(e) => e.target.select()} data-testid="token-secret" />
        </Field>
        <CopyButton value={created.token} label={t('created.copy')} copiedLabel={t('created.copied')} variant="primary" />
        <p className={styles.hint}>{t('created.how')}</p>
        <pre className={styles.example} tabIndex={0} aria-label={t('created.example')}>{`curl -H "Authorization: Bearer ${created.token}" ${window.location.origin}/api/v1/me`}</pre>
        <p className={styles.hint}>
          {t(`scope.${created.scope}Hint`)} {created.expiresAt ? t('created.expires', { date: format.dateTime(created.expiresAt) }) : t('noExpiry')}
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={create.isPending}>
            {t('create')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        {create.isError && Object.keys(server).length === 0 ? <Notice tone="error">{errorText(create.error)}</Notice> : null}
        <Field label={t('columns.name')} error={clientErrors.name ?? (server.name ? t('errors.name') : undefined)} hint={t('nameHint')} required>
          <Input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </Field>
        <fieldset className={styles.scopes}>
          <legend>{t('columns.scope')}</legend>
          {(['read', 'write'] as const).map((s) => (
            <label key={s} className={styles.scope}>
              <input type="radio" name="scope" value={s} checked={scope === s} onChange={() => setScope(s)} aria-describedby={`${formId}-${s}`} />
              <span>
                <strong>{t(`scope.${s}`)}</strong>
                <span id={`${formId}-${s}`} className={styles.hint}>
                  {t(`scope.${s}Hint`)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
        <Field label={t('expiry.label')} error={expiry !== 'date' ? (clientErrors.expiresAt ?? (server.expiresAt ? t('errors.future') : undefined)) : undefined} hint={t('expiry.hint')}>
          <Select value={expiry} onChange={(e) => setExpiry(e.target.value as ExpiryChoice)} options={expiryChoices.map((c) => ({ value: c, label: t(`expiry.${c}`) }))} />
        </Field>
        {expiry === 'date' ? (
          <Field label={t('expiry.day')} error={clientErrors.expiresAt ?? (server.expiresAt ? t('errors.future') : undefined)} hint={t('expiry.dateHint', { zone: user.timeZone })} required>
            <Input type="date" min={addDays(today, 1)} value={date} onChange={(e) => setDate(e.target.value)} />
          </Field>
        ) : null}
      </form>
    </Dialog>
  );
}

function RevokeDialog({ token, onClose }: { token: ApiToken | null; onClose: () => void }) {
  const { t } = useTranslation('tokens');
  const toast = useToast();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: (id: string) => revokeToken(id),
    onSuccess: () => {
      toast.success(t('revoked', { name: token?.name ?? '' }));
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open={token !== null}
      title={t('revokeTitle', { name: token?.name ?? '' })}
      confirmLabel={t('revoke')}
      busy={revoke.isPending}
      error={revoke.isError ? errorText(revoke.error) : null}
      onConfirm={() => token && revoke.mutate(token.id)}
      onClose={() => {
        revoke.reset();
        onClose();
      }}
    >
      <p>{t('revokeConfirm')}</p>
    </ConfirmDialog>
  );
}
