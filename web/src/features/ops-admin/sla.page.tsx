import type { Calendar, SlaPolicy, WorkingHours } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { fieldErrors } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { timeZones } from '../../lib/time-zones';
import { Button, Checkbox, Dialog, Field, Input, Notice, Page, PageSpinner, Section, Select, useToast } from '../../ui';
import { OpsTabs } from './ops-tabs';
import { listTeams, listTypes } from './routing.api';
import { createCalendar, createSlaPolicy, deleteCalendar, deleteSlaPolicy, listCalendars, listSlaPolicies, updateCalendar, updateSlaPolicy } from './sla.api';
import styles from './ops-admin.module.css';

const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof days)[number];
type Target = { type: string; typeName: string; priority: string; policy: SlaPolicy | null };

/** SLA targets per incident type and priority, and the business calendars they count in. */
export function SlaPage() {
  const { t, i18n } = useTranslation('opsadmin');
  const { format, hasRole } = useSession();
  const canEdit = hasRole('admin');
  const errorText = useErrorText();
  const types = useQuery({ queryKey: ['incident-types'], queryFn: ({ signal }) => listTypes(signal) });
  const policies = useQuery({ queryKey: ['sla-policies'], queryFn: ({ signal }) => listSlaPolicies(signal) });
  const calendars = useQuery({ queryKey: ['calendars'], queryFn: ({ signal }) => listCalendars(signal) });
  const [target, setTarget] = useState<Target | null>(null);
  const [calendar, setCalendar] = useState<Calendar | 'new' | null>(null);
  const locale = i18n.language === 'de' ? 'de' : 'en';
  const mins = (m: number | null) => (m === null ? '—' : format.duration(m * 60_000));

  if (types.isPending || policies.isPending || calendars.isPending) return <PageSpinner />;
  const failed = types.error ?? policies.error ?? calendars.error;
  return (
    <Page title={t('sla.title')} description={t('sla.description')} width="full">
      <OpsTabs />
      {failed ? <Notice tone="error">{errorText(failed)}</Notice> : null}
      <Section title={t('sla.targets')}>
        <div className={styles.scroll} role="region" aria-label={t('sla.targets')} tabIndex={0}>
          <table className={styles.matrix}>
            <caption className="visually-hidden">{t('sla.matrixCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('editor.type')}</th>
                {priorities.map((p) => (
                  <th key={p} scope="col">
                    {p}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(types.data?.items ?? []).map((ty) => {
                const typeName = ty.name[locale] ?? ty.name.en;
                return (
                  <tr key={ty.id}>
                    <th scope="row">{typeName}</th>
                    {priorities.map((p) => {
                      const policy = (policies.data?.items ?? []).find((x) => x.type.key === ty.key && x.priority === p) ?? null;
                      return (
                        <td key={p}>
                          {policy ? (
                            <span className={styles.stack}>
                              <span>{t('sla.ack', { time: mins(policy.timeToAcknowledgeMinutes) })}</span>
                              <span>{t('sla.resolve', { time: mins(policy.timeToResolveMinutes) })}</span>
                              <span className={styles.muted}>{policy.calendar?.name ?? t('sla.always')}</span>
                            </span>
                          ) : (
                            <span className={styles.muted}>{t('sla.none')}</span>
                          )}
                          {canEdit ? (
                            <Button size="sm" variant="ghost" onClick={() => setTarget({ type: ty.key, typeName, priority: p, policy })} aria-label={t(policy ? 'sla.editOf' : 'sla.setOf', { type: typeName, priority: p })}>
                              {policy ? t('policies.edit') : t('sla.set')}
                            </Button>
                          ) : null}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </Section>
      <Section title={t('calendars.title')} actions={hasRole('admin', 'manager') ? <Button onClick={() => setCalendar('new')}>{t('calendars.new')}</Button> : null}>
        <ul className={styles.result}>
          {(calendars.data?.items ?? []).map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong>
              <span className={styles.muted}>
                {c.timeZone} · {c.team?.name ?? t('calendars.shared')} · {c.alwaysOpen ? t('sla.always') : days.filter((d) => c.workingHours[d].length > 0).map((d) => t(`day.${d}`)).join(', ')} · {t('calendars.holidayCount', { count: c.holidays.length })}
              </span>
              {hasRole('admin', 'manager') ? (
                <Button size="sm" variant="ghost" onClick={() => setCalendar(c)} aria-label={`${t('policies.edit')}: ${c.name}`}>
                  {t('policies.edit')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      {target ? <TargetDialog target={target} calendars={calendars.data?.items ?? []} onClose={() => setTarget(null)} /> : null}
      {calendar ? <CalendarDialog calendar={calendar === 'new' ? null : calendar} onClose={() => setCalendar(null)} /> : null}
    </Page>
  );
}

function TargetDialog({ target, calendars, onClose }: { target: Target; calendars: Calendar[]; onClose: () => void }) {
  const { t } = useTranslation('opsadmin');
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const p = target.policy;
  const [form, setForm] = useState({ ack: String(p?.timeToAcknowledgeMinutes ?? 30), resolve: String(p?.timeToResolveMinutes ?? 480), update: p?.timeToFirstPublicUpdateMinutes ? String(p.timeToFirstPublicUpdateMinutes) : '', calendarId: p?.calendar?.id ?? '', warn: String(p?.warnAtPercent ?? 75) });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const done = (message: string) => {
    toast.success(message);
    void queryClient.invalidateQueries({ queryKey: ['sla-policies'] });
    onClose();
  };
  const fail = (e: unknown) => {
    const f = fieldErrors(e);
    setErrors(f);
    if (Object.keys(f).length === 0) toast.error(errorText(e));
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { timeToAcknowledgeMinutes: Number(form.ack), timeToResolveMinutes: Number(form.resolve), timeToFirstPublicUpdateMinutes: form.update ? Number(form.update) : null, calendarId: form.calendarId || null, warnAtPercent: Number(form.warn) };
      return p ? updateSlaPolicy(p.id, body, p.version) : createSlaPolicy({ ...body, type: target.type, priority: target.priority });
    },
    onSuccess: () => done(t('sla.saved')),
    onError: fail,
  });
  const remove = useMutation({ mutationFn: () => deleteSlaPolicy(p!.id), onSuccess: () => done(t('sla.deleted')), onError: fail });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Dialog
      open
      onClose={onClose}
      title={t('sla.dialogTitle', { type: target.typeName, priority: target.priority })}
      footer={
        <>
          {p ? (
            confirmDelete ? (
              <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
                {t('sla.confirmDelete')}
              </Button>
            ) : (
              <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
                {t('rules.delete')}
              </Button>
            )
          ) : null}
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="sla-form" variant="primary" loading={save.isPending}>
            {t('sla.save')}
          </Button>
        </>
      }
    >
      <form id="sla-form" onSubmit={submit} noValidate className={styles.form}>
        {confirmDelete ? <Notice tone="warning">{t('sla.deleteWarning')}</Notice> : null}
        <Field label={t('sla.ackLabel')} required error={errors.timeToAcknowledgeMinutes}>
          <Input type="number" min={1} value={form.ack} onChange={(e) => setForm({ ...form, ack: e.target.value })} />
        </Field>
        <Field label={t('sla.resolveLabel')} required error={errors.timeToResolveMinutes}>
          <Input type="number" min={1} value={form.resolve} onChange={(e) => setForm({ ...form, resolve: e.target.value })} />
        </Field>
        <Field label={t('sla.updateLabel')} error={errors.timeToFirstPublicUpdateMinutes} hint={t('sla.updateHint')}>
          <Input type="number" min={1} value={form.update} onChange={(e) => setForm({ ...form, update: e.target.value })} />
        </Field>
        <Field label={t('sla.calendar')} error={errors.calendarId}>
          <Select value={form.calendarId} onChange={(e) => setForm({ ...form, calendarId: e.target.value })} options={[{ value: '', label: t('sla.always') }, ...calendars.map((c) => ({ value: c.id, label: c.name }))]} />
        </Field>
        <Field label={t('sla.warn')} error={errors.warnAtPercent}>
          <Input type="number" min={1} max={99} value={form.warn} onChange={(e) => setForm({ ...form, warn: e.target.value })} />
        </Field>
      </form>
    </Dialog>
  );
}

const emptyHours = (): WorkingHours => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });

function CalendarDialog({ calendar, onClose }: { calendar: Calendar | null; onClose: () => void }) {
  const { t } = useTranslation('opsadmin');
  const { user, hasRole } = useSession();
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const teams = useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => listTeams(signal) });
  const [form, setForm] = useState(() => ({
    name: calendar?.name ?? '',
    teamId: calendar?.team?.id ?? '',
    timeZone: calendar?.timeZone ?? user.timeZone,
    workingHours: calendar?.workingHours ?? { ...emptyHours(), ...Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]])) },
    holidays: calendar?.holidays ?? [],
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirmDelete, setConfirmDelete] = useState(false);
  const setDay = (d: Day, list: { start: string; end: string }[]) => setForm((f) => ({ ...f, workingHours: { ...f.workingHours, [d]: list } }));
  const done = (m: string) => {
    toast.success(m);
    void queryClient.invalidateQueries({ queryKey: ['calendars'] });
    onClose();
  };
  const fail = (e: unknown) => {
    const f = fieldErrors(e);
    setErrors(f);
    if (Object.keys(f).length === 0) toast.error(errorText(e));
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { name: form.name, timeZone: form.timeZone, workingHours: form.workingHours, holidays: form.holidays.map((h) => (h.name ? h : { date: h.date })) };
      return calendar ? updateCalendar(calendar.id, body, calendar.version) : createCalendar({ ...body, teamId: form.teamId || null });
    },
    onSuccess: () => done(t('calendars.saved')),
    onError: fail,
  });
  const remove = useMutation({ mutationFn: () => deleteCalendar(calendar!.id), onSuccess: () => done(t('calendars.deleted')), onError: fail });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Dialog
      open
      size="lg"
      onClose={onClose}
      title={calendar ? t('calendars.editTitle', { name: calendar.name }) : t('calendars.newTitle')}
      footer={
        <>
          {calendar ? (
            confirmDelete ? (
              <Button variant="danger" loading={remove.isPending} onClick={() => remove.mutate()}>
                {t('sla.confirmDelete')}
              </Button>
            ) : (
              <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
                {t('rules.delete')}
              </Button>
            )
          ) : null}
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button type="submit" form="calendar-form" variant="primary" loading={save.isPending}>
            {t('calendars.save')}
          </Button>
        </>
      }
    >
      <form id="calendar-form" onSubmit={submit} noValidate className={styles.form}>
        {confirmDelete ? <Notice tone="warning">{t('calendars.deleteWarning')}</Notice> : null}
        <Field label={t('editor.name')} required error={errors.name}>
          <Input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        {calendar ? null : (
          <Field label={t('editor.team')} error={errors.teamId}>
            <Select value={form.teamId} onChange={(e) => setForm({ ...form, teamId: e.target.value })} options={[...(hasRole('admin') ? [{ value: '', label: t('calendars.shared') }] : []), ...(teams.data?.items ?? []).map((x) => ({ value: x.id, label: x.name }))]} />
          </Field>
        )}
        <Field label={t('calendars.timeZone')} required error={errors.timeZone}>
          <Select value={form.timeZone} onChange={(e) => setForm({ ...form, timeZone: e.target.value })} options={timeZones(form.timeZone).map((z) => ({ value: z, label: z }))} />
        </Field>
        <fieldset className={styles.plain}>
          <legend>{t('calendars.hours')}</legend>
          {errors.workingHours ? <Notice tone="error">{errors.workingHours}</Notice> : null}
          {days.map((d) => {
            const list = form.workingHours[d];
            return (
              <div key={d} className={styles.builderRow} role="group" aria-label={t(`day.${d}`)}>
                <Checkbox label={t(`day.${d}`)} checked={list.length > 0} onChange={(e) => setDay(d, e.target.checked ? [{ start: '09:00', end: '17:00' }] : [])} />
                {list.map((iv, k) => (
                  <span key={k} className={styles.row}>
                    <Field label={t('editor.from')} error={errors[`workingHours.${d}.${k}.start`]}>
                      <Input type="time" value={iv.start} onChange={(e) => setDay(d, list.map((x, j) => (j === k ? { ...x, start: e.target.value } : x)))} />
                    </Field>
                    <Field label={t('editor.to')} error={errors[`workingHours.${d}.${k}.end`] ?? errors[`workingHours.${d}`]} hint={t('calendars.endHint')}>
                      <Input value={iv.end} pattern="([01]\d|2[0-3]):[0-5]\d|24:00" onChange={(e) => setDay(d, list.map((x, j) => (j === k ? { ...x, end: e.target.value } : x)))} />
                    </Field>
                  </span>
                ))}
                {list.length > 0 && list.length < 8 ? (
                  <Button size="sm" variant="ghost" onClick={() => setDay(d, [...list, { start: list.at(-1)!.end === '24:00' ? '23:00' : list.at(-1)!.end, end: '24:00' }])}>
                    {t('calendars.addInterval')}
                  </Button>
                ) : null}
              </div>
            );
          })}
        </fieldset>
        <fieldset className={styles.plain}>
          <legend>{t('calendars.holidays')}</legend>
          {form.holidays.map((h, k) => (
            <div key={k} className={styles.builderRow}>
              <Field label={t('calendars.date')} error={errors[`holidays.${k}.date`]}>
                <Input type="date" value={h.date} onChange={(e) => setForm({ ...form, holidays: form.holidays.map((x, j) => (j === k ? { ...x, date: e.target.value } : x)) })} />
              </Field>
              <Field label={t('calendars.holidayName')}>
                <Input value={h.name ?? ''} onChange={(e) => setForm({ ...form, holidays: form.holidays.map((x, j) => (j === k ? { ...x, name: e.target.value } : x)) })} />
              </Field>
              <Button size="sm" variant="ghost" aria-label={t('calendars.removeHoliday', { n: k + 1 })} onClick={() => setForm({ ...form, holidays: form.holidays.filter((_, j) => j !== k) })}>
                ×
              </Button>
            </div>
          ))}
          <div>
            <Button size="sm" onClick={() => setForm({ ...form, holidays: [...form.holidays, { date: '', name: '' }] })}>
              {t('calendars.addHoliday')}
            </Button>
          </div>
        </fieldset>
      </form>
    </Dialog>
  );
}
