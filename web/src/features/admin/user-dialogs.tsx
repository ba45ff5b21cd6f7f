import type { Locale, Role, UserDetail, UserPatch } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { isLocale, uiLocales } from '../../i18n/i18n';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { timeZones } from '../../lib/time-zones';
import { Badge, Button, Dialog, Field, Input, Notice, PageSpinner, Select, useToast } from '../../ui';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { CopyButton } from '../../ui/copy-button';
import { createUser, deactivateUser, getUser, updateUser } from './admin.api';
import { allRoleValues, useIssueText } from './admin-ui';
import { generatePassword } from './password';
import { issuesByPath, isLastAdminError } from './server-errors';
import styles from './admin.module.css';

function useZones(current: string) {
  return useMemo(() => timeZones(current).map((z) => ({ value: z, label: z.replaceAll('_', ' ') })), [current]);
}

/** The error of a user write as a sentence, with the last-administrator case said plainly. */
function useUserErrorText() {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  return (err: unknown) => (isLastAdminError(err) ? t('users.lastAdmin') : errorText(err));
}

/** Password field with "Generate" and "Copy": an admin hands the initial password over. */
function PasswordInput({ value, onChange, error, label, hint }: { value: string; onChange: (v: string) => void; error?: string | undefined; label: string; hint: string }) {
  const { t } = useTranslation('admin');
  const [visible, setVisible] = useState(false);
  return (
    <Field label={label} error={error} hint={hint} required>
      <div className={styles.inputRow}>
        <Input type={visible ? 'text' : 'password'} name="new-password" autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value)} />
        <Button
          size="sm"
          onClick={() => {
            onChange(generatePassword());
            setVisible(true);
          }}
        >
          {t('users.generate')}
        </Button>
        <Button size="sm" variant="ghost" aria-pressed={visible} onClick={() => setVisible((v) => !v)}>
          {visible ? t('users.hidePassword') : t('users.showPassword')}
        </Button>
        {value ? <CopyButton value={value} label={t('copy')} copiedLabel={t('copied')} variant="ghost" /> : null}
      </div>
    </Field>
  );
}

/** "New user": name, email, role, language, time zone and an initial password. */
export function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { user: me } = useSession();
  const toast = useToast();
  const queryClient = useQueryClient();
  const userErrorText = useUserErrorText();
  const issue = useIssueText();
  const zones = useZones(me.timeZone);
  const [form, setForm] = useState({ name: '', email: '', role: 'agent' as Role, locale: me.locale as Locale, timeZone: me.timeZone, password: '' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: createUser,
    onSuccess: (user) => {
      void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
      toast.success(t('users.created', { name: user.name }));
      setForm((f) => ({ ...f, name: '', email: '', password: '' }));
      onClose();
    },
  });
  const server = issuesByPath(create.error);
  const err = (key: string) => clientErrors[key] ?? issue(server[key]);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errors: Record<string, string> = {};
    if (!form.name.trim()) errors.name = t('validation.required');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) errors.email = t('validation.email');
    if (form.password.length < 8) errors.password = t('validation.minLength', { min: 8 });
    setClientErrors(errors);
    if (Object.keys(errors).length > 0) return;
    create.mutate({ ...form, name: form.name.trim(), email: form.email.trim() });
  };

  const formId = 'create-user-form';
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('users.new')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form={formId} variant="primary" loading={create.isPending}>
            {t('users.create')}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate>
        {create.isError && Object.keys(server).length === 0 ? <Notice tone="error">{userErrorText(create.error)}</Notice> : null}
        <Field label={t('users.columns.name')} error={err('name')} required>
          <Input name="name" autoComplete="off" value={form.name} maxLength={200} onChange={(e) => set('name', e.target.value)} />
        </Field>
        <Field label={t('users.columns.email')} error={err('email')} required>
          <Input type="email" name="email" autoComplete="off" value={form.email} maxLength={254} onChange={(e) => set('email', e.target.value)} />
        </Field>
        <Field label={t('users.columns.role')} error={err('role')} hint={t(`users.roleHints.${form.role}`)}>
          <Select value={form.role} onChange={(e) => set('role', e.target.value as Role)} options={allRoleValues.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))} />
        </Field>
        <div className={styles.twoColumns}>
          <Field label={t('users.language')} error={err('locale')}>
            <Select value={form.locale} onChange={(e) => isLocale(e.target.value) && set('locale', e.target.value)} options={uiLocales.map((l) => ({ value: l, label: t(`common:languages.${l}`) }))} />
          </Field>
          <Field label={t('users.timeZone')} error={err('timeZone')}>
            <Select value={form.timeZone} onChange={(e) => set('timeZone', e.target.value)} options={zones} />
          </Field>
        </div>
        <PasswordInput label={t('users.initialPassword')} hint={t('users.initialPasswordHint')} value={form.password} onChange={(v) => set('password', v)} error={err('password')} />
      </form>
    </Dialog>
  );
}

