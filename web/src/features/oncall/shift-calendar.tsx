import type { Shift } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { dateKey, sameDate, segmentsByDay, type CalendarView, type LocalDate } from './calendar-time';
import styles from './oncall.module.css';

export const colourCount = 8;

/** The final shifts of a schedule over the given days: a 24-hour track per day (week) or chips per day (month). */
export function ShiftCalendar({ view, days, shifts, colours, today, anchorMonth }: { view: CalendarView; days: LocalDate[]; shifts: Shift[]; colours: Map<string, number>; today: LocalDate; anchorMonth: number }) {
  const { t } = useTranslation('oncall');
  const { format } = useSession();
  const byDay = segmentsByDay(shifts, days, format.timeZone);
  const dayLabel = (d: LocalDate) => new Intl.DateTimeFormat(format.tag, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(d.y, d.m - 1, d.d)));
  const weekdayNames = days.slice(0, 7).map((d) => new Intl.DateTimeFormat(format.tag, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(d.y, d.m - 1, d.d))));
  const span = (s: Shift) => t('shiftSpan', { name: s.user.name, from: format.dateTime(s.start), to: format.dateTime(s.end) });

  if (view === 'week') {
    return (
      <ol className={styles.week} aria-label={t('calendar.weekLabel')}>
        {days.map((day) => {
          const segments = byDay.get(dateKey(day)) ?? [];
          return (
            <li key={dateKey(day)} className={`${styles.weekDay} ${sameDate(day, today) ? styles.today : ''}`}>
              <h3 className={styles.dayName}>
                {dayLabel(day)}
                {sameDate(day, today) ? <span className="visually-hidden"> ({t('calendar.today')})</span> : null}
              </h3>
              {segments.length === 0 ? (
                <p className={styles.nobody}>{t('calendar.nobody')}</p>
              ) : (
                <ul className={styles.track}>
                  {segments.map((seg) => (
                    <li
                      key={`${seg.item.user.id}-${seg.item.start}`}
                      className={`${styles.bar} ${styles[`c${colours.get(seg.item.user.id) ?? 0}`]} ${seg.item.source === 'override' ? styles.override : ''}`}
                      style={{ insetInlineStart: `${seg.startFraction * 100}%`, width: `${Math.max(seg.endFraction - seg.startFraction, 0.02) * 100}%` }}
                      title={span(seg.item)}
                    >
                      <span className={styles.barText}>
                        {seg.item.user.name}
                        {seg.item.source === 'override' ? ` · ${t('calendar.override')}` : null}
                      </span>
                      <span className="visually-hidden">
                        {' '}
                        {format.time(seg.item.start)}–{format.time(seg.item.end)}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          );
        })}
      </ol>
    );
  }

  return (
    <div className={styles.month}>
      <div className={styles.monthHead} aria-hidden="true">
        {weekdayNames.map((n) => (
          <span key={n}>{n}</span>
        ))}
      </div>
      <ol className={styles.monthGrid} aria-label={t('calendar.monthLabel')}>
        {days.map((day) => {
          const segments = byDay.get(dateKey(day)) ?? [];
          return (
            <li key={dateKey(day)} className={`${styles.monthDay} ${day.m === anchorMonth ? '' : styles.otherMonth} ${sameDate(day, today) ? styles.today : ''}`}>
              <span className={styles.monthDate}>
                <span aria-hidden="true">{day.d}</span>
                <span className="visually-hidden">{dayLabel(day)}</span>
              </span>
              <ul className={styles.chips}>
                {segments.map((seg) => (
                  <li
                    key={`${seg.item.user.id}-${seg.item.start}`}
                    className={`${styles.chip} ${styles[`c${colours.get(seg.item.user.id) ?? 0}`]} ${seg.item.source === 'override' ? styles.override : ''}`}
                    title={span(seg.item)}
                  >
                    {seg.continuesBefore ? '' : `${format.time(seg.item.start)} `}
                    {seg.item.user.name}
                    {seg.item.source === 'override' ? <span className={styles.overrideMark}> · {t('calendar.override')}</span> : null}
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
