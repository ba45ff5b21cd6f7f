import type { Schedule } from '@vigil/shared';
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, EmptyState, Field, Input, Notice, Page, PageSpinner, Section, Select, Textarea, useToast } from '../../ui';
import { addDays, colourSlots, isoToLocalInput, localInputToIso, localParts, shiftAnchor, viewDays, zonedInstant, type CalendarView, type LocalDate } from './calendar-time';
import { createMyFeed, createOverride, deleteOverride, getOnCall, getTeam, listOverrides, listSchedules, listShifts, rotateFeed } from './oncall.api';
import { colourCount, ShiftCalendar } from './shift-calendar';
import styles from './oncall.module.css';

/** Who is on call now, a schedule's calendar with overrides, and the calendar feeds. */
export function OnCallPage() {
  const { t } = useTranslation('oncall');
  const { hasRole } = useSession();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const [myFeedOpen, setMyFeedOpen] = useState(false);
  const schedules = useQuery({ queryKey: ['schedules'], queryFn: ({ signal }) => listSchedules(signal) });
  const items = schedules.data?.items ?? [];
  const selected = items.find((s) => s.id === params.get('schedule')) ?? items[0];

  return (
    <Page
      title={t('title')}
      description={t('description')}
      actions={
        <>
          {hasRole('admin', 'manager') ? (
            <Link className={styles.buttonLink} to="/oncall/schedules/new">
              {t('newSchedule')}
            </Link>
          ) : null}
          <Button onClick={() => setMyFeedOpen(true)}>{t('myFeed.open')}</Button>
        </>
      }
    >
      {schedules.isPending ? (
        <PageSpinner />
      ) : schedules.isError ? (
        <Notice tone="error" title={t('loadFailed')}>
          {errorText(schedules.error)}
        </Notice>
      ) : items.length === 0 || !selected ? (
        <EmptyState title={t('empty')} description={t('emptyHint')} />
      ) : (
        <>
          <OnCallNow schedules={items} />
          <div className={styles.picker}>
            <Field label={t('schedule')}>
              <Select value={selected.id} onChange={(e) => setParams({ schedule: e.target.value }, { replace: true })} options={items.map((s) => ({ value: s.id, label: s.name }))} />
            </Field>
          </div>
          <ScheduleCalendar key={selected.id} schedule={selected} />
          <Overrides schedule={selected} />
          <Feed schedule={selected} />
        </>
      )}
      <MyFeedDialog open={myFeedOpen} onClose={() => setMyFeedOpen(false)} />
    </Page>
  );
}

/** Admins change every schedule; managers those of their teams. */
function useCanManage(schedule: Schedule): boolean {
  const { role, me } = useSession();
  return role === 'admin' || (role === 'manager' && me.teams.some((m) => m.id === schedule.teamId));
}

function OnCallNow({ schedules }: { schedules: Schedule[] }) {
  const { t } = useTranslation('oncall');
  const { format } = useSession();
  const results = useQueries({ queries: schedules.map((s) => ({ queryKey: ['schedules', s.id, 'on-call'], queryFn: ({ signal }: { signal: AbortSignal }) => getOnCall(s.id, signal), refetchInterval: 60_000 })) });
  return (
    <Section title={t('now.title')}>
      <ul className={styles.nowList}>
        {schedules.map((s, i) => {
          const r = results[i];
          const shift = r?.data?.shift;
          return (
            <li key={s.id} className={styles.nowItem}>
              <span className={styles.nowSchedule}>{s.name}</span>
              {r?.isPending ? (
                <span className={styles.muted}>{t('now.loading')}</span>
              ) : shift ? (
                <span>
                  <strong>{shift.user.name}</strong>
                  {shift.end ? <span className={styles.muted}> · {t('now.until', { time: format.dateTime(shift.end) })}</span> : null}
                  {shift.source === 'override' ? <span className={styles.muted}> · {t('calendar.override')}</span> : null}
                </span>
              ) : (
                <span className={styles.muted}>{t('now.nobody')}</span>
              )}
            </li>
          );
        })}
      </ul>
    </Section>
  );
}

