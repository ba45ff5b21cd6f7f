import type { Team, TeamCreate } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, EmptyState, Field, Input, Notice, Page, Table, Textarea, useToast, type Column } from '../../ui';
import { createTeam, listTeams } from './admin.api';
import { AdminCrumbs, Toolbar, useIssueText } from './admin-ui';
import { issuesByPath } from './server-errors';
import { slugify } from './slug';
import styles from './admin.module.css';

/** /admin/teams: every team for administrators; the teams they lead for managers (read-only). */
export function TeamsPage() {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const { role, me } = useSession();
  const isAdmin = role === 'admin';
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const query = useQuery({ queryKey: ['admin', 'teams'], queryFn: ({ signal }) => listTeams(signal) });
  const led = useMemo(() => new Set(me.teams.filter((m) => m.role === 'lead').map((m) => m.id)), [me.teams]);
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return (query.data?.items ?? [])
      .filter((team) => isAdmin || led.has(team.id))
      .filter((team) => !needle || team.name.toLowerCase().includes(needle) || team.slug.includes(needle) || team.description.toLowerCase().includes(needle));
  }, [query.data, search, isAdmin, led]);

  const columns: Column<Team>[] = [
    { key: 'name', header: t('teams.columns.name'), cell: (team) => <Link to={`/admin/teams/${team.id}`}>{team.name}</Link> },
    { key: 'slug', header: t('teams.columns.slug'), cell: (team) => <code>{team.slug}</code> },
    { key: 'members', header: t('teams.columns.members'), align: 'end', cell: (team) => team.memberCount },
    { key: 'description', header: t('teams.columns.description'), cell: (team) => <span className={styles.clamp}>{team.description || '–'}</span> },
  ];

  return (
    <Page
      title={t('sections.teams.title')}
      description={isAdmin ? t('teams.description') : t('teams.managerDescription')}
      actions={
        isAdmin ? (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('teams.new')}
          </Button>
        ) : null
      }
    >
      <AdminCrumbs items={[{ label: t('sections.teams.title') }]} />
      <Toolbar>
        <Field label={t('teams.search')} className={styles.grow}>
          <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
        </Field>
      </Toolbar>
      {query.isError ? <Notice tone="error">{errorText(query.error)}</Notice> : null}
      {query.data ? (
        <Table
          caption={t('sections.teams.title')}
          columns={columns}
          rows={rows}
          rowKey={(team) => team.id}
          empty={<EmptyState title={search ? t('teams.emptyFiltered') : isAdmin ? t('teams.empty') : t('teams.emptyManager')} />}
        />
      ) : null}
      {isAdmin ? <CreateTeamDialog open={creating} onClose={() => setCreating(false)} /> : null}
    </Page>
  );
}

function CreateTeamDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const issue = useIssueText();
  const [form, setForm] = useState<TeamCreate>({ name: '', slug: '', description: '' });
  const [slugTouched, setSlugTouched] = useState(false);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: createTeam,
    onSuccess: (team) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'teams'] });
      toast.success(t('teams.created', { name: team.name }));
      onClose();
      void navigate(`/admin/teams/${team.id}`);
    },
  });
  const server = issuesByPath(create.error);
  const err = (key: string) => clientErrors[key] ?? issue(server[key]);
  const slug = slugTouched ? form.slug : slugify(form.name);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.name.trim()) errors.name = t('validation.required');
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug)) errors.slug = t('validation.kebabKey');
    setClientErrors(errors);
    if (Object.keys(errors).length === 0) create.mutate({ name: form.name.trim(), slug, description: form.description });
  };

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('teams.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="create-team-form" variant="primary" loading={create.isPending}>
            {t('teams.create')}
          </Button>
        </>
      }
    >
      <form id="create-team-form" onSubmit={submit} noValidate>
        {create.isError && Object.keys(server).length === 0 ? <Notice tone="error">{errorText(create.error)}</Notice> : null}
        <Field label={t('teams.columns.name')} error={err('name')} required>
          <Input value={form.name} maxLength={200} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} />
        </Field>
        <Field label={t('teams.columns.slug')} error={err('slug')} hint={t('teams.slugHint')} required>
          <Input
            value={slug}
            maxLength={63}
            onChange={(e) => {
              setSlugTouched(true);
              setForm((f) => ({ ...f, slug: e.target.value }));
            }}
          />
        </Field>
        <Field label={t('teams.columns.description')} error={err('description')}>
          <Textarea value={form.description} maxLength={2000} rows={3} onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))} />
        </Field>
      </form>
    </Dialog>
  );
}
