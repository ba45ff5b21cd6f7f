import type { TeamDetail, TeamMember, TeamRole } from '@vigil/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, EmptyState, Field, Input, Notice, Page, PageSpinner, Section, Select, Table, Textarea, useToast, type Column } from '../../ui';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { deleteTeam, getTeam, listUsers, putTeamMember, removeTeamMember, updateTeam } from './admin.api';
import { AdminCrumbs, useIssueText } from './admin-ui';
import { issuesByPath } from './server-errors';
import styles from './admin.module.css';

/** /admin/teams/:teamId: the team's details and members; administrators change them. */
export function TeamPage() {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const { teamId = '' } = useParams();
  const query = useQuery({ queryKey: ['admin', 'team', teamId], queryFn: ({ signal }) => getTeam(teamId, signal) });
  if (query.isPending) return <PageSpinner />;
  if (query.isError) {
    return (
      <Page title={t('sections.teams.title')}>
        <AdminCrumbs items={[{ label: t('sections.teams.title'), to: '/admin/teams' }]} />
        <Notice tone="error">{errorText(query.error)}</Notice>
      </Page>
    );
  }
  return <TeamView team={query.data} />;
}

function TeamView({ team }: { team: TeamDetail }) {
  const { t } = useTranslation('admin');
  const { role } = useSession();
  const isAdmin = role === 'admin';
  const [deleting, setDeleting] = useState(false);
  return (
    <Page
      title={team.name}
      description={team.description || undefined}
      actions={
        isAdmin ? (
          <Button variant="danger" onClick={() => setDeleting(true)}>
            {t('teams.delete')}
          </Button>
        ) : null
      }
    >
      <AdminCrumbs items={[{ label: t('sections.teams.title'), to: '/admin/teams' }, { label: team.name }]} />
      <Section title={t('teams.members', { count: team.members.length })}>
        <MembersTable team={team} editable={isAdmin} />
        {isAdmin ? <AddMember team={team} /> : null}
      </Section>
      {isAdmin ? (
        <Section title={t('teams.details')}>
          <TeamDetailsForm key={team.updatedAt} team={team} />
        </Section>
      ) : null}
      {isAdmin ? <DeleteTeam team={team} open={deleting} onClose={() => setDeleting(false)} /> : null}
    </Page>
  );
}

