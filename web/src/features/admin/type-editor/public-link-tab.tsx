import { coreFieldLabels, type IncidentType, type Locale } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../../app/session';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/error-text';
import { Badge, Button, Field, Input, Notice, PageSpinner, useToast } from '../../../ui';
import { ConfirmDialog } from '../../../ui/confirm-dialog';
import { CopyButton } from '../../../ui/copy-button';
import { getPublicReportLink, regeneratePublicReportLink, setPublicReportLink } from '../admin.api';
import { localized } from '../localized';
import styles from './type-editor.module.css';

type Blocker = { path: string; message: string };

/** Says why guests cannot report this type, per reason the server gave. */
function blockerText(b: Blocker, type: IncidentType, locale: Locale, t: (key: string, params?: Record<string, string>) => string): string {
  if (b.path === 'type') return t('editor.link.blockers.inactive');
  const core = /^requiredFields\.(.+)$/.exec(b.path);
  if (core) return t('editor.link.blockers.core', { field: localized(coreFieldLabels[core[1] as keyof typeof coreFieldLabels], locale) || core[1]! });
  const custom = /^fields\.(.+)$/.exec(b.path);
  if (custom) return t('editor.link.blockers.field', { field: localized(type.fields.find((f) => f.key === custom[1])?.label, locale) || custom[1]! });
  return t('editor.link.blockers.other');
}

/** The public report link of the saved type: on or off, its address to copy, a new address when the old one leaked. */
export function PublicLinkTab({ type, dirty }: { type: IncidentType; dirty: boolean }) {
  const { t } = useTranslation('admin');
  const { user, format } = useSession();
  const toast = useToast();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const switchId = useId();
  const [confirmRegenerate, setConfirmRegenerate] = useState(false);
  const queryKey = ['admin', 'public-link', type.key];
  const link = useQuery({ queryKey, queryFn: ({ signal }) => getPublicReportLink(type.key, signal) });
  const toggle = useMutation({
    mutationFn: (enabled: boolean) => setPublicReportLink(type.key, enabled),
    onSuccess: (data) => {
      queryClient.setQueryData(queryKey, data);
      void queryClient.invalidateQueries({ queryKey: ['admin', 'public-links'] });
      toast.success(data.enabled ? t('editor.link.switchedOn') : t('editor.link.switchedOff'));
    },
  });
  const regenerate = useMutation({
    mutationFn: () => regeneratePublicReportLink(type.key),
    onSuccess: (data) => {
      queryClient.setQueryData(queryKey, data);
      setConfirmRegenerate(false);
      toast.success(t('editor.link.regenerated'));
    },
  });

  if (link.isPending) return <PageSpinner />;
  if (link.isError) return <Notice tone="error">{errorText(link.error)}</Notice>;
  const data = link.data;
  const blockers = isApiError(toggle.error, 'unprocessable') && Array.isArray(toggle.error.details) ? (toggle.error.details as Blocker[]) : null;

  return (
    <div className={styles.tab}>
      <p className={styles.hint}>{t('editor.link.intro')}</p>
      {dirty ? <Notice tone="warning">{t('editor.link.savedOnly')}</Notice> : null}
      <div className={styles.switchRow}>
        <input
          id={switchId}
          type="checkbox"
          role="switch"
          className={styles.switch}
          checked={data.enabled}
          disabled={toggle.isPending}
          aria-describedby={`${switchId}-state`}
          onChange={(e) => toggle.mutate(e.target.checked)}
        />
        <label htmlFor={switchId} className={styles.switchLabel}>
          {t('editor.link.switch')}
        </label>
        <span id={`${switchId}-state`}>{data.enabled ? <Badge tone="success">{t('editor.link.on')}</Badge> : <Badge tone="neutral">{t('editor.link.off')}</Badge>}</span>
      </div>
      {blockers ? (
        <Notice tone="error" title={t('editor.link.blockedTitle')}>
          <ul className={styles.plainList}>
            {blockers.map((b) => (
              <li key={b.path}>{blockerText(b, type, user.locale, t)}</li>
            ))}
          </ul>
          <p>{t('editor.link.blockedHint')}</p>
        </Notice>
      ) : toggle.isError ? (
        <Notice tone="error">{errorText(toggle.error)}</Notice>
      ) : null}
      {data.url ? (
        <>
          <Field label={t('editor.link.address')} hint={data.enabled ? t('editor.link.addressHint') : t('editor.link.addressOffHint')}>
            <Input readOnly value={data.url} onFocus={(e) => e.target.select()} className={styles.mono} />
          </Field>
          <div className={styles.buttonRow}>
            <CopyButton value={data.url} label={t('editor.link.copy')} copiedLabel={t('copied')} />
            {data.enabled ? (
              <a className={styles.buttonLink} href={data.url} target="_blank" rel="noopener noreferrer">
                {t('editor.link.open')}
              </a>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => setConfirmRegenerate(true)}>
              {t('editor.link.regenerate')}
            </Button>
          </div>
          {data.createdBy || data.updatedAt ? (
            <p className={styles.hint}>
              {t('editor.link.meta', { name: data.createdBy?.name ?? '–', created: format.dateTime(data.createdAt), updated: format.dateTime(data.updatedAt) })}
            </p>
          ) : null}
        </>
      ) : null}
      <ConfirmDialog
        open={confirmRegenerate}
        title={t('editor.link.regenerateTitle')}
        confirmLabel={t('editor.link.regenerate')}
        busy={regenerate.isPending}
        error={regenerate.isError ? errorText(regenerate.error) : null}
        onConfirm={() => regenerate.mutate()}
        onClose={() => {
          regenerate.reset();
          setConfirmRegenerate(false);
        }}
      >
        <p>{t('editor.link.regenerateConfirm')}</p>
      </ConfirmDialog>
    </div>
  );
}
