import { coreFieldLabels, stateCategories, type StateCategory, type WorkflowTransition } from '@vigil/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Button, Field, Input, Notice, Select, StatusBadge } from '../../../ui';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { localized } from '../localized';
import { keyify } from '../slug';
import { move, removeState, renameState } from './draft';
import type { TabProps } from './editor-types';
import { focusSoon } from './localized-input';
import { TransitionDialog } from './transition-dialog';
import { hasIssuesAt, issuesUnder } from './validate';
import styles from './type-editor.module.css';

/** What the server said when a save removed or re-categorised states that incidents are in. */
export type StateInUse = { state: string; count: number; change: 'removed' | 'category_changed' };

type Props = TabProps & { statesInUse: StateInUse[] | null; onRestoreStates: () => void };

/** The workflow: states with their categories, the initial state, and the transitions between them with their guards. */
export function WorkflowTab(props: Props) {
  const { draft, update, issues, say, locale, statesInUse, onRestoreStates } = props;
  const { t } = useTranslation('admin');
  const states = draft.workflow.states;
  return (
    <div className={styles.tab}>
      {statesInUse && statesInUse.length > 0 ? (
        <Notice tone="error" title={t('editor.workflow.inUseTitle')}>
          <ul className={styles.plainList}>
            {statesInUse.map((u) => (
              <li key={u.state}>{t(u.change === 'removed' ? 'editor.workflow.inUseRemoved' : 'editor.workflow.inUseCategory', { state: u.state, count: u.count })}</li>
            ))}
          </ul>
          <p>{t('editor.workflow.inUseHint')}</p>
          <Button size="sm" onClick={onRestoreStates}>
            {t('editor.workflow.restore')}
          </Button>
        </Notice>
      ) : null}
      <section aria-labelledby="wf-states" className={styles.block}>
        <div className={styles.tabIntro}>
          <h2 id="wf-states" className={styles.blockTitle}>
            {t('editor.workflow.states')}
          </h2>
          <Button
            variant="primary"
            onClick={() => {
              update((d) => ({ ...d, workflow: { ...d.workflow, states: [...d.workflow.states, { key: '', label: { en: '' }, category: 'active' }] } }));
              focusSoon(`state-label-${states.length}`);
            }}
          >
            {t('editor.workflow.addState')}
          </Button>
        </div>
        <p className={styles.hint}>{t('editor.workflow.statesHint')}</p>
        <dl className={styles.legend}>
          {stateCategories.map((c) => (
            <div key={c}>
              <dt>
                <StatusBadge label={t(`editor.categories.${c}`)} category={c} />
              </dt>
              <dd>{t(`editor.categories.${c}Hint`)}</dd>
            </div>
          ))}
        </dl>
        <Field label={t('editor.workflow.initial')} error={say(issues['workflow.initial'])} hint={t('editor.workflow.initialHint')}>
          <Select
            value={draft.workflow.initial}
            onChange={(e) => update((d) => ({ ...d, workflow: { ...d.workflow, initial: e.target.value } }))}
            options={states.filter((s) => s.key).map((s) => ({ value: s.key, label: localized(s.label, locale) || s.key }))}
          />
        </Field>
        <StatesList {...props} />
      </section>
      <TransitionsSection {...props} />
    </div>
  );
}

