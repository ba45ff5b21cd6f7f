import type { IncidentType } from '@vigil/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBlocker, useParams, useSearchParams } from 'react-router';
import { useSession } from '../../../app/session';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/error-text';
import { Badge, Button, Notice, Page, PageSpinner, useToast } from '../../../ui';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { Tabs, tabPanelProps, type TabItem } from '../../../ui/tabs';
import { getIncidentType, listTeams, patchIncidentType } from '../admin.api';
import { AdminCrumbs, useIssueText } from '../admin-ui';
import { localized } from '../localized';
import { issuesByPath } from '../server-errors';
import { CategoriesTab } from './categories-tab';
import { ConflictDialog } from './conflict-dialog';
import { changedKeys, draftKeys, editorTabs, stableJson, tabOfKey, tabOfPath, toDraft, toPatch, type Draft, type EditorTab } from './draft';
import type { TabProps } from './editor-types';
import { FieldsTab } from './fields-tab';
import { GeneralTab } from './general-tab';
import { JsonTab } from './json-tab';
import { MatrixTab } from './matrix-tab';
import { PublicLinkTab } from './public-link-tab';
import { validateDraft, type Issues } from './validate';
import { WorkflowTab, type StateInUse } from './workflow-tab';
import styles from './type-editor.module.css';

/** /admin/incident-types/:typeKey: the type editor. */
export function TypeEditorPage() {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const { typeKey = '' } = useParams();
  const query = useQuery({ queryKey: ['admin', 'type', typeKey], queryFn: ({ signal }) => getIncidentType(typeKey, signal) });
  if (query.isPending) return <PageSpinner />;
  if (query.isError) {
    return (
      <Page title={t('sections.types.title')}>
        <AdminCrumbs items={[{ label: t('sections.types.title'), to: '/admin/incident-types' }]} />
        <Notice tone="error">{errorText(query.error)}</Notice>
      </Page>
    );
  }
  return <TypeEditor key={query.data.id} loaded={query.data} />;
}

const isTab = (value: string | null): value is EditorTab => editorTabs.includes(value as EditorTab);

