import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { uiLocales, isLocale } from '../i18n/i18n';
import { useErrorText } from '../lib/error-text';
import { timeZones } from '../lib/time-zones';
import { Button, Field, Select, useToast } from '../ui';
import { useSession, useSignOut, useUpdateMe } from './session';
import styles from './user-menu.module.css';

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0]![0], parts[parts.length - 1]![0]] : [parts[0]?.[0], parts[0]?.[1]];
  return letters.filter(Boolean).join('').toUpperCase() || '?';
}

/** The signed-in user's menu: who they are, language, time zone, settings and sign-out. */
export function UserMenu() {
  const { user, format } = useSession();
  const { t } = useTranslation('common');
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const update = useUpdateMe();
  const signOut = useSignOut();
  const toast = useToast();
  const errorText = useErrorText();
  const zones = useMemo(() => timeZones(user.timeZone).map((z) => ({ value: z, label: z.replaceAll('_', ' ') })), [user.timeZone]);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const save = (patch: { locale?: 'en' | 'de'; timeZone?: string }) =>
    update.mutate(patch, {
      onSuccess: () => toast.success(t('userMenu.saved')),
      onError: (err) => toast.error(errorText(err)),
    });

  return (
    <div className={styles.root} ref={root}>
      <button
        ref={button}
        type="button"
        className={styles.trigger}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className={styles.avatar} aria-hidden="true">
          {initials(user.name)}
        </span>
        <span className={styles.name}>{user.name}</span>
        <span className="visually-hidden">{t('userMenu.open')}</span>
      </button>
      <div id={panelId} className={styles.panel} hidden={!open} role="group" aria-label={t('userMenu.label')}>
        <div className={styles.who}>
          <p className={styles.whoName}>{user.name}</p>
          <p className={styles.whoEmail}>{user.email}</p>
          <p className={styles.whoRole}>{t(`roles.${user.role}`)}</p>
        </div>
        <Field label={t('userMenu.language')}>
          <Select
            value={user.locale}
            disabled={update.isPending}
            onChange={(e) => isLocale(e.target.value) && save({ locale: e.target.value })}
            options={uiLocales.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          />
        </Field>
        <Field label={t('userMenu.timeZone')} hint={t('userMenu.timeZoneHint', { time: format.time(new Date()), zone: format.zoneName() })}>
          <Select value={user.timeZone} disabled={update.isPending} onChange={(e) => save({ timeZone: e.target.value })} options={zones} />
        </Field>
        <div className={styles.actions}>
          <Link to="/account" className={styles.link} onClick={() => setOpen(false)}>
            {t('userMenu.settings')}
          </Link>
          <Button variant="secondary" loading={signOut.isPending} onClick={() => signOut.mutate(undefined, { onError: (err) => toast.error(errorText(err)) })}>
            {t('userMenu.signOut')}
          </Button>
        </div>
      </div>
    </div>
  );
}