function MembersTable({ team, editable }: { team: TeamDetail; editable: boolean }) {
  const { t } = useTranslation('admin');
  const toast = useToast();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<TeamMember | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['admin', 'team', team.id] });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'teams'] });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'user'] });
  };
  const changeRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: TeamRole }) => putTeamMember(team.id, userId, role),
    onSuccess: (m) => {
      refresh();
      toast.success(t('teams.roleChanged', { name: m.name, role: t(`teams.roles.${m.role}`) }));
    },
    onError: (err) => toast.error(errorText(err)),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => removeTeamMember(team.id, userId),
    onSuccess: () => {
      toast.success(t('teams.removed', { name: removing?.name ?? '' }));
      setRemoving(null);
      refresh();
    },
  });

  const columns: Column<TeamMember>[] = [
    {
      key: 'name',
      header: t('users.columns.name'),
      cell: (m) => (
        <>
          {m.name} {m.active ? null : <Badge tone="neutral">{t('users.inactive')}</Badge>}
        </>
      ),
    },
    { key: 'email', header: t('users.columns.email'), cell: (m) => <span className={styles.breakable}>{m.email}</span> },
    { key: 'userRole', header: t('teams.columns.userRole'), cell: (m) => t(`common:roles.${m.userRole}`) },
    {
      key: 'role',
      header: t('teams.columns.teamRole'),
      cell: (m) =>
        editable ? (
          <Select
            aria-label={t('teams.teamRoleOf', { name: m.name })}
            value={m.role}
            disabled={changeRole.isPending}
            onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as TeamRole })}
            options={(['member', 'lead'] as const).map((r) => ({ value: r, label: t(`teams.roles.${r}`) }))}
          />
        ) : (
          t(`teams.roles.${m.role}`)
        ),
    },
    ...(editable
      ? [
          {
            key: 'actions',
            header: t('table.actions'),
            align: 'end' as const,
            cell: (m: TeamMember) => (
              <Button size="sm" variant="ghost" onClick={() => setRemoving(m)} aria-label={t('teams.removeNamed', { name: m.name })}>
                {t('teams.remove')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Table caption={t('teams.members', { count: team.members.length })} columns={columns} rows={team.members} rowKey={(m) => m.userId} empty={<EmptyState title={t('teams.noMembers')} />} />
      <ConfirmDialog
        open={removing !== null}
        title={t('teams.removeTitle')}
        confirmLabel={t('teams.remove')}
        busy={remove.isPending}
        error={remove.isError ? errorText(remove.error) : null}
        onConfirm={() => removing && remove.mutate(removing.userId)}
        onClose={() => {
          remove.reset();
          setRemoving(null);
        }}
      >
        <p>{t('teams.removeConfirm', { name: removing?.name ?? '', team: team.name })}</p>
      </ConfirmDialog>
    </>
  );
}

/** Find people by name or email and add them with a team role. */
function AddMember({ team }: { team: TeamDetail }) {
  const { t } = useTranslation('admin');
  const toast = useToast();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [role, setRole] = useState<TeamRole>('member');
  useEffect(() => {
    const timer = window.setTimeout(() => setQ(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  const users = useQuery({
    queryKey: ['admin', 'users', { q, status: 'active', picker: true }],
    queryFn: ({ signal }) => listUsers({ q, active: 'true', limit: 10 }, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
  const add = useMutation({
    mutationFn: (userId: string) => putTeamMember(team.id, userId, role),
    onSuccess: (m) => {
      toast.success(t('teams.added', { name: m.name, role: t(`teams.roles.${m.role}`) }));
      void queryClient.invalidateQueries({ queryKey: ['admin', 'team', team.id] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'teams'] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'user'] });
    },
    onError: (err) => toast.error(errorText(err)),
  });
  const members = new Set(team.members.map((m) => m.userId));
  const found = q ? (users.data?.items ?? []).filter((u) => !members.has(u.id)) : [];

  return (
    <div className={styles.addMember}>
      <h3>{t('teams.addMember')}</h3>
      <div className={styles.toolbar}>
        <Field label={t('teams.findPerson')} className={styles.grow} hint={t('teams.findPersonHint')}>
          <Input type="search" value={search} onChange={(e) => setSearch(e.target.value)} autoComplete="off" />
        </Field>
        <Field label={t('teams.addAs')}>
          <Select value={role} onChange={(e) => setRole(e.target.value as TeamRole)} options={(['member', 'lead'] as const).map((r) => ({ value: r, label: t(`teams.roles.${r}`) }))} />
        </Field>
      </div>
      {q ? (
        <div role="status" className={styles.muted}>
          {users.isFetching ? t('common:status.loading') : found.length === 0 ? t('teams.nobodyFound') : t('teams.peopleFound', { count: found.length })}
        </div>
      ) : null}
      {found.length > 0 ? (
        <ul className={styles.pickList} aria-label={t('teams.searchResults')}>
          {found.map((u) => (
            <li key={u.id}>
              <span>
                <strong>{u.name}</strong> <span className={styles.muted}>{u.email}</span> · {t(`common:roles.${u.role}`)}
              </span>
              <Button size="sm" onClick={() => add.mutate(u.id)} loading={add.isPending && add.variables === u.id} aria-label={t('teams.addNamed', { name: u.name })}>
                {t('teams.add')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function TeamDetailsForm({ team }: { team: TeamDetail }) {
  const { t } = useTranslation('admin');
  const toast = useToast();
  const errorText = useErrorText();
  const issue = useIssueText();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ name: team.name, slug: team.slug, description: team.description });
  const save = useMutation({
    mutationFn: () =>
      updateTeam(team.id, {
        ...(form.name.trim() !== team.name ? { name: form.name.trim() } : {}),
        ...(form.slug !== team.slug ? { slug: form.slug } : {}),
        ...(form.description !== team.description ? { description: form.description } : {}),
      }),
    onSuccess: (updated) => {
      queryClient.setQueryData(['admin', 'team', team.id], updated);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'teams'] });
      toast.success(t('teams.saved'));
    },
  });
  const server = issuesByPath(save.error);
  const dirty = form.name.trim() !== team.name || form.slug !== team.slug || form.description !== team.description;
  const slugInvalid = !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(form.slug);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (dirty && form.name.trim() && !slugInvalid) save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      {save.isError && Object.keys(server).length === 0 ? <Notice tone="error">{errorText(save.error)}</Notice> : null}
      <div className={styles.twoColumns}>
        <Field label={t('teams.columns.name')} error={!form.name.trim() ? t('validation.required') : issue(server.name)} required>
          <Input value={form.name} maxLength={200} onChange={(e) => setForm((f) => ({ ...f, name: e.target.value }))} />
        </Field>
        <Field label={t('teams.columns.slug')} error={slugInvalid ? t('validation.kebabKey') : issue(server.slug)} hint={t('teams.slugChangeHint')} required>
          <Input value={form.slug} maxLength={63} onChange={(e) => setForm((f) => ({ ...f, slug: e.target.value }))} />
        </Field>
      </div>
      <Field label={t('teams.columns.description')} error={issue(server.description)}>
        <Textarea value={form.description} maxLength={2000} rows={3} onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))} />
      </Field>
      <Button type="submit" variant="primary" disabled={!dirty} loading={save.isPending}>
        {t('teams.save')}
      </Button>
    </form>
  );
}

function DeleteTeam({ team, open, onClose }: { team: TeamDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const toast = useToast();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => deleteTeam(team.id),
    onSuccess: () => {
      toast.success(t('teams.deleted', { name: team.name }));
      queryClient.removeQueries({ queryKey: ['admin', 'team', team.id] });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'teams'] });
      void navigate('/admin/teams');
    },
  });
  return (
    <ConfirmDialog
      open={open}
      title={t('teams.deleteTitle', { name: team.name })}
      confirmLabel={t('teams.delete')}
      busy={remove.isPending}
      error={remove.isError ? (isApiError(remove.error, 'conflict') ? t('teams.inUse') : errorText(remove.error)) : null}
      onConfirm={() => remove.mutate()}
      onClose={() => {
        remove.reset();
        onClose();
      }}
    >
      <p>{t('teams.deleteConfirm', { name: team.name, count: team.members.length })}</p>
    </ConfirmDialog>
  );
}
