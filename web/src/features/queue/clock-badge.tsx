import type { IncidentClock } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { nearestClock } from './clock-state';
import styles from './queue.module.css';

/**
 * The incident's nearest running clock as a countdown: "P1 ack · 12 min left", red once breached,
 * amber when little time is left. The text always says it (colour is never the only signal).
 */
export function ClockBadge({ clocks, createdAt, now, compact = false }: { clocks: readonly IncidentClock[]; createdAt: string; now: number; compact?: boolean }) {
  const { t } = useTranslation('queue');
  const { format } = useSession();
  const view = nearestClock(clocks, createdAt, now);
  if (!view) return null;
  const { clock, remainingMs, tone, paused } = view;
  const time = format.duration(Math.abs(remainingMs) < 60_000 ? remainingMs : Math.trunc(remainingMs / 60_000) * 60_000);
  const text = paused ? t('clock.paused', { time }) : remainingMs < 0 || clock.state === 'breached' ? t('clock.overdue', { time: time.replace(/^-/, '') }) : t('clock.left', { time });
  const kind = t(`clock.kind.${clock.kind}`);
  const title = clock.dueAt ? `${kind}: ${t('clock.dueAt', { when: format.dateTime(clock.dueAt) })}` : kind;
  return (
    <span className={`${styles.clock} ${styles[`clock_${tone}`]} ${compact ? styles.clockCompact : ''}`} title={title} data-tone={tone}>
      <svg className={styles.clockIcon} viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        {paused ? (
          <path d="M5 3.5v9M11 3.5v9" />
        ) : (
          <>
            <circle cx="8" cy="8.5" r="6" />
            <path d="M8 5.5v3l2 1.5" />
          </>
        )}
      </svg>
      <span className={compact ? 'visually-hidden' : styles.clockKind}>{kind}: </span>
      {text}
    </span>
  );
}
