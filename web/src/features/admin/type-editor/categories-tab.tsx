import type { Category } from '@vigil/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, EmptyState, Field, Input } from '../../../ui';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { localized } from '../localized';
import { keyify } from '../slug';
import { categoryAt, move, updateCategory, updateSiblings } from './draft';
import type { TabProps } from './editor-types';
import { focusSoon } from './localized-input';
import styles from './type-editor.module.css';

const pathId = (path: readonly number[]) => path.join('-');
const issuePath = (path: readonly number[]) => `categories.${path.join('.children.')}`;

/** The category tree: categories with subcategories, each with labels and a key unique among its siblings. */
export function CategoriesTab(props: TabProps) {
  const { draft, update, locale } = props;
  const { t } = useTranslation('admin');
  const [removing, setRemoving] = useState<number[] | null>(null);
  // Large trees start folded to their first level; a small one shows everything.
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(countNodes(draft.categories) <= 20 ? allPaths(draft.categories) : []));
  const removingNode = removing ? categoryAt(draft.categories, removing) : undefined;
  const toggle = (id: string, on: boolean) => setOpen((o) => { const next = new Set(o); if (on) next.add(id); else next.delete(id); return next; });

  const add = (parent: number[]) => {
    const siblings = parent.length ? (categoryAt(draft.categories, parent)?.children ?? []) : draft.categories;
    update((d) => ({ ...d, categories: updateSiblings(d.categories, parent, (list) => [...list, { key: '', label: { en: '' } }]) }));
    if (parent.length) toggle(pathId(parent), true);
    focusSoon(`category-${pathId([...parent, siblings.length])}`);
  };

  return (
    <div className={styles.tab}>
      <div className={styles.tabIntro}>
        <p className={styles.hint}>{t('editor.categoryTree.intro')}</p>
        <Button variant="primary" onClick={() => add([])}>
          {t('editor.categoryTree.add')}
        </Button>
      </div>
      {draft.categories.length === 0 ? <EmptyState title={t('editor.categoryTree.empty')} /> : <CategoryList {...props} nodes={draft.categories} parent={[]} onAdd={add} onRemove={setRemoving} open={open} onToggle={toggle} />}
      <ConfirmDialog
        open={removingNode !== undefined}
        title={t('editor.categoryTree.removeTitle', { name: removingNode ? localized(removingNode.label, locale) || removingNode.key : '' })}
        confirmLabel={t('editor.remove')}
        onConfirm={() => {
          if (!removing) return;
          const index = removing[removing.length - 1]!;
          update((d) => ({ ...d, categories: updateSiblings(d.categories, removing.slice(0, -1), (list) => list.filter((_, i) => i !== index)) }));
          setRemoving(null);
        }}
        onClose={() => setRemoving(null)}
      >
        {removingNode?.children?.length ? <p>{t('editor.categoryTree.removeChildren', { count: removingNode.children.length })}</p> : <p>{t('editor.categoryTree.removeConfirm')}</p>}
        <p className={styles.hint}>{t('editor.unsavedUntilSave')}</p>
      </ConfirmDialog>
    </div>
  );
}

type ListProps = TabProps & {
  nodes: readonly Category[];
  parent: number[];
  onAdd: (parent: number[]) => void;
  onRemove: (path: number[]) => void;
  open: ReadonlySet<string>;
  onToggle: (id: string, open: boolean) => void;
};

function countNodes(nodes: readonly Category[]): number {
  return nodes.reduce((n, c) => n + 1 + countNodes(c.children ?? []), 0);
}

/** The key paths of the saved tree (`network/wifi`). */
function savedPaths(nodes: readonly Category[], prefix = ''): Set<string> {
  const out = new Set<string>();
  for (const c of nodes) {
    const path = prefix ? `${prefix}/${c.key}` : c.key;
    out.add(path);
    for (const p of savedPaths(c.children ?? [], path)) out.add(p);
  }
  return out;
}

function allPaths(nodes: readonly Category[], parent: number[] = []): string[] {
  return nodes.flatMap((c, i) => [pathId([...parent, i]), ...allPaths(c.children ?? [], [...parent, i])]);
}

