import type { RotationKind, ScheduleLayerInput, ScheduleRestriction } from '@vigil/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { fieldErrors, isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { timeZones } from '../../lib/time-zones';
import { Button, Checkbox, Field, Input, Notice, Page, PageSpinner, Section, Select, Textarea, useToast } from '../../ui';
import { localParts } from './calendar-time';
import { createSchedule, getSchedule, listTeams, listUsers, updateSchedule } from './oncall.api';
import styles from './schedule-editor.module.css';

type Weekday = ScheduleRestriction['days'][number];
const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

type LayerDraft = { name: string; participants: string[]; rotation: RotationKind; shiftHours: string; handoffTime: string; startDate: string; restrictions: ScheduleRestriction[] };
type Draft = { teamId: string; name: string; description: string; timeZone: string; layers: LayerDraft[] };

const pad = (n: number) => String(n).padStart(2, '0');

/** Create or edit a schedule: team, name, time zone and its rotation layers (people in order, rotation, hand-off, restrictions). */
export function ScheduleEditorPage() {
  const { scheduleId } = useParams();
  const existing = useQuery({ queryKey: ['schedules', scheduleId], queryFn: ({ signal }) => getSchedule(scheduleId!, signal), enabled: Boolean(scheduleId) });
  const errorText = useErrorText();
  if (scheduleId && existing.isPending) return <PageSpinner />;
  if (scheduleId && existing.isError) return <Notice tone="error">{errorText(existing.error)}</Notice>;
  return <Editor key={existing.data?.version ?? 'new'} scheduleId={scheduleId} initial={existing.data} />;
}

