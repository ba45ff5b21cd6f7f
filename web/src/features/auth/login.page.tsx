import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { clearSessionExpired, fetchSession, meQueryKey, safeNext, sessionExpired, useMeQuery } from '../../app/session';
import { isLocale, setLocale, uiLocales } from '../../i18n/i18n';
import { fieldErrors, isApiError, setCsrfToken } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Field, Input, Notice, PageSpinner, Select } from '../../ui';
import { login } from './auth.api';
import styles from './login.module.css';

/** Sign-in with email and password; returns to the page that asked for it. */
export function LoginPage() {
  const { t, i18n } = useTranslation('auth');
  const me = useMeQuery();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const errorText = useErrorText();
  const [expired] = useState(sessionExpired);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.title = `${t('title')} · Vigil`;
  }, [t]);
  useEffect(clearSessionExpired, []);

  if (me.data) return <Navigate to={next} replace />;
  if (me.isPending) return <PageSpinner />;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const result = await login({ email: email.trim(), password });
      setCsrfToken(result.csrfToken);
      await queryClient.fetchQuery({ queryKey: meQueryKey, queryFn: ({ signal }) => fetchSession(signal), staleTime: 0 });
      void navigate(next, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  const fields = fieldErrors(error);
  const message = (() => {
    if (!error) return null;
    if (isApiError(error, 'invalid_credentials')) return t('invalidCredentials');
    if (isApiError(error, 'login_throttled')) {
      const seconds = Number((error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60);
      return t('throttled', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
    }
    if (Object.keys(fields).length > 0) return null;
    return errorText(error);
  })();

  return (
    <div className={styles.screen}>
      <main id="main" className={styles.card}>
        <div className={styles.brand}>
          <svg className={styles.logo} viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" />
            <path d="M8 9l8 15 8-15" />
          </svg>
          <span>Vigil</span>
        </div>
        <h1 className={styles.title}>{t('title')}</h1>
        {expired ? <Notice tone="warning">{t('sessionExpired')}</Notice> : null}
        {message ? <Notice tone="error">{message}</Notice> : null}
        <form onSubmit={onSubmit} noValidate>
          <Field label={t('email')} error={fields.email ? t('fieldRequired') : undefined} required>
            <Input type="email" name="email" autoComplete="username" inputMode="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus />
          </Field>
          <Field label={t('password')} error={fields.password ? t('fieldRequired') : undefined} required>
            <Input type="password" name="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
          </Field>
          <Button type="submit" variant="primary" loading={busy} className={styles.submit}>
            {t('submit')}
          </Button>
        </form>
        <div className={styles.language}>
          <Field label={t('language')}>
            <Select
              value={isLocale(i18n.language) ? i18n.language : 'en'}
              onChange={(e) => isLocale(e.target.value) && void setLocale(e.target.value)}
              options={uiLocales.map((l) => ({ value: l, label: t(`common:languages.${l}`) }))}
            />
          </Field>
        </div>
      </main>
    </div>
  );
}
