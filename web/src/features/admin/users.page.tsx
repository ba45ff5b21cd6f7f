import type { Role, UserSummary } from '@vigil/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, EmptyState, Field, Input, Notice, Page, Select, Table, type Column } from '../../ui';
import { listUsers } from './admin.api';
import { AdminCrumbs, allRoleValues, Toolbar } from './admin-ui';
import { CreateUserDialog, UserDialog } from './user-dialogs';
import styles from './admin.module.css';

const pageSize = 50;

/** /admin/users: find people by name or email, role and status; create, edit, deactivate. */
export function UsersPage() {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const { user: me } = useSession();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = (params.get('role') ?? '') as Role | '';
  const status = params.get('status') ?? 'active';
  const offset = Math.max(0, Number(params.get('offset') ?? 0) || 0);
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);

  const setParam = (key: string, value: string, fallback = '') =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === fallback) next.delete(key);
        else next.set(key, value);
        next.delete('offset');
        return next;
      },
      { replace: true },
    );

  // Typing filters after a short pause, not on every key.
  useEffect(() => {
    if (search.trim() === q) return;
    const timer = window.setTimeout(() => setParam('q', search.trim()), 300);
    return () => window.clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- setParam is rebuilt each render; q and search decide
  }, [search, q]);

  const query = useQuery({
    queryKey: ['admin', 'users', { q, role, status, offset }],
    queryFn: ({ signal }) => listUsers({ q, role, active: status === 'all' ? '' : status === 'active' ? 'true' : 'false', limit: pageSize, offset }, signal),
    placeholderData: keepPreviousData,
  });
  const total = query.data?.total ?? 0;

  const columns: Column<UserSummary>[] = [
    {
      key: 'name',
      header: t('users.columns.nameEmail'),
      cell: (u) => (
        <span className={styles.person}>
          <button type="button" className={styles.linkButton} onClick={() => setEditing(u.id)}>
            {u.name}
            {u.id === me.id ? <span className={styles.muted}> ({t('users.you')})</span> : null}
          </button>
          <span className={`${styles.muted} ${styles.breakable}`}>{u.email}</span>
        </span>
      ),
    },
    { key: 'role', header: t('users.columns.role'), cell: (u) => t(`common:roles.${u.role}`) },
    {
      key: 'status',
      header: t('users.columns.status'),
      cell: (u) => (u.active ? <Badge tone="success">{t('users.active')}</Badge> : <Badge tone="neutral">{t('users.inactive')}</Badge>),
    },
    {
      key: 'actions',
      header: t('table.actions'),
      align: 'end',
      cell: (u) => (
        <Button size="sm" onClick={() => setEditing(u.id)} aria-label={t('users.editNamed', { name: u.name })}>
          {t('users.edit')}
        </Button>
      ),
    },
  ];

  return (
    <Page
      title={t('sections.users.title')}
      description={t('users.description')}
      actions={
        <Button variant="primary" onClick={() => setCreating(true)}>
          {t('users.new')}
        </Button>
      }
    >
      <AdminCrumbs items={[{ label: t('sections.users.title') }]} />
      <Toolbar>
        <Field label={t('users.search')} className={styles.grow}>
          <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('users.searchPlaceholder')} autoComplete="off" />
        </Field>
        <Field label={t('users.columns.role')}>
          <Select value={role} onChange={(e) => setParam('role', e.target.value)} options={[{ value: '', label: t('users.allRoles') }, ...allRoleValues.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))]} />
        </Field>
        <Field label={t('users.columns.status')}>
          <Select
            value={status}
            onChange={(e) => setParam('status', e.target.value, 'active')}
            options={[
              { value: 'active', label: t('users.filterActive') },
              { value: 'inactive', label: t('users.filterInactive') },
              { value: 'all', label: t('users.filterAll') },
            ]}
          />
        </Field>
      </Toolbar>
      {query.isError ? <Notice tone="error">{errorText(query.error)}</Notice> : null}
      <p className={styles.count} role="status">
        {query.isPending ? t('common:status.loading') : t('users.count', { count: total })}
      </p>
      {query.data ? (
        <Table
          caption={t('sections.users.title')}
          columns={columns}
          rows={query.data.items}
          rowKey={(u) => u.id}
          empty={<EmptyState title={t('users.empty')} description={q || role || status !== 'active' ? t('users.emptyFiltered') : undefined} />}
        />
      ) : null}
      {total > pageSize ? (
        <div className={styles.pager}>
          <Button size="sm" disabled={offset === 0} onClick={() => setParams((p) => withOffset(p, Math.max(0, offset - pageSize)))}>
            {t('pager.previous')}
          </Button>
          <span>{t('pager.range', { from: offset + 1, to: Math.min(offset + pageSize, total), total })}</span>
          <Button size="sm" disabled={offset + pageSize >= total} onClick={() => setParams((p) => withOffset(p, offset + pageSize))}>
            {t('pager.next')}
          </Button>
        </div>
      ) : null}
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      {editing ? <UserDialog userId={editing} onClose={() => setEditing(null)} /> : null}
    </Page>
  );
}

function withOffset(prev: URLSearchParams, offset: number): URLSearchParams {
  const next = new URLSearchParams(prev);
  if (offset > 0) next.set('offset', String(offset));
  else next.delete('offset');
  return next;
}
