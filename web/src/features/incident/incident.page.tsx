import type { Incident, IncidentType } from '@vigil/shared';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { EmptyState, Notice, Page, PageSpinner } from '../../ui';
import { ClocksPanel } from './clocks-panel';
import { useConflictingSave } from './conflict-dialog';
import { DescriptionSection, DetailsSection } from './details-section';
import type { DisplayContext } from './field-display';
import { IncidentHeader } from './incident-header';
import { IncidentContext, type IncidentCtx } from './incident-context';
import { coreFieldSpecs, customFieldSpecs, localized } from './incident-fields';
import { EscalationsPanel } from './escalations-panel';
import { LinksPanel } from './links-panel';
import { PeoplePanel } from './people-panel';
import { TimelineSection } from './timeline-section';
import { incidentKeys, useAbilities, useDirectory, useIncident, useIncidentType, useRefreshIncident, useStoreIncident } from './use-incident-data';
import { useIncidentLive } from './use-incident-live';
import styles from './incident.module.css';

/** /incidents/:idOrNumber: the incident page for every signed-in role (what each may see and do is the server's answer). */
export function IncidentPage() {
  const { idOrNumber = '' } = useParams();
  const { t } = useTranslation('incident');
  const errorText = useErrorText();
  const incident = useIncident(idOrNumber);
  const type = useIncidentType(incident.data?.type.key);

  if (incident.isPending || (incident.data && type.isPending)) return <PageSpinner />;
  if (incident.isError) {
    const missing = isApiError(incident.error, 'not_found', 'forbidden');
    return (
      <Page title={missing ? t('notFound.title') : t('loadError')}>
        {missing ? (
          <EmptyState title={t('notFound.description', { ref: idOrNumber })} action={<Link to="/">{t('notFound.back')}</Link>} />
        ) : (
          <Notice tone="error">{errorText(incident.error)}</Notice>
        )}
      </Page>
    );
  }
  if (type.isError || !type.data) {
    return (
      <Page title={t('loadError')}>
        <Notice tone="error">{errorText(type.error)}</Notice>
      </Page>
    );
  }
  return <IncidentView refKey={idOrNumber} incident={incident.data} type={type.data} />;
}

function IncidentView({ refKey, incident, type }: { refKey: string; incident: Incident; type: IncidentType }) {
  const { t } = useTranslation('incident');
  const { format } = useSession();
  const { readsDirectory } = useAbilities();
  const locale = format.locale;
  const directory = useDirectory(incident);
  const store = useStoreIncident(refKey);
  const refresh = useRefreshIncident(refKey, incident.id);
  const queryClient = useQueryClient();
  const ids = { clocks: useId(), description: useId(), details: useId(), timeline: useId(), people: useId(), links: useId(), escalations: useId() };

  const specs = useMemo(() => [...coreFieldSpecs(type, locale, (k) => t(k)), ...customFieldSpecs(type, locale)], [type, locale, t]);
  const specMap = useMemo(() => new Map(specs.map((s) => [s.key, s])), [specs]);
  const spec = useCallback((key: string) => specMap.get(key), [specMap]);
  const display = useMemo<DisplayContext>(() => ({ t: (k, p) => t(k, p), format, userName: directory.userName, teamName: directory.teamName }), [t, format, directory]);
  const stateLabel = useCallback((key: string) => {
    const state = type.workflow.states.find((s) => s.key === key);
    return state ? localized(state.label, locale) : key;
  }, [type, locale]);
  const { save, dialog } = useConflictingSave({ incident, store, spec, display });

  // Live: refetch the incident and what hangs off it when its timeline grows (a short pause gathers bursts).
  const timer = useRef<number | undefined>(undefined);
  const onLive = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void queryClient.invalidateQueries({ queryKey: incidentKeys.byRef(refKey) });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all(incident.id) });
    }, 250);
  }, [queryClient, refKey, incident.id]);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const live = useIncidentLive(incident.id, onLive);

  const ctx = useMemo<IncidentCtx>(
    () => ({ ref: refKey, incident, type, specs, spec, directory, display, stateLabel, save, store, refresh, settled: incident.mergedInto !== null }),
    [refKey, incident, type, specs, spec, directory, display, stateLabel, save, store, refresh],
  );

  return (
    <IncidentContext.Provider value={ctx}>
      <div className={styles.page} data-incident={incident.number}>
        <IncidentHeader live={live} />
        <div className={styles.layout}>
          <div className={styles.mainColumn}>
            <div className={styles.orderDescription}>
              <DescriptionSection headingId={ids.description} />
            </div>
            <div className={styles.orderDetails}>
              <DetailsSection headingId={ids.details} />
            </div>
            <div className={styles.orderTimeline}>
              <TimelineSection headingId={ids.timeline} />
            </div>
          </div>
          <div className={styles.sideColumn}>
            {readsDirectory ? (
              <div className={styles.orderClocks}>
                <ClocksPanel headingId={ids.clocks} />
              </div>
            ) : null}
            <div className={styles.orderPeople}>
              <PeoplePanel headingId={ids.people} />
            </div>
            <div className={styles.orderLinks}>
              <LinksPanel headingId={ids.links} />
            </div>
            {readsDirectory ? (
              <div className={styles.orderEscalations}>
                <EscalationsPanel headingId={ids.escalations} />
              </div>
            ) : null}
          </div>
        </div>
        <div className={styles.bottomSpacer} />
      </div>
      {dialog}
    </IncidentContext.Provider>
  );
}
