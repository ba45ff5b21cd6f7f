import type { RoutingRule } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Dialog, EmptyState, Notice, Page, PageSpinner, Table, useToast, type Column } from '../../ui';
import { OpsTabs } from './ops-tabs';
import { deleteRule, listRules, reorderRules, updateRule } from './routing.api';
import styles from './ops-admin.module.css';

/** Routing rules in evaluation order: reorder, enable or disable, delete, open the editor. */
export function RoutingRulesPage() {
  const { t } = useTranslation('opsadmin');
  const { hasRole } = useSession();
  const isAdmin = hasRole('admin');
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['routing-rules'], queryFn: ({ signal }) => listRules(signal) });
  const [deleting, setDeleting] = useState<RoutingRule | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['routing-rules'] });
  const onError = (e: unknown) => {
    toast.error(errorText(e));
    refresh();
  };
  const reorder = useMutation({ mutationFn: reorderRules, onSuccess: (r) => queryClient.setQueryData(['routing-rules'], r), onError });
  const toggle = useMutation({
    mutationFn: (r: RoutingRule) => updateRule(r.id, { enabled: !r.enabled }, r.version),
    onSuccess: (r) => {
      toast.success(r.enabled ? t('rules.enabledDone', { name: r.name }) : t('rules.disabledDone', { name: r.name }));
      refresh();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (r: RoutingRule) => deleteRule(r.id, r.version),
    onSuccess: () => {
      toast.success(t('rules.deleted'));
      setDeleting(null);
      refresh();
    },
    onError,
  });
  const items = rules.data?.items ?? [];
  const move = (index: number, by: number) => {
    const ids = items.map((r) => r.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id!);
    reorder.mutate(ids);
  };

  const columns: Column<RoutingRule>[] = [
    { key: 'pos', header: t('rules.position'), cell: (r) => items.indexOf(r) + 1, width: '4rem' },
    {
      key: 'name',
      header: t('rules.name'),
      cell: (r) => (
        <div className={styles.stack}>
          <Link to={`/ops/routing-rules/${r.id}`}>{r.name}</Link>
          <span className={styles.muted}>{r.type ? t('rules.forType', { type: r.type.key }) : t('rules.allTypes')}</span>
        </div>
      ),
    },
    { key: 'conditions', header: t('rules.conditions'), cell: (r) => (r.conditions.length === 0 ? t('rules.always') : r.conditions.map((c) => t(`field.${c.field}`)).join(', ')) },
    { key: 'effects', header: t('rules.effects'), cell: (r) => r.effects.map((e) => t(`effect.${e.kind}`)).join(', ') },
    {
      key: 'state',
      header: t('rules.state'),
      cell: (r) => (
        <span className={styles.row}>
          <Badge tone={r.enabled ? 'success' : 'neutral'}>{r.enabled ? t('rules.enabled') : t('rules.disabled')}</Badge>
          {r.stopProcessing ? <Badge tone="info">{t('rules.stops')}</Badge> : null}
        </span>
      ),
    },
    ...(isAdmin
      ? [
          {
            key: 'actions',
            header: <span className="visually-hidden">{t('rules.actions')}</span>,
            cell: (r: RoutingRule) => {
              const i = items.indexOf(r);
              return (
                <span className={styles.row}>
                  <Button size="sm" variant="ghost" disabled={i === 0 || reorder.isPending} onClick={() => move(i, -1)} aria-label={t('rules.up', { name: r.name })}>
                    ↑
                  </Button>
                  <Button size="sm" variant="ghost" disabled={i === items.length - 1 || reorder.isPending} onClick={() => move(i, 1)} aria-label={t('rules.down', { name: r.name })}>
                    ↓
                  </Button>
                  <Button size="sm" onClick={() => toggle.mutate(r)} aria-label={`${r.enabled ? t('rules.disable') : t('rules.enable')}: ${r.name}`}>
                    {r.enabled ? t('rules.disable') : t('rules.enable')}
                  </Button>
                  <Button size="sm" variant="danger" onClick={() => setDeleting(r)} aria-label={`${t('rules.delete')}: ${r.name}`}>
                    {t('rules.delete')}
                  </Button>
                </span>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <Page
      title={t('rules.title')}
      description={t('rules.description')}
      actions={
        isAdmin ? (
          <Link className={styles.buttonLink} to="/ops/routing-rules/new">
            {t('rules.new')}
          </Link>
        ) : null
      }
    >
      <OpsTabs />
      {rules.isPending ? (
        <PageSpinner />
      ) : rules.isError ? (
        <Notice tone="error">{errorText(rules.error)}</Notice>
      ) : (
        <Table caption={t('rules.caption')} columns={columns} rows={items} rowKey={(r) => r.id} empty={<EmptyState title={t('rules.empty')} description={t('rules.emptyHint')} />} />
      )}
      <Dialog
        open={Boolean(deleting)}
        onClose={() => setDeleting(null)}
        size="sm"
        title={t('rules.deleteTitle')}
        footer={
          <>
            <Button onClick={() => setDeleting(null)}>{t('common:action.cancel')}</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => deleting && remove.mutate(deleting)}>
              {t('rules.delete')}
            </Button>
          </>
        }
      >
        <p>{t('rules.deleteConfirm', { name: deleting?.name ?? '' })}</p>
      </Dialog>
    </Page>
  );
}
