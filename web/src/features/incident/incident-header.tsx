import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, Input, Notice, PriorityBadge, StatusBadge } from '../../ui';
import { ActionSheet } from './action-sheet';
import { clockStatus, sortClocks } from './clock-view';
import { CommunicationDialog } from './communication-dialog';
import { errorsByField } from './field-errors';
import { PencilIcon } from './field-row';
import { useIncidentCtx, useNow } from './incident-context';
import { localized } from './incident-fields';
import { MergeDialog } from './links-panel';
import { AcknowledgeButton, TransitionButtons } from './transitions';
import { useAbilities, useClocks } from './use-incident-data';
import type { LiveState } from './use-incident-live';
import styles from './incident.module.css';

const severityTone = { critical: 'danger', high: 'warning', medium: 'neutral', low: 'neutral' } as const;

/**
 * The head of the incident: number, type, title (editable), status, priority, severity, assignee,
 * team, due date and acknowledgement, and the actions: acknowledge, workflow steps, public update,
 * merge. On phones the actions move into a bar at the bottom that opens a sheet.
 */
export function IncidentHeader({ live }: { live: LiveState }) {
  const { t, i18n } = useTranslation('incident');
  const { incident, display } = useIncidentCtx();
  const { worker } = useAbilities();
  const now = useNow(1000);
  const locale = i18n.language === 'de' ? 'de' : 'en';
  const [sheet, setSheet] = useState(false);
  const [dialog, setDialog] = useState<'communicate' | 'merge' | null>(null);
  const [more, setMore] = useState(false);
  const moreId = useId();
  const moreRef = useRef<HTMLDivElement>(null);
  // The "More" panel closes on a press anywhere else.
  useEffect(() => {
    if (!more) return;
    const onDown = (e: PointerEvent) => {
      if (!moreRef.current?.contains(e.target as Node)) setMore(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [more]);
  const f = display.format;
  const open = !incident.mergedInto && incident.state.category !== 'closed';
  const overdue = incident.dueAt !== null && Date.parse(incident.dueAt) < now && open && incident.state.category !== 'resolved';

  const openDialog = (which: 'communicate' | 'merge') => {
    setDialog(which);
    setMore(false);
    setSheet(false);
  };
  const extraActions =
    worker && !incident.mergedInto ? (
      <>
        <Button size="sm" onClick={() => openDialog('communicate')}>
          {t('communication.action')}
        </Button>
        <Button size="sm" onClick={() => openDialog('merge')}>
          {t('merge.action')}
        </Button>
      </>
    ) : null;

  return (
    <header className={styles.header}>
      <div className={styles.headerTop}>
        <p className={styles.crumbs}>
          <span className={styles.number}>{incident.number}</span>
          <span aria-hidden="true"> · </span>
          <span>{localized(incident.type.name, locale)}</span>
          {incident.restricted ? (
            <>
              <span aria-hidden="true"> · </span>
              <Badge tone="warning">{t('header.restricted')}</Badge>
            </>
          ) : null}
        </p>
        <p className={`${styles.live} ${styles[`live_${live}`]}`} role="status">
          <span className={styles.liveDot} aria-hidden="true" />
          {t(`live.${live}`)}
        </p>
      </div>
      <Title />
      <ul className={styles.badges} aria-label={t('header.summary')}>
        <li>
          <span className="visually-hidden">{t('fields.state')}: </span>
          <StatusBadge label={localized(incident.state.label, locale)} category={incident.state.category} />
        </li>
        <li>
          <PriorityBadge priority={incident.priority} />
        </li>
        <li>
          <Badge tone={severityTone[incident.severity]}>
            {t('fields.severity')}: {t(`severity.${incident.severity}`)}
          </Badge>
        </li>
        <HeaderClock now={now} />
        {incident.acknowledgedAt ? (
          <li>
            <Badge tone="success" title={f.dateTime(incident.acknowledgedAt)}>
              {t('header.acknowledged', { at: f.relative(incident.acknowledgedAt, new Date(now)) })}
            </Badge>
          </li>
        ) : incident.state.category !== 'closed' && incident.state.category !== 'resolved' ? (
          <li>
            <Badge tone="warning">{t('header.notAcknowledged')}</Badge>
          </li>
        ) : null}
      </ul>
      <dl className={styles.meta}>
        <div>
          <dt>{t('fields.assigneeId')}</dt>
          <dd>{incident.assignee?.name ?? <span className={styles.muted}>{t('value.unassigned')}</span>}</dd>
        </div>
        <div>
          <dt>{t('fields.teamId')}</dt>
          <dd>{incident.team?.name ?? <span className={styles.muted}>{t('value.noTeam')}</span>}</dd>
        </div>
        <div>
          <dt>{t('fields.dueAt')}</dt>
          <dd className={overdue ? styles.dangerText : undefined}>
            {incident.dueAt ? (
              <>
                {f.dateTime(incident.dueAt)} <span className={styles.muted}>({f.relative(incident.dueAt, new Date(now))})</span>
              </>
            ) : (
              <span className={styles.muted}>{t('value.notSet')}</span>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('fields.reportedAt')}</dt>
          <dd>{f.dateTime(incident.reportedAt)}</dd>
        </div>
      </dl>
      {incident.mergedInto ? (
        <Notice tone="info" title={t('header.mergedTitle')}>
          {t('header.mergedInto')} <Link to={`/incidents/${encodeURIComponent(incident.mergedInto.number)}`}>{incident.mergedInto.number}</Link>
        </Notice>
      ) : null}
      {worker || incident.transitions.length > 0 ? (
        <div className={styles.desktopActions}>
          <div className={styles.actionRow}>
            <AcknowledgeButton />
            <TransitionButtons layout="row" />
            {extraActions ? (
              <div className={styles.more} ref={moreRef}>
                <Button size="sm" variant="ghost" aria-expanded={more} aria-controls={moreId} onClick={() => setMore((m) => !m)}>
                  {t('header.more')} <span aria-hidden="true">▾</span>
                </Button>
                {more ? (
                  <div id={moreId} className={styles.morePanel} onKeyDown={(e) => e.key === 'Escape' && setMore(false)}>
                    {extraActions}
                  </div>
                ) : null}
              </div>
            ) : null}
          </div>
        </div>
      ) : null}
      {worker || incident.transitions.length > 0 ? (
        <div className={styles.mobileBar}>
          <AcknowledgeButton size="md" />
          <Button variant={incident.acknowledgedAt || !worker ? 'primary' : 'secondary'} onClick={() => setSheet(true)} aria-haspopup="dialog" className={styles.mobileBarMain}>
            {t('header.actions')}
          </Button>
        </div>
      ) : null}
      <ActionSheet open={sheet} onClose={() => setSheet(false)} title={t('header.actions')}>
        <div className={styles.sheetActions}>
          <AcknowledgeButton size="md" onDone={() => setSheet(false)} />
          <TransitionButtons layout="column" />
          {extraActions ? <div className={styles.sheetExtra}>{extraActions}</div> : null}
        </div>
      </ActionSheet>
      {dialog === 'communicate' ? <CommunicationDialog onClose={() => setDialog(null)} /> : null}
      {dialog === 'merge' ? <MergeDialog onClose={() => setDialog(null)} /> : null}
    </header>
  );
}

/** The title as the page's h1, with an edit button for people who may change it. */
function Title() {
  const { t } = useTranslation('incident');
  const errorText = useErrorText();
  const { incident, save } = useIncidentCtx();
  const { worker } = useAbilities();
  const [editing, setEditing] = useState<{ text: string; baseVersion: number } | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const inputId = useId();

  useEffect(() => {
    document.title = `${incident.number} ${incident.title} · Vigil`;
  }, [incident.number, incident.title]);

  const stop = () => {
    setEditing(null);
    setError(undefined);
    window.setTimeout(() => button.current?.focus(), 0);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!editing) return;
    const text = editing.text.trim();
    if (!text) {
      setError(t('errors.required'));
      return;
    }
    if (text === incident.title) {
      stop();
      return;
    }
    setBusy(true);
    const result = await save({ title: text }, editing.baseVersion);
    setBusy(false);
    if (result.outcome === 'error') {
      setError(errorsByField(result.error, t).title ?? errorText(result.error));
      return;
    }
    stop();
  };

  if (editing) {
    return (
      <form className={styles.titleForm} onSubmit={submit} noValidate>
        <h1 className="visually-hidden">{incident.title}</h1>
        <label htmlFor={inputId} className="visually-hidden">
          {t('fields.title')}
        </label>
        <Input
          id={inputId}
          name="title"
          value={editing.text}
          maxLength={200}
          autoFocus
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          className={styles.titleInput}
          onChange={(e) => setEditing({ ...editing, text: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              stop();
            }
          }}
        />
        {error ? (
          <p id={`${inputId}-error`} className={styles.fieldError}>
            {error}
          </p>
        ) : null}
        <div className={styles.inlineActions}>
          <Button type="submit" size="sm" variant="primary" loading={busy}>
            {t('action.save')}
          </Button>
          <Button size="sm" variant="ghost" onClick={stop} disabled={busy}>
            {t('action.cancel')}
          </Button>
        </div>
      </form>
    );
  }
  return (
    <div className={styles.titleRow}>
      <h1 className={styles.title}>{incident.title}</h1>
      {worker && !incident.mergedInto ? (
        <button
          ref={button}
          type="button"
          className={styles.editButton}
          onClick={() => setEditing({ text: incident.title, baseVersion: incident.version })}
          aria-label={t('editor.edit', { field: t('fields.title') })}
          title={t('editor.edit', { field: t('fields.title') })}
        >
          <PencilIcon />
        </button>
      ) : null}
    </div>
  );
}

/** The clock due first (running, paused or breached) as a badge beside the status: what is owed next, counting down. */
function HeaderClock({ now }: { now: number }) {
  const { t } = useTranslation('incident');
  const { incident, display } = useIncidentCtx();
  const { readsDirectory } = useAbilities();
  const details = useClocks(incident.id, readsDirectory);
  const owed = sortClocks(incident.clocks).find((c) => c.state === 'running' || c.state === 'paused' || c.state === 'breached');
  if (!owed || !readsDirectory) return null;
  const detail = details.data?.items.find((c) => c.id === owed.id);
  const status = clockStatus(detail ? { ...owed, ...detail } : owed, now, details.data ? Date.parse(details.data.asOf) : now);
  const f = display.format;
  const name = t(`clock.kind.${owed.kind}`);
  let text: string;
  if (status.phase === 'paused') text = t('header.clockPaused', { clock: name });
  else if (status.phase === 'overdue') text = status.untilDueMs !== null ? t('header.clockOverdue', { clock: name, time: f.duration(-status.untilDueMs) }) : t('header.clockBreached', { clock: name });
  else text = status.untilDueMs !== null ? t('header.clockDue', { clock: name, time: f.duration(status.untilDueMs) }) : name;
  const tone = status.tone === 'danger' ? 'danger' : status.tone === 'warning' ? 'warning' : 'info';
  return (
    <li data-header-clock={owed.kind}>
      <Badge tone={tone} title={owed.dueAt ? f.dateTime(owed.dueAt) : undefined}>
        <span role="timer" aria-live="off">
          {text}
        </span>
      </Badge>
    </li>
  );
}
