import type { MePatch } from '@vigil/shared';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession, useUpdateMe } from '../../app/session';
import { isLocale, uiLocales } from '../../i18n/i18n';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { timeZones } from '../../lib/time-zones';
import { Button, Field, Input, Notice, Page, Section, Select, useToast } from '../../ui';
import styles from './account.module.css';

/** The signed-in user's own settings: name, language, time zone, password. */
export function AccountPage() {
  const { t } = useTranslation('account');
  const { user, me, format } = useSession();
  return (
    <Page title={t('title')} width="narrow" description={t('description')}>
      <Section title={t('profile.title')}>
        <dl className={styles.facts}>
          <dt>{t('profile.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('profile.role')}</dt>
          <dd>{t(`common:roles.${user.role}`)}</dd>
          <dt>{t('profile.teams')}</dt>
          <dd>{me.teams.length ? me.teams.map((team) => team.name).join(', ') : t('profile.noTeams')}</dd>
          <dt>{t('profile.lastLogin')}</dt>
          <dd>{user.lastLoginAt ? format.dateTime(user.lastLoginAt) : '–'}</dd>
        </dl>
        <ProfileForm key={`${user.name}|${user.locale}|${user.timeZone}`} />
      </Section>
      <Section title={t('password.title')}>
        <PasswordForm />
      </Section>
    </Page>
  );
}

function ProfileForm() {
  const { t } = useTranslation('account');
  const { user } = useSession();
  const update = useUpdateMe();
  const toast = useToast();
  const errorText = useErrorText();
  const [name, setName] = useState(user.name);
  const [locale, setLocaleValue] = useState(user.locale);
  const [timeZone, setTimeZone] = useState(user.timeZone);
  const zones = useMemo(() => timeZones(user.timeZone).map((z) => ({ value: z, label: z.replaceAll('_', ' ') })), [user.timeZone]);
  const errors = fieldErrors(update.error);
  const changed: MePatch = {
    ...(name.trim() !== user.name ? { name: name.trim() } : {}),
    ...(locale !== user.locale ? { locale } : {}),
    ...(timeZone !== user.timeZone ? { timeZone } : {}),
  };
  const dirty = Object.keys(changed).length > 0;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!dirty) return;
    update.mutate(changed, { onSuccess: () => toast.success(t('saved')) });
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      {update.isError && Object.keys(errors).length === 0 ? <Notice tone="error">{errorText(update.error)}</Notice> : null}
      <Field label={t('profile.name')} error={errors.name} required>
        <Input name="name" autoComplete="name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
      </Field>
      <div className={styles.row}>
        <Field label={t('profile.language')} error={errors.locale}>
          <Select name="locale" value={locale} onChange={(e) => isLocale(e.target.value) && setLocaleValue(e.target.value)} options={uiLocales.map((l) => ({ value: l, label: t(`common:languages.${l}`) }))} />
        </Field>
        <Field label={t('profile.timeZone')} error={errors.timeZone}>
          <Select name="timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)} options={zones} />
        </Field>
      </div>
      <Button type="submit" variant="primary" disabled={!dirty} loading={update.isPending}>
        {t('save')}
      </Button>
    </form>
  );
}

function PasswordForm() {
  const { t } = useTranslation('account');
  const { user } = useSession();
  const update = useUpdateMe();
  const toast = useToast();
  const errorText = useErrorText();
  const [currentPassword, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const errors = fieldErrors(update.error);
  const fieldMessage = (key: 'currentPassword' | 'password') => {
    if (!errors[key]) return undefined;
    if (key === 'currentPassword') return t('password.currentWrong');
    return t('password.invalid', { min: 8, max: 256 });
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    update.mutate(
      { currentPassword, password },
      {
        onSuccess: () => {
          setCurrent('');
          setPassword('');
          setConfirm('');
          toast.success(t('password.changed'));
        },
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <p className={styles.hint}>{t('password.hint')}</p>
      {/* Lets password managers store the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={user.email} readOnly hidden />
      {update.isError && Object.keys(errors).length === 0 ? <Notice tone="error">{errorText(update.error)}</Notice> : null}
      <Field label={t('password.current')} error={fieldMessage('currentPassword')} required>
        <Input type="password" name="currentPassword" autoComplete="current-password" value={currentPassword} onChange={(e) => setCurrent(e.target.value)} />
      </Field>
      <Field label={t('password.new')} error={fieldMessage('password')} hint={t('password.rules', { min: 8 })} required>
        <Input type="password" name="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <Field label={t('password.confirm')} error={mismatch ? t('password.mismatch') : undefined} required>
        <Input type="password" name="confirm" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} />
      </Field>
      <Button type="submit" variant="primary" loading={update.isPending} disabled={!currentPassword || !password}>
        {t('password.submit')}
      </Button>
    </form>
  );
}
