import type { IncidentType, IncidentTypeInput } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Checkbox, Dialog, EmptyState, Field, Input, Notice, Page, Select, Table, useToast, type Column } from '../../ui';
import { createIncidentType, listIncidentTypes, listPublicReportLinks, listTeams } from './admin.api';
import { AdminCrumbs, Toolbar, useIssueText } from './admin-ui';
import { localized } from './localized';
import { issuesByPath } from './server-errors';
import { slugify } from './slug';
import { starterMatrix, starterWorkflow, suggestPrefix } from './type-templates';
import { prefixPattern, typeKeyPattern } from './type-editor/validate';
import styles from './admin.module.css';

/** /admin/incident-types: every type (active and retired) with what it holds; opens the editor. */
export function TypesPage() {
  const { t } = useTranslation('admin');
  const { user, format } = useSession();
  const errorText = useErrorText();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const types = useQuery({ queryKey: ['admin', 'types'], queryFn: ({ signal }) => listIncidentTypes(signal) });
  const links = useQuery({ queryKey: ['admin', 'public-links'], queryFn: ({ signal }) => listPublicReportLinks(signal) });
  const linkOn = useMemo(() => new Set((links.data?.items ?? []).filter((l) => l.enabled).map((l) => l.type.id)), [links.data]);
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (types.data?.items ?? []).filter((ty) => !needle || [ty.key, ty.prefix, ty.name.en, ty.name.de ?? ''].some((s) => s.toLowerCase().includes(needle)));
  }, [types.data, search]);

  const columns: Column<IncidentType>[] = [
    { key: 'name', header: t('types.columns.name'), cell: (ty) => <Link to={`/admin/incident-types/${ty.key}`}>{localized(ty.name, user.locale)}</Link> },
    { key: 'key', header: t('types.columns.key'), cell: (ty) => <code>{ty.key}</code> },
    { key: 'prefix', header: t('types.columns.prefix'), cell: (ty) => <code>{ty.prefix}</code> },
    { key: 'fields', header: t('types.columns.fields'), align: 'end', cell: (ty) => ty.fields.length },
    { key: 'states', header: t('types.columns.states'), align: 'end', cell: (ty) => ty.workflow.states.length },
    {
      key: 'flags',
      header: t('types.columns.status'),
      cell: (ty) => (
        <span className={styles.badges}>
          {ty.active ? <Badge tone="success">{t('types.active')}</Badge> : <Badge tone="neutral">{t('types.retired')}</Badge>}
          {ty.restricted ? <Badge tone="warning">{t('types.restricted')}</Badge> : null}
          {linkOn.has(ty.id) ? <Badge tone="info">{t('types.publicLink')}</Badge> : null}
        </span>
      ),
    },
    { key: 'updated', header: t('types.columns.updated'), cell: (ty) => <span title={format.dateTime(ty.updatedAt)}>{format.relative(ty.updatedAt)}</span> },
  ];

  return (
    <Page
      title={t('sections.types.title')}
      description={t('types.description')}
      actions={
        <Button variant="primary" onClick={() => setCreating(true)}>
          {t('types.new')}
        </Button>
      }
    >
      <AdminCrumbs items={[{ label: t('sections.types.title') }]} />
      <Toolbar>
        <Field label={t('types.search')} className={styles.grow}>
          <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
        </Field>
      </Toolbar>
      {types.isError ? <Notice tone="error">{errorText(types.error)}</Notice> : null}
      {types.data ? (
        <Table caption={t('sections.types.title')} columns={columns} rows={rows} rowKey={(ty) => ty.id} empty={<EmptyState title={search ? t('types.emptyFiltered') : t('types.empty')} />} />
      ) : null}
      <CreateTypeDialog open={creating} onClose={() => setCreating(false)} />
    </Page>
  );
}

