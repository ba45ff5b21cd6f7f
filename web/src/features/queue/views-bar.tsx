import type { SavedView, ViewColumn, ViewFilters, ViewSort } from '@vigil/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, Field, Input, Notice, useToast } from '../../ui';
import { DisclosureMenu } from './disclosure-menu';
import { createView, deleteView, updateView } from './queue.api';
import { viewsKey } from './queue-data';
import { defaultSort, queueSearch } from './queue-query';
import styles from './queue.module.css';

type Props = {
  views: readonly SavedView[];
  active: SavedView | null;
  /** The list as shown now (saved with "save as new view" or "save changes"). */
  current: { filters: ViewFilters; sort: ViewSort; columns: ViewColumn[] };
  modified: boolean;
  onOpenView: (view: SavedView | null) => void;
  onOpenColumns: () => void;
};

/** The saved views as tabs (links, so each is shareable and opens in a new tab), with save, rename, reorder and delete. */
export function ViewsBar({ views, active, current, modified, onOpenView, onOpenColumns }: Props) {
  const { t } = useTranslation('queue');
  const queryClient = useQueryClient();
  const toast = useToast();
  const errorText = useErrorText();
  const [dialog, setDialog] = useState<null | 'create' | 'rename' | 'delete'>(null);

  const setViews = (next: (items: SavedView[]) => SavedView[]) => queryClient.setQueryData<{ items: SavedView[] }>(viewsKey, (old) => (old ? { items: next(old.items) } : old));
  const onError = (err: unknown) => toast.error(errorText(err));

  const save = useMutation({
    mutationFn: (view: SavedView) => updateView(view.id, { filters: current.filters, sort: current.sort }),
    onSuccess: (saved) => {
      setViews((items) => items.map((v) => (v.id === saved.id ? saved : v)));
      toast.success(t('views.saved', { name: saved.name }));
    },
    onError,
  });
  const move = useMutation({
    mutationFn: ({ view, position }: { view: SavedView; position: number }) => updateView(view.id, { position }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: viewsKey }),
    onError,
  });

  const allActive = !active && Object.keys(current.filters).length === 0;
  const index = active ? views.findIndex((v) => v.id === active.id) : -1;

  return (
    <div className={styles.viewsBar}>
      <nav aria-label={t('views.label')} className={styles.tabsNav}>
        <ul className={styles.tabs}>
          {views.map((v) => (
            <li key={v.id}>
              <Link
                to={`?${queueSearch({ viewId: v.id, filters: v.filters, sort: v.sort })}`}
                className={`${styles.tab} ${active?.id === v.id ? styles.tabActive : ''}`}
                aria-current={active?.id === v.id ? 'page' : undefined}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                  e.preventDefault();
                  onOpenView(v);
                }}
              >
                {v.name}
                {active?.id === v.id && modified ? (
                  <span className={styles.modifiedDot} title={t('views.modified')}>
                    <span aria-hidden="true">•</span>
                    <span className="visually-hidden"> ({t('views.modified')})</span>
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
          <li>
            <Link
              to={`?${queueSearch({ viewId: null, filters: {}, sort: defaultSort })}`}
              className={`${styles.tab} ${allActive ? styles.tabActive : ''}`}
              aria-current={allActive ? 'page' : undefined}
              onClick={(e) => {
                if (e.metaKey || e.ctrlKey || e.shiftKey) return;
                e.preventDefault();
                onOpenView(null);
              }}
            >
              {t('views.all')}
            </Link>
          </li>
        </ul>
      </nav>
      <div className={styles.viewActions}>
        {active && modified ? (
          <>
            <Button size="sm" variant="primary" loading={save.isPending} onClick={() => save.mutate(active)}>
              {t('views.saveChanges')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onOpenView(active)}>
              {t('views.reset')}
            </Button>
          </>
        ) : null}
        <Button size="sm" onClick={() => setDialog('create')}>
          {t('views.saveAs')}
        </Button>
        <DisclosureMenu label={t('views.options')}>
          {(close) => (
            <div className={styles.menuList}>
              <button type="button" className={styles.menuItem} onClick={() => (close(), onOpenColumns())}>
                {t('columnsPicker.open')}
              </button>
              {active ? (
                <>
                  <button type="button" className={styles.menuItem} onClick={() => (close(), setDialog('rename'))}>
                    {t('views.rename')}
                  </button>
                  <button type="button" className={styles.menuItem} disabled={index <= 0 || move.isPending} onClick={() => (close(), move.mutate({ view: active, position: index - 1 }))}>
                    {t('views.moveLeft')}
                  </button>
                  <button type="button" className={styles.menuItem} disabled={index < 0 || index >= views.length - 1 || move.isPending} onClick={() => (close(), move.mutate({ view: active, position: index + 1 }))}>
                    {t('views.moveRight')}
                  </button>
                  <button type="button" className={`${styles.menuItem} ${styles.menuDanger}`} onClick={() => (close(), setDialog('delete'))}>
                    {t('views.delete')}
                  </button>
                </>
              ) : null}
            </div>
          )}
        </DisclosureMenu>
      </div>
      {dialog === 'create' ? (
        <ViewNameDialog
          title={t('views.createTitle')}
          submitLabel={t('views.create')}
          initial=""
          hint={t('views.createHint')}
          onClose={() => setDialog(null)}
          submit={async (name) => {
            const view = await createView({ name, filters: current.filters, sort: current.sort, columns: current.columns });
            setViews((items) => [...items, view]);
            toast.success(t('views.created', { name: view.name }));
            onOpenView(view);
          }}
        />
      ) : null}
      {dialog === 'rename' && active ? (
        <ViewNameDialog
          title={t('views.renameTitle')}
          submitLabel={t('common:action.save')}
          initial={active.name}
          onClose={() => setDialog(null)}
          submit={async (name) => {
            const view = await updateView(active.id, { name });
            setViews((items) => items.map((v) => (v.id === view.id ? view : v)));
            toast.success(t('views.renamed', { name: view.name }));
          }}
        />
      ) : null}
      {dialog === 'delete' && active ? (
        <DeleteViewDialog
          view={active}
          onClose={() => setDialog(null)}
          onDeleted={() => {
            const rest = views.filter((v) => v.id !== active.id);
            setViews(() => rest);
            toast.success(t('views.deleted', { name: active.name }));
            onOpenView(rest[0] ?? null);
          }}
        />
      ) : null}
    </div>
  );
}

function ViewNameDialog({ title, submitLabel, initial, hint, onClose, submit }: { title: string; submitLabel: string; initial: string; hint?: string; onClose: () => void; submit: (name: string) => Promise<void> }) {
  const { t } = useTranslation('queue');
  const errorText = useErrorText();
  const [name, setName] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrors(error);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError(new Error('empty'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await submit(name.trim());
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const nameError = error instanceof Error && error.message === 'empty' ? t('views.nameRequired') : fields.name ? t('views.nameInvalid') : undefined;
  const otherError = error && !nameError ? errorText(error) : null;
  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      size="sm"
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="queue-view-name" variant="primary" loading={busy}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form id="queue-view-name" onSubmit={onSubmit} noValidate>
        {otherError ? <Notice tone="error">{otherError}</Notice> : null}
        <Field label={t('views.name')} error={nameError} hint={hint} required>
          <Input name="name" value={name} maxLength={100} autoFocus onChange={(e) => setName(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}

function DeleteViewDialog({ view, onClose, onDeleted }: { view: SavedView; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation('queue');
  const errorText = useErrorText();
  const remove = useMutation({ mutationFn: () => deleteView(view.id), onSuccess: () => (onDeleted(), onClose()) });
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('views.deleteTitle', { name: view.name })}
      size="sm"
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
            {t('views.delete')}
          </Button>
        </>
      }
    >
      {remove.isError ? <Notice tone="error">{errorText(remove.error)}</Notice> : null}
      <p>{t('views.deleteText')}</p>
    </Dialog>
  );
}