function TypeEditor({ loaded }: { loaded: IncidentType }) {
  const { t } = useTranslation('admin');
  const { user } = useSession();
  const toast = useToast();
  const errorText = useErrorText();
  const say = useIssueText();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const tab: EditorTab = isTab(params.get('tab')) ? (params.get('tab') as EditorTab) : 'general';
  const setTab = useCallback((next: EditorTab) => setParams((p) => new URLSearchParams({ ...Object.fromEntries(p), tab: next }), { replace: true }), [setParams]);
  const teams = useQuery({ queryKey: ['admin', 'teams'], queryFn: ({ signal }) => listTeams(signal) });

  const [base, setBase] = useState(loaded);
  const baseDraft = useMemo(() => toDraft(base), [base]);
  const [draft, setDraft] = useState<Draft>(() => toDraft(loaded));
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<{ issues: Issues; against: Draft } | null>(null);
  const [statesInUse, setStatesInUse] = useState<StateInUse[] | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [conflict, setConflict] = useState<IncidentType | null>(null);
  const [discarding, setDiscarding] = useState(false);

  const changed = useMemo(() => changedKeys(baseDraft, draft), [baseDraft, draft]);
  const dirty = changed.length > 0;

  // A newer version fetched in the background (another tab, another admin) replaces an unchanged
  // draft at once; with changes, the conflict dialog handles it on save.
  const [seenVersion, setSeenVersion] = useState(loaded.version);
  if (loaded.version !== seenVersion) {
    setSeenVersion(loaded.version);
    if (!dirty && loaded.version > base.version) {
      setBase(loaded);
      setDraft(toDraft(loaded));
    }
  }
  const clientIssues = useMemo(() => validateDraft(draft), [draft]);
  // Server issues stay until their part of the draft changes; the live checks show once a save was tried.
  const issues = useMemo(() => {
    const fromServer = server
      ? Object.fromEntries(Object.entries(server.issues).filter(([path]) => {
          const k = path.split('.')[0] as keyof Draft;
          return !draftKeys.includes(k) || stableJson(server.against[k]) === stableJson(draft[k]);
        }))
      : {};
    return { ...fromServer, ...(attempted ? clientIssues : {}) };
  }, [server, attempted, clientIssues, draft]);

  const update = useCallback((change: (d: Draft) => Draft) => setDraft((d) => change(d)), []);

  const adopt = (saved: IncidentType) => {
    setBase(saved);
    setDraft(toDraft(saved));
    setAttempted(false);
    setServer(null);
    setStatesInUse(null);
    setSaveError(null);
    queryClient.setQueryData(['admin', 'type', saved.key], saved);
    void queryClient.invalidateQueries({ queryKey: ['admin', 'types'] });
  };

  const save = async () => {
    setAttempted(true);
    setSaveError(null);
    setStatesInUse(null);
    const problems = Object.keys(clientIssues);
    if (problems.length > 0) {
      setTab(tabOfPath(problems[0]!));
      return;
    }
    setSaving(true);
    try {
      const saved = await patchIncidentType(base.key, base.version, toPatch(baseDraft, draft));
      adopt(saved);
      toast.success(t('editor.saved', { version: saved.version }));
    } catch (err) {
      if (isApiError(err, 'version_conflict')) {
        try {
          setConflict(await getIncidentType(base.key));
        } catch (reloadError) {
          setSaveError(reloadError);
        }
      } else if (isApiError(err, 'validation_failed', 'already_exists') && Object.keys(issuesByPath(err)).length > 0) {
        const found = issuesByPath(err);
        setServer({ issues: found, against: draft });
        setTab(tabOfPath(Object.keys(found)[0]!));
      } else if (isApiError(err, 'conflict') && Array.isArray(err.details) && err.details.some((d) => typeof d === 'object' && d && 'state' in d)) {
        setStatesInUse(err.details as StateInUse[]);
        setTab('workflow');
      } else setSaveError(err);
    } finally {
      setSaving(false);
    }
  };

  const restoreStates = () => {
    if (!statesInUse) return;
    update((d) => {
      const keys = new Set(statesInUse.map((u) => u.state));
      const saved = baseDraft.workflow.states.filter((s) => keys.has(s.key));
      const present = new Set(d.workflow.states.map((s) => s.key));
      const states = [...d.workflow.states.map((s) => (keys.has(s.key) ? (saved.find((b) => b.key === s.key) ?? s) : s)), ...saved.filter((s) => !present.has(s.key))];
      return { ...d, workflow: { ...d.workflow, states } };
    });
    setStatesInUse(null);
  };

  // Leaving with unsaved changes asks first, in the app and when the tab closes.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  const changedTabs = new Set(changed.map((k) => tabOfKey[k]));
  const issueCount = (id: EditorTab) => Object.keys(issues).filter((p) => tabOfPath(p) === id).length;
  const tabs: TabItem[] = editorTabs.map((id) => {
    const count = ['link', 'json'].includes(id) ? 0 : issueCount(id);
    return {
      id,
      label: t(`editor.tabs.${id}`),
      marker: count > 0 ? { text: String(count), tone: 'error', srText: t('editor.tabProblems', { count }) } : changedTabs.has(id) ? { text: '•', tone: 'changed', srText: t('editor.tabChanged') } : undefined,
    };
  });
  const tabProps: TabProps = { draft, base: baseDraft, update, issues, say, locale: user.locale };
  const name = localized(base.name, user.locale);
  const totalIssues = Object.keys(issues).length;

  // At the top and at the end of the editor: long tabs need no scrolling back to save. Not sticky, so nothing is ever covered.
  const saveButtons = (
    <>
      <Button disabled={!dirty || saving} onClick={() => setDiscarding(true)}>
        {t('editor.discard')}
      </Button>
      <Button variant="primary" disabled={!dirty} loading={saving} onClick={() => void save()}>
        {t('editor.save')}
      </Button>
    </>
  );

  return (
    <Page title={name} width="wide" description={<TypeFacts type={base} />} actions={saveButtons}>
      <AdminCrumbs items={[{ label: t('sections.types.title'), to: '/admin/incident-types' }, { label: name }]} />
      <Tabs label={t('editor.tabsLabel')} tabs={tabs} selected={tab} onSelect={(id) => setTab(id as EditorTab)} idPrefix="type-editor" />
      <div {...tabPanelProps('type-editor', tab)} className={styles.panel}>
        {tab === 'general' ? <GeneralTab {...tabProps} teams={teams.data?.items ?? []} /> : null}
        {tab === 'fields' ? <FieldsTab {...tabProps} /> : null}
        {tab === 'workflow' ? <WorkflowTab {...tabProps} statesInUse={statesInUse} onRestoreStates={restoreStates} /> : null}
        {tab === 'categories' ? <CategoriesTab {...tabProps} /> : null}
        {tab === 'matrix' ? <MatrixTab {...tabProps} /> : null}
        {tab === 'link' ? <PublicLinkTab type={base} dirty={dirty} /> : null}
        {tab === 'json' ? <JsonTab typeKey={base.key} draft={draft} dirty={dirty} /> : null}
      </div>

      <div className={`${styles.saveBar} ${dirty ? styles.saveBarDirty : ''}`} role="region" aria-label={t('editor.saveBar')}>
        <div className={styles.saveStatus} aria-live="polite">
          {dirty ? t('editor.unsaved', { parts: [...changedTabs].map((id) => t(`editor.tabs.${id}`)).join(', ') }) : t('editor.allSaved', { version: base.version })}
          {attempted && totalIssues > 0 ? <span className={styles.errorText}> · {t('editor.fixProblems', { count: totalIssues })}</span> : null}
        </div>
        {saveError ? (
          <div className={styles.saveError} role="alert">
            {errorText(saveError)}
          </div>
        ) : null}
        {statesInUse ? (
          <div className={styles.saveError} role="alert">
            {t('editor.workflow.inUseTitle')}
          </div>
        ) : null}
        <div className={styles.saveActions}>{saveButtons}</div>
      </div>

      {conflict ? (
        <ConflictDialog
          base={baseDraft}
          mine={draft}
          theirs={conflict}
          baseVersion={base.version}
          onKeepEditing={() => setConflict(null)}
          onLoadTheirs={() => {
            adopt(conflict);
            setConflict(null);
            toast.show(t('editor.conflict.loaded', { version: conflict.version }));
          }}
          onApplyMine={(merged) => {
            setBase(conflict);
            queryClient.setQueryData(['admin', 'type', conflict.key], conflict);
            setDraft(merged);
            setConflict(null);
            toast.show(t('editor.conflict.rebased', { version: conflict.version }));
          }}
        />
      ) : null}
      <ConfirmDialog
        open={discarding}
        title={t('editor.discardTitle')}
        confirmLabel={t('editor.discard')}
        onConfirm={() => {
          setDraft(toDraft(base));
          setAttempted(false);
          setServer(null);
          setStatesInUse(null);
          setDiscarding(false);
        }}
        onClose={() => setDiscarding(false)}
      >
        <p>{t('editor.discardConfirm')}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={blocker.state === 'blocked'}
        title={t('editor.leaveTitle')}
        confirmLabel={t('editor.leave')}
        onConfirm={() => blocker.proceed?.()}
        onClose={() => blocker.reset?.()}
      >
        <p>{t('editor.leaveConfirm')}</p>
      </ConfirmDialog>
    </Page>
  );
}

function TypeFacts({ type }: { type: IncidentType }) {
  const { t } = useTranslation('admin');
  const { format } = useSession();
  return (
    <span className={styles.facts}>
      <span>
        {t('types.columns.key')}: <code>{type.key}</code>
      </span>
      <span>
        {t('types.columns.prefix')}: <code>{type.prefix}</code>
      </span>
      <span>{t('editor.version', { version: type.version })}</span>
      {type.pack ? <span>{type.customizedAt ? t('editor.packCustomized', { pack: type.pack, version: type.packVersion ?? '–' }) : t('editor.packPristine', { pack: type.pack, version: type.packVersion ?? '–' })}</span> : null}
      <span title={format.dateTime(type.updatedAt)}>{t('editor.updated', { when: format.relative(type.updatedAt) })}</span>
      {type.active ? null : <Badge tone="neutral">{t('types.retired')}</Badge>}
      {type.restricted ? <Badge tone="warning">{t('types.restricted')}</Badge> : null}
    </span>
  );
}