function ScheduleCalendar({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation('oncall');
  const { format } = useSession();
  const errorText = useErrorText();
  const canManage = useCanManage(schedule);
  const zone = format.timeZone;
  const [mountedAt] = useState(() => Date.now());
  const today = useMemo<LocalDate>(() => localParts(mountedAt, zone), [mountedAt, zone]);
  const [view, setView] = useState<CalendarView>('week');
  const [anchor, setAnchor] = useState<LocalDate>(today);
  const days = viewDays(view, anchor);
  const from = new Date(zonedInstant(days[0]!, 0, 0, zone)).toISOString();
  const to = new Date(zonedInstant(addDays(days.at(-1)!, 1), 0, 0, zone)).toISOString();
  const shifts = useQuery({ queryKey: ['schedules', schedule.id, 'shifts', from, to], queryFn: ({ signal }) => listShifts(schedule.id, from, to, signal), placeholderData: (prev) => prev });
  const items = shifts.data?.items ?? [];
  const colours = colourSlots(items.map((s) => s.user.id), colourCount);
  const people = [...new Map(items.map((s) => [s.user.id, s.user.name])).entries()];
  const rangeLabel =
    view === 'week'
      ? `${format.date(from)} – ${format.date(new Date(Date.parse(to) - 1))}`
      : new Intl.DateTimeFormat(format.tag, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(anchor.y, anchor.m - 1, 1)));

  return (
    <Section
      title={t('calendar.title', { name: schedule.name })}
      actions={
        canManage ? (
          <Link to={`/oncall/schedules/${encodeURIComponent(schedule.id)}/edit`} aria-label={`${t('calendar.edit')}: ${schedule.name}`}>
            {t('calendar.edit')}
          </Link>
        ) : null
      }
    >
      <div className={styles.toolbar}>
        <div role="group" aria-label={t('calendar.view')} className={styles.segmented}>
          {(['week', 'month'] as const).map((v) => (
            <Button key={v} size="sm" variant={view === v ? 'primary' : 'ghost'} aria-pressed={view === v} onClick={() => setView(v)}>
              {t(`calendar.${v}`)}
            </Button>
          ))}
        </div>
        <div className={styles.nav}>
          <Button size="sm" onClick={() => setAnchor(shiftAnchor(view, anchor, -1))} aria-label={t(`calendar.previous.${view}`)}>
            ‹
          </Button>
          <Button size="sm" onClick={() => setAnchor(today)}>
            {t('calendar.today')}
          </Button>
          <Button size="sm" onClick={() => setAnchor(shiftAnchor(view, anchor, 1))} aria-label={t(`calendar.next.${view}`)}>
            ›
          </Button>
        </div>
        <p className={styles.range} aria-live="polite">
          {rangeLabel} <span className={styles.muted}>({format.zoneName(from)})</span>
        </p>
      </div>
      {shifts.isError ? (
        <Notice tone="error" title={t('calendar.loadFailed')}>
          {errorText(shifts.error)}
        </Notice>
      ) : shifts.isPending ? (
        <PageSpinner />
      ) : (
        <>
          {people.length > 0 ? (
            <ul className={styles.legend} aria-label={t('calendar.legend')}>
              {people.map(([id, name]) => (
                <li key={id} className={`${styles.chip} ${styles[`c${colours.get(id) ?? 0}`]}`}>
                  {name}
                </li>
              ))}
              <li className={`${styles.chip} ${styles.override}`}>{t('calendar.overrideLegend')}</li>
            </ul>
          ) : null}
          <ShiftCalendar view={view} days={days} shifts={items} colours={colours} today={today} anchorMonth={anchor.m} />
        </>
      )}
    </Section>
  );
}

