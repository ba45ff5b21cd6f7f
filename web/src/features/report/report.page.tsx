import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Button, EmptyState, Notice, Page, PageSpinner } from '../../ui';
import { draftTypes, newReportKey, saveDraft } from './drafts';
import type { OutboxItem } from './outbox';
import { ReportForm } from './report-form';
import { ReportResult } from './report-result';
import { localized } from './report-values';
import { cacheLoadedAssets } from './service-worker';
import { DeviceReports, TypePicker } from './type-picker';
import { getOutbox, useOutbox } from './use-outbox';
import { useReportTypes } from './use-report-types';
import { useOnline } from './use-online';
import styles from './report.module.css';

/**
 * Reporting an incident in three steps on one address: /report (the type), /report?type=<key> (its form),
 * /report?report=<id> (sent, or waiting on this device to be sent).
 */
export function ReportPage() {
  const { t, i18n } = useTranslation('report');
  const lang = i18n.language;
  const { user } = useSession();
  const errorText = useErrorText();
  const online = useOnline();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const typeKey = params.get('type');
  const reportId = params.get('report');
  const types = useReportTypes(user.id);
  const outbox = useOutbox(user.id);
  const [drafts, setDrafts] = useState<Array<{ typeKey: string; updatedAt: string }>>([]);

  useEffect(cacheLoadedAssets, []);
  useEffect(() => {
    if (typeKey || reportId) return;
    let live = true;
    void draftTypes(user.id)
      .then((d) => live && setDrafts(d))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [user.id, typeKey, reportId]);

  // Each step is a new screen: focus goes to the page so screen readers start at its heading.
  const step = reportId ? 'result' : typeKey ? 'form' : 'pick';
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    window.scrollTo({ top: 0 });
    if (step !== 'result') document.getElementById('main')?.focus({ preventScroll: true });
  }, [step]);

  const reopen = async (item: OutboxItem) => {
    await saveDraft({
      userId: user.id,
      typeKey: item.typeKey,
      key: newReportKey(),
      values: item.values,
      files: item.files.flatMap((f) => (f.blob ? [{ id: f.id, name: f.name, type: f.type, size: f.size, blob: f.blob, source: 'files' as const }] : [])),
      updatedAt: new Date().toISOString(),
    }).catch(() => undefined);
    await getOutbox().remove(item.id);
    void navigate(`/report?type=${encodeURIComponent(item.typeKey)}`);
  };

  if (reportId) {
    const item = outbox.items.find((i) => i.id === reportId);
    if (!outbox.ready) return <PageSpinner />;
    return (
      <Page title={t('result.pageTitle')} width="narrow">
        {item ? (
          <ReportResult item={item} onAnother={() => void navigate('/report')} onReopen={() => void reopen(item)} />
        ) : (
          <EmptyState title={t('result.goneTitle')} description={t('result.goneText')} action={<Link to="/report">{t('result.another')}</Link>} />
        )}
      </Page>
    );
  }

  if (!types.data) {
    if (types.isError) {
      return (
        <Page title={t('title')} width="narrow">
          <Notice tone="error" title={errorText(types.error)}>
            <Button onClick={() => void types.refetch()}>{t('common:action.reload')}</Button>
          </Notice>
        </Page>
      );
    }
    if (!online) {
      return (
        <Page title={t('title')} width="narrow">
          <EmptyState title={t('offline.title')} description={t('offline.noTypes')} />
        </Page>
      );
    }
    return <PageSpinner />;
  }

  if (typeKey) {
    const type = types.data.find((x) => x.key === typeKey);
    if (!type) {
      return (
        <Page title={t('title')} width="narrow">
          <EmptyState title={t('picker.unknownTitle')} description={t('picker.unknownText')} action={<Link to="/report">{t('picker.back')}</Link>} />
        </Page>
      );
    }
    return (
      <Page
        title={t('formTitle', { type: localized(type.name, lang) })}
        width="narrow"
        description={
          <Link to="/report" className={styles.back}>
            {t('picker.change')}
          </Link>
        }
      >
        <ReportForm type={type} onSent={(id) => setParams({ report: id })} />
      </Page>
    );
  }

  return (
    <Page title={t('title')} width="narrow" description={t('picker.intro')}>
      {!online ? <Notice tone="warning" title={t('offline.title')}>{t('offline.pickerText')}</Notice> : null}
      {types.data.length === 0 ? <EmptyState title={t('picker.noneTitle')} description={t('picker.noneText')} /> : <TypePicker types={types.data} drafts={drafts} />}
      <DeviceReports items={outbox.items} onOpen={(id) => setParams({ report: id })} />
    </Page>
  );
}