function StatesList({ draft, base, update, issues, say, locale }: TabProps) {
  const { t } = useTranslation('admin');
  const [removing, setRemoving] = useState<number | null>(null);
  const states = draft.workflow.states;
  const saved = new Set(base.workflow.states.map((s) => s.key));
  const transitionsOf = (key: string) => draft.workflow.transitions.filter((tr) => tr.to === key || tr.from.includes(key));
  const setKey = (index: number, value: string) =>
    update((d) => {
      const current = d.workflow.states[index]!.key;
      const takenByOther = d.workflow.states.some((s, i) => i !== index && s.key === current);
      // Rename references only when this state alone had the old key, so a clash while typing never re-points another state's transitions.
      const workflow = current && !takenByOther && !d.workflow.states.some((s, i) => i !== index && s.key === value) ? renameState(d.workflow, current, value) : { ...d.workflow, states: d.workflow.states.map((s, i) => (i === index ? { ...s, key: value } : s)) };
      return { ...d, workflow };
    });
  const setState = (index: number, change: Partial<(typeof states)[number]>) =>
    update((d) => ({ ...d, workflow: { ...d.workflow, states: d.workflow.states.map((s, i) => (i === index ? { ...s, ...change } : s)) } }));
  const removingState = removing !== null ? states[removing] : undefined;
  const removal = removingState ? removeState(draft.workflow, removingState.key) : null;

  return (
    <>
      <ol className={styles.itemList} aria-label={t('editor.workflow.states')}>
        {states.map((s, i) => {
          const name = localized(s.label, locale) || s.key || t('editor.untitled');
          const isSaved = saved.has(s.key);
          const isInitial = draft.workflow.initial === s.key;
          const invalid = hasIssuesAt(issues, `workflow.states.${i}`);
          return (
            <li key={i} className={`${styles.item} ${styles.stateItem} ${invalid ? styles.itemInvalid : ''}`}>
              <div className={styles.stateHead}>
                <StatusBadge label={name} category={s.category} />
                {isInitial ? <Badge tone="info">{t('editor.workflow.initialBadge')}</Badge> : null}
                {!isSaved ? <Badge tone="warning">{t('editor.new')}</Badge> : null}
                <span className={styles.itemMeta}>{t('editor.workflow.usedBy', { count: transitionsOf(s.key).length })}</span>
                <div className={`${styles.itemActions} ${styles.pushEnd}`}>
                  <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`state-up-${i}`} disabled={i === 0} onClick={() => { update((d) => ({ ...d, workflow: { ...d.workflow, states: move(d.workflow.states, i, -1) } })); focusSoon(`state-up-${i - 1}`); }} aria-label={t('editor.moveUpNamed', { name })}>
                    <span aria-hidden="true">↑</span>
                  </Button>
                  <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`state-down-${i}`} disabled={i === states.length - 1} onClick={() => { update((d) => ({ ...d, workflow: { ...d.workflow, states: move(d.workflow.states, i, 1) } })); focusSoon(`state-down-${i + 1}`); }} aria-label={t('editor.moveDownNamed', { name })}>
                    <span aria-hidden="true">↓</span>
                  </Button>
                  <Button size="sm" variant="ghost" disabled={isInitial || states.length === 1} title={isInitial ? t('editor.workflow.initialCannotGo') : undefined} onClick={() => setRemoving(i)} aria-label={t('editor.removeNamed', { name })}>
                    {t('editor.remove')}
                  </Button>
                </div>
              </div>
              <div className={styles.stateGrid}>
                <Field label={<>{t('editor.workflow.english')}<span className="visually-hidden"> {t('editor.workflow.ofState', { n: i + 1 })}</span></>} error={say(issues[`workflow.states.${i}.label.en`])} required>
                  <Input lang="en" value={s.label.en} maxLength={500} data-focus={`state-label-${i}`} onChange={(e) => setState(i, { label: { ...s.label, en: e.target.value } })} onBlur={(e) => !s.key && setKey(i, keyify(e.target.value))} />
                </Field>
                <Field label={<>{t('editor.workflow.german')}<span className="visually-hidden"> {t('editor.workflow.ofState', { n: i + 1 })}</span></>} error={say(issues[`workflow.states.${i}.label.de`])}>
                  <Input lang="de" value={s.label.de ?? ''} maxLength={500} onChange={(e) => setState(i, { label: { ...s.label, de: e.target.value } })} />
                </Field>
                <Field label={<>{t('editor.key')}<span className="visually-hidden"> {t('editor.workflow.ofState', { n: i + 1 })}</span></>} error={say(issues[`workflow.states.${i}.key`])} required>
                  <Input value={s.key} maxLength={63} spellCheck={false} disabled={isSaved} title={isSaved ? t('editor.workflow.keyLocked') : undefined} onChange={(e) => setKey(i, e.target.value)} />
                </Field>
                <Field label={<>{t('editor.workflow.categoryShort')}<span className="visually-hidden"> {t('editor.workflow.ofState', { n: i + 1 })}</span></>}>
                  <Select value={s.category} onChange={(e) => setState(i, { category: e.target.value as StateCategory })} options={stateCategories.map((c) => ({ value: c, label: t(`editor.categories.${c}`) }))} />
                </Field>
              </div>
            </li>
          );
        })}
      </ol>
      <ConfirmDialog
        open={removingState !== undefined}
        title={t('editor.workflow.removeTitle', { name: removingState ? localized(removingState.label, locale) || removingState.key : '' })}
        confirmLabel={t('editor.remove')}
        onConfirm={() => {
          if (!removal) return;
          update((d) => ({ ...d, workflow: removal.workflow }));
          setRemoving(null);
        }}
        onClose={() => setRemoving(null)}
      >
        {removal && removal.removedTransitions.length > 0 ? <p>{t('editor.workflow.removeTransitions', { transitions: removal.removedTransitions.join(', ') })}</p> : null}
        {removingState && saved.has(removingState.key) ? <p>{t('editor.workflow.removeSavedHint')}</p> : null}
        <p className={styles.hint}>{t('editor.unsavedUntilSave')}</p>
      </ConfirmDialog>
    </>
  );
}