/** One user: facts and teams, profile and role, password reset, deactivation and reactivation. */
export function UserDialog({ userId, onClose }: { userId: string; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const errorText = useErrorText();
  const query = useQuery({ queryKey: ['admin', 'user', userId], queryFn: ({ signal }) => getUser(userId, signal) });
  return (
    <Dialog open onClose={onClose} title={query.data ? query.data.name : t('users.edit')} size="lg">
      {query.isPending ? <PageSpinner /> : null}
      {query.isError ? <Notice tone="error">{errorText(query.error)}</Notice> : null}
      {query.data ? <UserEditor key={query.data.updatedAt} user={query.data} onClose={onClose} /> : null}
    </Dialog>
  );
}

function UserEditor({ user, onClose }: { user: UserDetail; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { user: me, format } = useSession();
  const toast = useToast();
  const queryClient = useQueryClient();
  const userErrorText = useUserErrorText();
  const issue = useIssueText();
  const zones = useZones(user.timeZone);
  const [form, setForm] = useState({ name: user.name, email: user.email, role: user.role, locale: user.locale, timeZone: user.timeZone });
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState<'deactivate' | 'reactivate' | 'password' | null>(null);
  const refresh = (updated: { name: string }) => {
    void queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'user', user.id] });
    void queryClient.invalidateQueries({ queryKey: ['admin', 'team'] });
    return updated;
  };
  const save = useMutation({ mutationFn: (patch: UserPatch) => updateUser(user.id, patch), onSuccess: (u) => toast.success(t('users.saved', { name: refresh(u).name })) });
  const resetPassword = useMutation({
    mutationFn: () => updateUser(user.id, { password }),
    onSuccess: (u) => {
      setConfirm(null);
      setPassword('');
      toast.success(t('users.passwordReset', { name: refresh(u).name }));
    },
  });
  const activation = useMutation({
    mutationFn: (active: boolean) => (active ? updateUser(user.id, { active: true }) : deactivateUser(user.id)),
    onSuccess: (u) => {
      setConfirm(null);
      toast.success(t(u.active ? 'users.reactivated' : 'users.deactivated', { name: refresh(u).name }));
    },
  });

  const patch: UserPatch = {
    ...(form.name.trim() !== user.name ? { name: form.name.trim() } : {}),
    ...(form.email.trim() !== user.email ? { email: form.email.trim() } : {}),
    ...(form.role !== user.role ? { role: form.role } : {}),
    ...(form.locale !== user.locale ? { locale: form.locale } : {}),
    ...(form.timeZone !== user.timeZone ? { timeZone: form.timeZone } : {}),
  };
  const dirty = Object.keys(patch).length > 0;
  const server = issuesByPath(save.error);
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const isSelf = user.id === me.id;

  return (
    <div className={styles.userEditor}>
      <dl className={styles.facts}>
        <dt>{t('users.columns.status')}</dt>
        <dd>{user.active ? <Badge tone="success">{t('users.active')}</Badge> : <Badge tone="neutral">{t('users.inactive')}</Badge>}</dd>
        <dt>{t('users.lastLogin')}</dt>
        <dd>{user.lastLoginAt ? format.dateTime(user.lastLoginAt) : t('users.never')}</dd>
        <dt>{t('users.createdAt')}</dt>
        <dd>{format.dateTime(user.createdAt)}</dd>
        <dt>{t('users.teams')}</dt>
        <dd>
          {user.teams.length === 0
            ? t('users.noTeams')
            : user.teams.map((team, i) => (
                <span key={team.id}>
                  {i > 0 ? ', ' : ''}
                  <Link to={`/admin/teams/${team.id}`}>{team.name}</Link>
                  {team.role === 'lead' ? ` (${t('teams.roles.lead')})` : ''}
                </span>
              ))}
        </dd>
      </dl>

      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty) save.mutate(patch);
        }}
        noValidate
        aria-labelledby="user-profile-heading"
      >
        <h3 id="user-profile-heading">{t('users.profile')}</h3>
        {save.isError && Object.keys(server).length === 0 ? <Notice tone="error">{userErrorText(save.error)}</Notice> : null}
        <div className={styles.twoColumns}>
          <Field label={t('users.columns.name')} error={issue(server.name)} required>
            <Input value={form.name} maxLength={200} onChange={(e) => set('name', e.target.value)} />
          </Field>
          <Field label={t('users.columns.email')} error={issue(server.email)} required>
            <Input type="email" value={form.email} maxLength={254} onChange={(e) => set('email', e.target.value)} />
          </Field>
          <Field label={t('users.columns.role')} error={issue(server.role)} hint={t(`users.roleHints.${form.role}`)}>
            <Select value={form.role} onChange={(e) => set('role', e.target.value as Role)} options={allRoleValues.map((r) => ({ value: r, label: t(`common:roles.${r}`) }))} />
          </Field>
          <Field label={t('users.language')}>
            <Select value={form.locale} onChange={(e) => isLocale(e.target.value) && set('locale', e.target.value)} options={uiLocales.map((l) => ({ value: l, label: t(`common:languages.${l}`) }))} />
          </Field>
          <Field label={t('users.timeZone')} error={issue(server.timeZone)}>
            <Select value={form.timeZone} onChange={(e) => set('timeZone', e.target.value)} options={zones} />
          </Field>
        </div>
        {isSelf && form.role !== user.role ? <Notice tone="warning">{t('users.ownRoleWarning')}</Notice> : null}
        <div className={styles.formActions}>
          <Button type="submit" variant="primary" disabled={!dirty} loading={save.isPending}>
            {t('users.saveProfile')}
          </Button>
        </div>
      </form>

      <section aria-labelledby="user-password-heading" className={styles.subsection}>
        <h3 id="user-password-heading">{t('users.resetPassword')}</h3>
        <p className={styles.muted}>{t('users.resetPasswordHint')}</p>
        <PasswordInput label={t('users.newPassword')} hint={t('users.initialPasswordHint')} value={password} onChange={setPassword} error={password && password.length < 8 ? t('validation.minLength', { min: 8 }) : undefined} />
        <Button disabled={password.length < 8} onClick={() => setConfirm('password')}>
          {t('users.resetPassword')}
        </Button>
      </section>

      <section aria-labelledby="user-access-heading" className={styles.subsection}>
        <h3 id="user-access-heading">{t('users.access')}</h3>
        {user.active ? (
          <>
            <p className={styles.muted}>{t('users.deactivateHint')}</p>
            <Button variant="danger" onClick={() => setConfirm('deactivate')} disabled={isSelf} title={isSelf ? t('users.notYourself') : undefined}>
              {t('users.deactivate')}
            </Button>
            {isSelf ? <p className={styles.muted}>{t('users.notYourself')}</p> : null}
          </>
        ) : (
          <>
            <p className={styles.muted}>{t('users.reactivateHint')}</p>
            <Button onClick={() => setConfirm('reactivate')}>{t('users.reactivate')}</Button>
          </>
        )}
      </section>

      <div className={styles.formActions}>
        <Button onClick={onClose}>{t('common:action.close')}</Button>
      </div>

      <ConfirmDialog
        open={confirm === 'deactivate' || confirm === 'reactivate'}
        title={t(confirm === 'reactivate' ? 'users.reactivateTitle' : 'users.deactivateTitle', { name: user.name })}
        confirmLabel={t(confirm === 'reactivate' ? 'users.reactivate' : 'users.deactivate')}
        tone={confirm === 'reactivate' ? 'primary' : 'danger'}
        busy={activation.isPending}
        error={activation.isError ? userErrorText(activation.error) : null}
        onConfirm={() => activation.mutate(confirm === 'reactivate')}
        onClose={() => {
          activation.reset();
          setConfirm(null);
        }}
      >
        <p>{t(confirm === 'reactivate' ? 'users.reactivateConfirm' : 'users.deactivateConfirm', { name: user.name })}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={confirm === 'password'}
        title={t('users.resetPassword')}
        confirmLabel={t('users.resetPassword')}
        busy={resetPassword.isPending}
        error={resetPassword.isError ? (isApiError(resetPassword.error, 'validation_failed') ? t('validation.minLength', { min: 8 }) : userErrorText(resetPassword.error)) : null}
        onConfirm={() => resetPassword.mutate()}
        onClose={() => {
          resetPassword.reset();
          setConfirm(null);
        }}
      >
        <p>{t('users.resetPasswordConfirm', { name: user.name })}</p>
      </ConfirmDialog>
    </div>
  );
}