function CategoryList({ nodes, parent, ...props }: ListProps) {
  const { t } = useTranslation('admin');
  const { update, issues, say, locale, onAdd, onRemove, open, onToggle } = props;
  const depth = parent.length;
  // Incidents store their category as the path of keys: a saved category keeps its key.
  const saved = savedPaths(props.base.categories);
  const parentKeys = parent.map((_, i) => categoryAt(props.draft.categories, parent.slice(0, i + 1))?.key ?? '');
  return (
    <ol className={depth === 0 ? styles.tree : styles.subtree}>
      {nodes.map((node, i) => {
        const path = [...parent, i];
        const id = pathId(path);
        const at = issuePath(path);
        const name = localized(node.label, locale) || node.key || t('editor.untitled');
        const expanded = open.has(id);
        const parentName = depth > 0 ? localized(categoryAt(props.draft.categories, parent)?.label, locale) : '';
        const where = (own: string) => (depth === 0 ? t('editor.categoryTree.label', { name: own }) : t('editor.categoryTree.subLabel', { name: own, parent: parentName }));
        const set = (change: Partial<Category>) => update((d) => ({ ...d, categories: updateCategory(d.categories, path, (n) => ({ ...n, ...change })) }));
        const shift = (by: -1 | 1) => {
          update((d) => ({ ...d, categories: updateSiblings(d.categories, parent, (list) => move(list, i, by)) }));
          focusSoon(`category-${by < 0 ? 'up' : 'down'}-${pathId([...parent, i + by])}`);
        };
        return (
          <li key={i} className={styles.treeItem}>
            <div className={styles.treeNode}>
              <Field label={<>{t('editor.workflow.english')}<span className="visually-hidden"> – {where(name)}</span></>} error={say(issues[`${at}.label.en`])} required>
                <Input lang="en" value={node.label.en} maxLength={500} data-focus={`category-${id}`} onChange={(e) => set({ label: { ...node.label, en: e.target.value } })} onBlur={(e) => !node.key && set({ key: keyify(e.target.value) })} />
              </Field>
              <Field label={<>{t('editor.workflow.german')}<span className="visually-hidden"> – {where(name)}</span></>} error={say(issues[`${at}.label.de`])}>
                <Input lang="de" value={node.label.de ?? ''} maxLength={500} onChange={(e) => set({ label: { ...node.label, de: e.target.value } })} />
              </Field>
              <Field label={<>{t('editor.key')}<span className="visually-hidden"> – {where(name)}</span></>} error={say(issues[`${at}.key`])} required>
                <Input
                  value={node.key}
                  maxLength={63}
                  spellCheck={false}
                  disabled={saved.has([...parentKeys, node.key].join('/'))}
                  title={saved.has([...parentKeys, node.key].join('/')) ? t('editor.categoryTree.keyLocked') : undefined}
                  onChange={(e) => set({ key: e.target.value })}
                />
              </Field>
              <div className={styles.itemActions}>
                {node.children?.length ? (
                  <Button size="sm" variant="ghost" icon={<span aria-hidden="true">{expanded ? '▾' : '▸'}</span>} aria-expanded={expanded} aria-controls={`category-children-${id}`} onClick={() => onToggle(id, !expanded)}>
                    {expanded ? t('editor.categoryTree.hideChildren', { count: node.children.length }) : t('editor.categoryTree.showChildren', { count: node.children.length })}
                  </Button>
                ) : null}
                <Button size="sm" onClick={() => onAdd(path)} aria-label={t('editor.categoryTree.addChildNamed', { name })}>
                  {t('editor.categoryTree.addChild')}
                </Button>
                <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`category-up-${id}`} disabled={i === 0} onClick={() => shift(-1)} aria-label={t('editor.moveUpNamed', { name })}>
                  <span aria-hidden="true">↑</span>
                </Button>
                <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`category-down-${id}`} disabled={i === nodes.length - 1} onClick={() => shift(1)} aria-label={t('editor.moveDownNamed', { name })}>
                  <span aria-hidden="true">↓</span>
                </Button>
                <Button size="sm" variant="ghost" onClick={() => onRemove(path)} aria-label={t('editor.removeNamed', { name })}>
                  {t('editor.remove')}
                </Button>
              </div>
            </div>
            {node.children?.length && expanded ? (
              <div id={`category-children-${id}`}>
                <CategoryList {...props} nodes={node.children} parent={path} />
              </div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