function Overrides({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation('oncall');
  const { format } = useSession();
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const canManage = useCanManage(schedule);
  const [open, setOpen] = useState(false);
  const [removing, setRemoving] = useState<string | null>(null);
  const [since] = useState(() => new Date(Date.now() - 86_400_000).toISOString());
  const overrides = useQuery({ queryKey: ['schedules', schedule.id, 'overrides', since], queryFn: ({ signal }) => listOverrides(schedule.id, since, signal) });
  const remove = useMutation({
    mutationFn: (id: string) => deleteOverride(schedule.id, id),
    onSuccess: () => {
      toast.success(t('overrides.removed'));
      setRemoving(null);
      void queryClient.invalidateQueries({ queryKey: ['schedules', schedule.id] });
    },
    onError: (e) => toast.error(errorText(e)),
  });
  const items = overrides.data?.items ?? [];
  const target = items.find((o) => o.id === removing);

  return (
    <Section title={t('overrides.title')} actions={canManage ? <Button onClick={() => setOpen(true)}>{t('overrides.add')}</Button> : null}>
      {overrides.isError ? (
        <Notice tone="error">{errorText(overrides.error)}</Notice>
      ) : items.length === 0 ? (
        <p className={styles.muted}>{overrides.isPending ? t('now.loading') : t('overrides.none')}</p>
      ) : (
        <ul className={styles.overrideList}>
          {items.map((o) => (
            <li key={o.id} className={styles.overrideItem}>
              <span>
                <strong>{o.user.name}</strong> · {format.dateTime(o.start)} – {format.dateTime(o.end)}
                {o.note ? <span className={styles.muted}> · {o.note}</span> : null}
              </span>
              {canManage ? (
                <Button size="sm" variant="ghost" onClick={() => setRemoving(o.id)} aria-label={t('overrides.removeOf', { name: o.user.name })}>
                  {t('overrides.remove')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canManage ? <OverrideDialog open={open} onClose={() => setOpen(false)} schedule={schedule} /> : null}
      <Dialog
        open={Boolean(target)}
        onClose={() => setRemoving(null)}
        title={t('overrides.confirmTitle')}
        size="sm"
        footer={
          <>
            <Button onClick={() => setRemoving(null)}>{t('common:action.cancel')}</Button>
            <Button variant="danger" loading={remove.isPending} onClick={() => target && remove.mutate(target.id)}>
              {t('overrides.remove')}
            </Button>
          </>
        }
      >
        {target ? <p>{t('overrides.confirm', { name: target.user.name, from: format.dateTime(target.start), to: format.dateTime(target.end) })}</p> : null}
      </Dialog>
    </Section>
  );
}

function OverrideDialog({ open, onClose, schedule }: { open: boolean; onClose: () => void; schedule: Schedule }) {
  const { t } = useTranslation('oncall');
  const { format } = useSession();
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const zone = format.timeZone;
  const team = useQuery({ queryKey: ['teams', schedule.teamId], queryFn: ({ signal }) => getTeam(schedule.teamId, signal), enabled: open });
  const [form, setForm] = useState(() => {
    const start = Math.ceil(Date.now() / 3_600_000) * 3_600_000;
    return { userId: '', start: isoToLocalInput(start, zone), end: isoToLocalInput(start + 8 * 3_600_000, zone), note: '' };
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => {
      const s = localInputToIso(form.start, zone);
      const e = localInputToIso(form.end, zone);
      const local: Record<string, string> = {};
      if (!form.userId) local.userId = t('overrides.errors.who');
      if (!s) local.start = t('overrides.errors.time');
      if (!e) local.end = t('overrides.errors.time');
      if (Object.keys(local).length > 0) return Promise.reject(Object.assign(new Error('local'), { local }));
      return createOverride(schedule.id, { userId: form.userId, start: s!, end: e!, note: form.note });
    },
    onSuccess: (o) => {
      toast.success(t('overrides.created', { name: o.user.name }));
      setErrors({});
      onClose();
      void queryClient.invalidateQueries({ queryKey: ['schedules'] });
    },
    onError: (e) => {
      const local = (e as { local?: Record<string, string> }).local;
      const fields = local ?? fieldErrors(e);
      setErrors(fields);
      if (Object.keys(fields).length === 0) toast.error(errorText(e));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const members = (team.data?.members ?? []).filter((m) => m.active && m.userRole !== 'reporter');

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={t('overrides.dialogTitle', { name: schedule.name })}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button variant="primary" type="submit" form="override-form" loading={save.isPending}>
            {t('overrides.create')}
          </Button>
        </>
      }
    >
      <form id="override-form" onSubmit={submit} noValidate>
        <Field label={t('overrides.who')} required error={errors.userId}>
          <Select value={form.userId} onChange={(e) => setForm({ ...form, userId: e.target.value })} placeholder={team.isPending ? t('now.loading') : t('overrides.choose')} options={members.map((m) => ({ value: m.userId, label: m.name }))} />
        </Field>
        <div className={styles.row}>
          <Field label={t('overrides.from')} required error={errors.start} hint={format.zoneName()}>
            <Input type="datetime-local" value={form.start} onChange={(e) => setForm({ ...form, start: e.target.value })} />
          </Field>
          <Field label={t('overrides.to')} required error={errors.end}>
            <Input type="datetime-local" value={form.end} onChange={(e) => setForm({ ...form, end: e.target.value })} />
          </Field>
        </div>
        <Field label={t('overrides.note')} error={errors.note}>
          <Textarea rows={2} maxLength={500} value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </Field>
      </form>
    </Dialog>
  );
}

function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation('oncall');
  const toast = useToast();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      toast.success(t('feed.copied'));
    } catch {
      toast.error(t('feed.copyFailed'));
    }
  };
  return (
    <div className={styles.copy}>
      <Field label={label}>
        <Input readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
      </Field>
      <Button onClick={() => void copy()}>{t('feed.copy')}</Button>
    </div>
  );
}

function Feed({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation('oncall');
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const canManage = useCanManage(schedule);
  const [confirm, setConfirm] = useState(false);
  const rotate = useMutation({
    mutationFn: () => rotateFeed(schedule.id),
    onSuccess: () => {
      toast.success(t('feed.rotated'));
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: ['schedules'] });
    },
    onError: (e) => toast.error(errorText(e)),
  });
  return (
    <Section title={t('feed.title')}>
      <p className={styles.muted}>{t('feed.hint')}</p>
      {schedule.feedUrl ? <CopyField label={t('feed.url', { name: schedule.name })} value={schedule.feedUrl} /> : <p>{t('feed.off')}</p>}
      {canManage ? (
        <Button onClick={() => (schedule.feedUrl ? setConfirm(true) : rotate.mutate())} loading={rotate.isPending && !confirm}>
          {schedule.feedUrl ? t('feed.rotate') : t('feed.turnOn')}
        </Button>
      ) : null}
      <Dialog
        open={confirm}
        onClose={() => setConfirm(false)}
        size="sm"
        title={t('feed.rotateTitle')}
        footer={
          <>
            <Button onClick={() => setConfirm(false)}>{t('common:action.cancel')}</Button>
            <Button variant="danger" loading={rotate.isPending} onClick={() => rotate.mutate()}>
              {t('feed.rotate')}
            </Button>
          </>
        }
      >
        <p>{t('feed.rotateConfirm')}</p>
      </Dialog>
    </Section>
  );
}

function MyFeedDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('oncall');
  const errorText = useErrorText();
  const make = useMutation({ mutationFn: createMyFeed });
  const close = () => {
    make.reset();
    onClose();
  };
  return (
    <Dialog open={open} onClose={close} title={t('myFeed.title')} footer={<Button onClick={close}>{t('common:action.close')}</Button>}>
      <p>{t('myFeed.hint')}</p>
      {make.data ? (
        <>
          <Notice tone="warning">{t('myFeed.once')}</Notice>
          <CopyField label={t('myFeed.url')} value={make.data.url} />
        </>
      ) : (
        <>
          {make.isError ? <Notice tone="error">{errorText(make.error)}</Notice> : null}
          <p className={styles.muted}>{t('myFeed.replaces')}</p>
          <Button variant="primary" loading={make.isPending} onClick={() => make.mutate()}>
            {t('myFeed.create')}
          </Button>
        </>
      )}
    </Dialog>
  );
}