function Editor({ scheduleId, initial }: { scheduleId: string | undefined; initial: Awaited<ReturnType<typeof getSchedule>> | undefined }) {
  const { t } = useTranslation('oncall');
  const { user, format } = useSession();
  const errorText = useErrorText();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const teams = useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => listTeams(signal) });
  const users = useQuery({ queryKey: ['users', 'on-call'], queryFn: ({ signal }) => listUsers(signal) });
  const [today] = useState(() => localParts(Date.now(), format.timeZone));
  const newLayer = (n: number): LayerDraft => ({ name: t('editor.layerDefault', { n }), participants: [], rotation: 'weekly', shiftHours: '12', handoffTime: '09:00', startDate: `${today.y}-${pad(today.m)}-${pad(today.d)}`, restrictions: [] });
  const [draft, setDraft] = useState<Draft>(() =>
    initial
      ? {
          teamId: initial.teamId,
          name: initial.name,
          description: initial.description,
          timeZone: initial.timeZone,
          layers: initial.layers.map((l) => ({ ...l, shiftHours: l.shiftHours ? String(l.shiftHours) : '12', restrictions: l.restrictions ?? [] })),
        }
      : { teamId: '', name: '', description: '', timeZone: user.timeZone, layers: [newLayer(1)] },
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setLayer = (i: number, patch: Partial<LayerDraft>) => setDraft((d) => ({ ...d, layers: d.layers.map((l, j) => (j === i ? { ...l, ...patch } : l)) }));
  const people = users.data?.items ?? [];
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;

  const save = useMutation({
    mutationFn: () => {
      const layers: ScheduleLayerInput[] = draft.layers.map((l) => ({
        name: l.name,
        participants: l.participants,
        rotation: l.rotation,
        ...(l.rotation === 'custom' ? { shiftHours: Number(l.shiftHours) } : {}),
        handoffTime: l.handoffTime,
        startDate: l.startDate,
        restrictions: l.restrictions,
      }));
      const body = { teamId: draft.teamId, name: draft.name, description: draft.description, timeZone: draft.timeZone, layers };
      return initial ? updateSchedule(initial.id, body, initial.version) : createSchedule(body);
    },
    onSuccess: (s) => {
      toast.success(initial ? t('editor.saved') : t('editor.created'));
      void queryClient.invalidateQueries({ queryKey: ['schedules'] });
      void navigate(`/oncall?schedule=${encodeURIComponent(s.id)}`);
    },
    onError: (e) => {
      const fields = fieldErrors(e);
      setErrors(fields);
      if (isApiError(e, 'version_conflict')) toast.error(t('editor.conflict'));
      else if (Object.keys(fields).length > 0) toast.error(t('editor.fixErrors'));
      else toast.error(errorText(e));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };

  return (
    <Page title={initial ? t('editor.editTitle', { name: initial.name }) : t('editor.newTitle')} width="narrow" actions={<Link to={scheduleId ? `/oncall?schedule=${scheduleId}` : '/oncall'}>{t('editor.back')}</Link>}>
      <form onSubmit={submit} noValidate className={styles.form}>
        <Field label={t('editor.team')} required error={errors.teamId}>
          <Select value={draft.teamId} onChange={(e) => setDraft({ ...draft, teamId: e.target.value })} placeholder={t('editor.chooseTeam')} options={(teams.data?.items ?? []).map((tm) => ({ value: tm.id, label: tm.name }))} />
        </Field>
        <Field label={t('editor.name')} required error={errors.name}>
          <Input value={draft.name} maxLength={200} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </Field>
        <Field label={t('editor.description')} error={errors.description}>
          <Textarea rows={2} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        </Field>
        <Field label={t('editor.timeZone')} required error={errors.timeZone}>
          <Select value={draft.timeZone} onChange={(e) => setDraft({ ...draft, timeZone: e.target.value })} options={timeZones(draft.timeZone).map((z) => ({ value: z, label: z }))} />
        </Field>

        <p className={styles.hint}>{t('editor.layersHint')}</p>
        {errors.layers ? <Notice tone="error">{errors.layers}</Notice> : null}
        {draft.layers.map((layer, i) => {
          const e = (k: string) => errors[`layers.${i}.${k}`];
          const available = people.filter((p) => !layer.participants.includes(p.id));
          return (
            <Section
              key={i}
              title={layer.name || t('editor.layerDefault', { n: i + 1 })}
              actions={
                <Button size="sm" variant="ghost" onClick={() => setDraft({ ...draft, layers: draft.layers.filter((_, j) => j !== i) })} aria-label={t('editor.removeLayer', { name: layer.name })}>
                  ×
                </Button>
              }
            >
              <Field label={t('editor.layerName')} required error={e('name')}>
                <Input value={layer.name} onChange={(ev) => setLayer(i, { name: ev.target.value })} />
              </Field>
              <fieldset className={styles.fieldset}>
                <legend>{t('editor.participants')}</legend>
                {e('participants') ? <p className={styles.error}>{e('participants')}</p> : null}
                {layer.participants.length === 0 ? <p className={styles.hint}>{t('editor.noParticipants')}</p> : null}
                <ol className={styles.people}>
                  {layer.participants.map((id, k) => (
                    <li key={id} className={styles.person}>
                      <span>{nameOf(id)}</span>
                      <span className={styles.personActions}>
                        <Button size="sm" variant="ghost" disabled={k === 0} aria-label={t('editor.moveUp', { name: nameOf(id) })} onClick={() => setLayer(i, { participants: move(layer.participants, k, -1) })}>
                          ↑
                        </Button>
                        <Button size="sm" variant="ghost" disabled={k === layer.participants.length - 1} aria-label={t('editor.moveDown', { name: nameOf(id) })} onClick={() => setLayer(i, { participants: move(layer.participants, k, 1) })}>
                          ↓
                        </Button>
                        <Button size="sm" variant="ghost" aria-label={t('editor.removeParticipant', { name: nameOf(id) })} onClick={() => setLayer(i, { participants: layer.participants.filter((p) => p !== id) })}>
                          ×
                        </Button>
                      </span>
                    </li>
                  ))}
                </ol>
                <Field label={t('editor.addParticipant')}>
                  <Select
                    value=""
                    onChange={(ev) => ev.target.value && setLayer(i, { participants: [...layer.participants, ev.target.value] })}
                    placeholder={t('editor.choosePerson')}
                    options={available.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))}
                  />
                </Field>
              </fieldset>
              <div className={styles.row}>
                <Field label={t('editor.rotation')} error={e('rotation')}>
                  <Select value={layer.rotation} onChange={(ev) => setLayer(i, { rotation: ev.target.value as RotationKind })} options={(['daily', 'weekly', 'custom'] as const).map((r) => ({ value: r, label: t(`editor.rotations.${r}`) }))} />
                </Field>
                {layer.rotation === 'custom' ? (
                  <Field label={t('editor.shiftHours')} required error={e('shiftHours')}>
                    <Input type="number" min={1} max={1344} value={layer.shiftHours} onChange={(ev) => setLayer(i, { shiftHours: ev.target.value })} />
                  </Field>
                ) : null}
                <Field label={t('editor.handoffTime')} required error={e('handoffTime')}>
                  <Input type="time" value={layer.handoffTime} onChange={(ev) => setLayer(i, { handoffTime: ev.target.value })} />
                </Field>
                <Field label={t('editor.startDate')} required error={e('startDate')}>
                  <Input type="date" value={layer.startDate} onChange={(ev) => setLayer(i, { startDate: ev.target.value })} />
                </Field>
              </div>
              <fieldset className={styles.fieldset}>
                <legend>{t('editor.restrictions')}</legend>
                <p className={styles.hint}>{t('editor.restrictionsHint')}</p>
                {layer.restrictions.map((r, k) => (
                  <div key={k} className={styles.restriction}>
                    <fieldset className={styles.days}>
                      <legend className="visually-hidden">{t('editor.days')}</legend>
                      {weekdays.map((d) => (
                        <Checkbox
                          key={d}
                          label={t(`weekdays.${d}`)}
                          checked={r.days.includes(d)}
                          onChange={(ev) => setLayer(i, { restrictions: layer.restrictions.map((x, j) => (j === k ? { ...x, days: ev.target.checked ? weekdays.filter((w) => w === d || x.days.includes(w)) : x.days.filter((w) => w !== d) } : x)) })}
                        />
                      ))}
                    </fieldset>
                    <Field label={t('editor.from')} error={e(`restrictions.${k}.start`)}>
                      <Input type="time" value={r.start} onChange={(ev) => setLayer(i, { restrictions: layer.restrictions.map((x, j) => (j === k ? { ...x, start: ev.target.value } : x)) })} />
                    </Field>
                    <Field label={t('editor.to')} error={e(`restrictions.${k}.end`)}>
                      <Input type="time" value={r.end} onChange={(ev) => setLayer(i, { restrictions: layer.restrictions.map((x, j) => (j === k ? { ...x, end: ev.target.value } : x)) })} />
                    </Field>
                    <Button size="sm" variant="ghost" aria-label={t('editor.removeRestriction', { n: k + 1 })} onClick={() => setLayer(i, { restrictions: layer.restrictions.filter((_, j) => j !== k) })}>
                      ×
                    </Button>
                    {e(`restrictions.${k}.days`) ? <p className={styles.error}>{e(`restrictions.${k}.days`)}</p> : null}
                  </div>
                ))}
                <Button size="sm" onClick={() => setLayer(i, { restrictions: [...layer.restrictions, { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' }] })}>
                  {t('editor.addRestriction')}
                </Button>
              </fieldset>
            </Section>
          );
        })}
        <div className={styles.footer}>
          <Button onClick={() => setDraft({ ...draft, layers: [...draft.layers, newLayer(draft.layers.length + 1)] })}>{t('editor.addLayer')}</Button>
          <Button type="submit" variant="primary" loading={save.isPending}>
            {t('editor.save')}
          </Button>
        </div>
      </form>
    </Page>
  );
}

function move<T>(list: readonly T[], index: number, by: number): T[] {
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(index + by, 0, item!);
  return next;
}