function TransitionsSection({ draft, update, issues, say, locale }: TabProps) {
  const { t } = useTranslation('admin');
  const [editing, setEditing] = useState<{ index: number; transition: WorkflowTransition | null } | null>(null);
  const [removing, setRemoving] = useState<number | null>(null);
  const transitions = draft.workflow.transitions;
  const stateName = (key: string) => localized(draft.workflow.states.find((s) => s.key === key)?.label, locale) || key;
  const fieldName = (ref: string) =>
    ref.startsWith('custom.') ? localized(draft.fields.find((f) => `custom.${f.key}` === ref)?.label, locale) || ref : localized(coreFieldLabels[ref as keyof typeof coreFieldLabels], locale) || ref;
  const setTransitions = (change: (list: WorkflowTransition[]) => WorkflowTransition[]) => update((d) => ({ ...d, workflow: { ...d.workflow, transitions: change(d.workflow.transitions) } }));
  const removingTransition = removing !== null ? transitions[removing] : undefined;

  return (
    <section aria-labelledby="wf-transitions" className={styles.block}>
      <div className={styles.tabIntro}>
        <h2 id="wf-transitions" className={styles.blockTitle}>
          {t('editor.workflow.transitions')}
        </h2>
        <Button variant="primary" onClick={() => setEditing({ index: transitions.length, transition: null })}>
          {t('editor.workflow.addTransition')}
        </Button>
      </div>
      <p className={styles.hint}>{t('editor.workflow.transitionsHint')}</p>
      <ol className={styles.itemList} aria-label={t('editor.workflow.transitions')}>
        {transitions.map((tr, i) => {
          const name = localized(tr.label, locale) || tr.key;
          const invalid = hasIssuesAt(issues, `workflow.transitions.${i}`);
          const guard = [
            ...(tr.requires?.fields?.length ? [t('editor.transitions.needsFields', { fields: tr.requires.fields.map(fieldName).join(', ') })] : []),
            ...(tr.requires?.roles?.length ? [t('editor.transitions.onlyRoles', { roles: tr.requires.roles.map((r) => t(`common:roles.${r}`)).join(', ') })] : []),
            ...(tr.requires?.comment ? [t('editor.transitions.needsComment')] : []),
          ];
          return (
            <li key={i} className={`${styles.item} ${invalid ? styles.itemInvalid : ''}`}>
              <div className={styles.itemMain}>
                <span className={styles.itemTitle}>{name}</span>
                <span className={styles.itemMeta}>
                  {tr.from.map(stateName).join(', ')} <span aria-hidden="true">→</span>
                  <span className="visually-hidden">{t('editor.transitions.toWord')}</span> {stateName(tr.to)}
                </span>
                {guard.length ? <span className={styles.itemMeta}>{guard.join(' · ')}</span> : null}
                {invalid ? (
                  <span className={styles.badges}>
                    <Badge tone="danger">{t('editor.needsAttention')}</Badge>
                  </span>
                ) : null}
              </div>
              <div className={styles.itemActions}>
                <Button size="sm" data-focus={`transition-edit-${i}`} onClick={() => setEditing({ index: i, transition: tr })} aria-label={t('editor.editNamed', { name })}>
                  {t('editor.edit')}
                </Button>
                <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`transition-up-${i}`} disabled={i === 0} onClick={() => { setTransitions((l) => move(l, i, -1)); focusSoon(`transition-up-${i - 1}`); }} aria-label={t('editor.moveUpNamed', { name })}>
                  <span aria-hidden="true">↑</span>
                </Button>
                <Button size="sm" variant="ghost" className={styles.iconButton} data-focus={`transition-down-${i}`} disabled={i === transitions.length - 1} onClick={() => { setTransitions((l) => move(l, i, 1)); focusSoon(`transition-down-${i + 1}`); }} aria-label={t('editor.moveDownNamed', { name })}>
                  <span aria-hidden="true">↓</span>
                </Button>
                <Button size="sm" variant="ghost" onClick={() => setRemoving(i)} aria-label={t('editor.removeNamed', { name })}>
                  {t('editor.remove')}
                </Button>
              </div>
            </li>
          );
        })}
      </ol>
      {editing ? (
        <TransitionDialog
          transition={editing.transition}
          states={draft.workflow.states}
          fields={draft.fields}
          otherKeys={new Set(transitions.filter((_, i) => i !== editing.index).map((tr) => tr.key))}
          serverIssues={editing.transition ? issuesUnder(issues, `workflow.transitions.${editing.index}`) : {}}
          say={say}
          locale={locale}
          onApply={(tr) => {
            setTransitions((list) => {
              const next = [...list];
              next[editing.index] = tr;
              return next;
            });
            setEditing(null);
            focusSoon(`transition-edit-${editing.index}`);
          }}
          onClose={() => setEditing(null)}
        />
      ) : null}
      <ConfirmDialog
        open={removingTransition !== undefined}
        title={t('editor.transitions.removeTitle', { name: removingTransition ? localized(removingTransition.label, locale) : '' })}
        confirmLabel={t('editor.remove')}
        onConfirm={() => {
          if (removing === null) return;
          setTransitions((list) => list.filter((_, i) => i !== removing));
          setRemoving(null);
        }}
        onClose={() => setRemoving(null)}
      >
        <p>{t('editor.transitions.removeConfirm')}</p>
        <p className={styles.hint}>{t('editor.unsavedUntilSave')}</p>
      </ConfirmDialog>
    </section>
  );
}