/** A new type: names, key, prefix, team; it starts with a usual workflow and the default matrix, edited next. */
function CreateTypeDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const issue = useIssueText();
  const teams = useQuery({ queryKey: ['admin', 'teams'], queryFn: ({ signal }) => listTeams(signal), enabled: open });
  const [form, setForm] = useState({ nameEn: '', nameDe: '', key: '', prefix: '', defaultTeamId: '', restricted: false });
  const [touched, setTouched] = useState({ key: false, prefix: false });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const key = touched.key ? form.key : slugify(form.nameEn);
  const prefix = touched.prefix ? form.prefix : suggestPrefix(form.nameEn);
  const create = useMutation({
    mutationFn: createIncidentType,
    onSuccess: (type) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'types'] });
      toast.success(t('types.created', { name: type.name.en }));
      onClose();
      void navigate(`/admin/incident-types/${type.key}?tab=fields`);
    },
  });
  const server = issuesByPath(create.error);
  const err = (k: string) => clientErrors[k] ?? issue(server[k]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.nameEn.trim()) errors['name.en'] = t('validation.required');
    if (!typeKeyPattern.test(key)) errors.key = t('validation.kebabKey');
    if (!prefixPattern.test(prefix)) errors.prefix = t('validation.prefix');
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    const body: IncidentTypeInput = {
      key,
      name: { en: form.nameEn.trim(), ...(form.nameDe.trim() ? { de: form.nameDe.trim() } : {}) },
      description: {},
      prefix,
      restricted: form.restricted,
      defaultTeamId: form.defaultTeamId || null,
      fields: [],
      requiredFields: [],
      workflow: starterWorkflow(),
      categories: [],
      priorityMatrix: starterMatrix(),
      active: true,
    };
    create.mutate(body);
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('types.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="create-type-form" variant="primary" loading={create.isPending}>
            {t('types.create')}
          </Button>
        </>
      }
    >
      <form id="create-type-form" onSubmit={submit} noValidate>
        <p className={styles.muted}>{t('types.createHint')}</p>
        {create.isError && Object.keys(server).length === 0 ? <Notice tone="error">{errorText(create.error)}</Notice> : null}
        <div className={styles.twoColumns}>
          <Field label={t('editor.nameEn')} error={err('name.en')} required>
            <Input lang="en" value={form.nameEn} maxLength={500} onChange={(e) => setForm((f) => ({ ...f, nameEn: e.target.value }))} />
          </Field>
          <Field label={t('editor.nameDe')} error={err('name.de')}>
            <Input lang="de" value={form.nameDe} maxLength={500} onChange={(e) => setForm((f) => ({ ...f, nameDe: e.target.value }))} />
          </Field>
          <Field label={t('types.columns.key')} error={err('key')} hint={t('types.keyHint')} required>
            <Input
              value={key}
              maxLength={63}
              onChange={(e) => {
                setTouched((x) => ({ ...x, key: true }));
                setForm((f) => ({ ...f, key: e.target.value }));
              }}
            />
          </Field>
          <Field label={t('types.columns.prefix')} error={err('prefix')} hint={t('editor.prefixHint', { example: `${prefix || 'IT'}-2026-000123` })} required>
            <Input
              value={prefix}
              maxLength={6}
              autoCapitalize="characters"
              onChange={(e) => {
                setTouched((x) => ({ ...x, prefix: true }));
                setForm((f) => ({ ...f, prefix: e.target.value.toUpperCase() }));
              }}
            />
          </Field>
        </div>
        <Field label={t('editor.defaultTeam')} error={err('defaultTeamId')}>
          <Select
            value={form.defaultTeamId}
            onChange={(e) => setForm((f) => ({ ...f, defaultTeamId: e.target.value }))}
            options={[{ value: '', label: t('editor.noTeam') }, ...(teams.data?.items ?? []).map((team) => ({ value: team.id, label: team.name }))]}
          />
        </Field>
        <Checkbox label={t('editor.restricted')} checked={form.restricted} onChange={(e) => setForm((f) => ({ ...f, restricted: e.target.checked }))} />
      </form>
    </Dialog>
  );
}
