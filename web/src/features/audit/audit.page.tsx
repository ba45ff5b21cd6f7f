import type { AuditRecord, UserSummary } from '@vigil/shared';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, EmptyState, Field, Input, Notice, Page, Section, Select, Spinner } from '../../ui';
import { listAudit, listPeople, verifyAudit, type AuditFilter } from './audit.api';
import { AuditChanges } from './audit-changes';
import { reasonText } from './verify-text';
import { fromWallTime, toWallTime } from '../../lib/zoned-time';
import styles from './audit.module.css';

/** Entity types the server records, for the filter (a type not listed still filters through the address). */
export const entityTypes = [
  'incident',
  'comment',
  'attachment',
  'incident_link',
  'user',
  'team',
  'api_token',
  'incident_type',
  'public_report_link',
  'saved_view',
  'routing_rule',
  'escalation_policy',
  'escalation',
  'schedule',
  'calendar',
  'sla_policy',
  'clock',
  'alert',
  'integration',
  'webhook_endpoint',
  'chat_channel',
  'delivery',
  'notification',
  'inbound_mail',
  'communication',
  'stakeholder_list',
] as const;

const commonActions = ['create', 'update', 'delete', 'transition', 'assign', 'comment', 'merge', 'acknowledge', 'login', 'login_failed', 'logout', 'revoke', 'deactivate', 'member_add', 'member_remove', 'member_role_change', 'regenerate_slug'];

const filterKeys = ['entityType', 'entityId', 'actorId', 'action', 'from', 'to'] as const;
type FilterKey = (typeof filterKeys)[number];

/** /audit: the hash-chained audit trail, newest first, with filters, readable changes and the chain check. */
export function AuditPage() {
  const { t } = useTranslation('audit');
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const filter: AuditFilter = useMemo(() => Object.fromEntries(filterKeys.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)), [params]);
  const startBefore = Number(params.get('before')) || undefined;
  const people = useQuery({ queryKey: ['audit', 'people'], queryFn: ({ signal }) => listPeople(signal), staleTime: 5 * 60_000 });
  const names = useMemo(() => new Map((people.data?.items ?? []).map((u) => [u.id, u])), [people.data]);
  const records = useInfiniteQuery({
    queryKey: ['audit', 'records', filter, startBefore],
    queryFn: ({ pageParam, signal }) => listAudit(filter, pageParam, signal),
    initialPageParam: startBefore,
    getNextPageParam: (last) => last.nextBefore ?? undefined,
  });
  const items = records.data?.pages.flatMap((p) => p.items) ?? [];

  const apply = (next: Partial<Record<FilterKey | 'before', string | undefined>>) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(next)) {
        if (v) p.set(k, v);
        else p.delete(k);
      }
      if (!('before' in next)) p.delete('before');
      return p;
    });
  const active = filterKeys.filter((k) => filter[k]).length;

  return (
    <Page title={t('title')} description={t('description')} width="wide">
      <VerifyPanel onShowRecord={(seq) => setParams(new URLSearchParams({ before: String(seq + 1) }))} />
      <Section title={t('filters.title')}>
        <Filters key={params.toString()} filter={filter} people={people.data?.items ?? []} onApply={apply} active={active} onClear={() => setParams(new URLSearchParams())} />
      </Section>
      {startBefore ? (
        <Notice tone="info">
          {t('list.fromRecord', { seq: startBefore - 1 })}{' '}
          <Button size="sm" variant="ghost" onClick={() => apply({ before: undefined })}>
            {t('list.backToNewest')}
          </Button>
        </Notice>
      ) : null}
      {records.isError ? <Notice tone="error">{errorText(records.error)}</Notice> : null}
      <div role="status" className={styles.count}>
        {records.isPending ? t('common:status.loading') : t('list.shown', { count: items.length })}
      </div>
      {records.data && items.length === 0 ? <EmptyState title={t('list.empty')} description={active ? t('list.emptyFiltered') : undefined} /> : null}
      <ol className={styles.records} aria-label={t('list.label')}>
        {items.map((r) => (
          <RecordItem key={r.seq} record={r} actor={r.actorId ? names.get(r.actorId) : undefined} onFilter={apply} />
        ))}
      </ol>
      {records.hasNextPage ? (
        <div className={styles.more}>
          <Button onClick={() => void records.fetchNextPage()} loading={records.isFetchingNextPage}>
            {t('list.more')}
          </Button>
        </div>
      ) : null}
    </Page>
  );
}

type FiltersProps = {
  filter: AuditFilter;
  people: readonly UserSummary[];
  onApply: (f: Partial<Record<FilterKey, string | undefined>>) => void;
  active: number;
  onClear: () => void;
};

function Filters({ filter, people, onApply, active, onClear }: FiltersProps) {
  const { t } = useTranslation('audit');
  const { user } = useSession();
  const tz = user.timeZone;
  const [form, setForm] = useState({
    entityType: filter.entityType ?? '',
    entityId: filter.entityId ?? '',
    actorId: filter.actorId ?? '',
    action: filter.action ?? '',
    from: toWallTime(filter.from, tz),
    to: toWallTime(filter.to, tz),
  });
  const set = (k: keyof typeof form, v: string) => setForm((f) => ({ ...f, [k]: v }));
  const typeOptions = [...new Set([...entityTypes, ...(form.entityType ? [form.entityType] : [])])];
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({
      entityType: form.entityType || undefined,
      entityId: form.entityId.trim() || undefined,
      actorId: form.actorId || undefined,
      action: form.action.trim() || undefined,
      from: form.from ? (fromWallTime(form.from, tz) ?? undefined) : undefined,
      to: form.to ? (fromWallTime(form.to, tz) ?? undefined) : undefined,
    });
  };
  return (
    <form className={styles.filters} onSubmit={submit} role="search" aria-label={t('filters.title')}>
      <Field label={t('filters.entityType')}>
        <Select value={form.entityType} onChange={(e) => set('entityType', e.target.value)} options={[{ value: '', label: t('filters.any') }, ...typeOptions.map((k) => ({ value: k, label: t(`entities.${k}`, { defaultValue: k }) }))]} />
      </Field>
      <Field label={t('filters.entityId')} hint={t('filters.entityIdHint')}>
        <Input value={form.entityId} maxLength={200} spellCheck={false} onChange={(e) => set('entityId', e.target.value)} />
      </Field>
      <Field label={t('filters.actor')}>
        <Select value={form.actorId} onChange={(e) => set('actorId', e.target.value)} options={[{ value: '', label: t('filters.anyone') }, ...people.map((p) => ({ value: p.id, label: `${p.name} (${p.email})` }))]} />
      </Field>
      <Field label={t('filters.action')} hint={t('filters.actionHint')}>
        <Input value={form.action} list="audit-actions" maxLength={100} spellCheck={false} onChange={(e) => set('action', e.target.value)} />
      </Field>
      <datalist id="audit-actions">
        {commonActions.map((a) => (
          <option key={a} value={a} />
        ))}
      </datalist>
      <Field label={t('filters.from')} hint={t('filters.zone', { zone: tz })}>
        <Input type="datetime-local" value={form.from} onChange={(e) => set('from', e.target.value)} />
      </Field>
      <Field label={t('filters.to')} hint={t('filters.zone', { zone: tz })}>
        <Input type="datetime-local" value={form.to} onChange={(e) => set('to', e.target.value)} />
      </Field>
      <div className={styles.filterActions}>
        <Button type="submit" variant="primary">
          {t('filters.apply')}
        </Button>
        {active > 0 ? (
          <Button variant="ghost" onClick={onClear}>
            {t('filters.clear', { count: active })}
          </Button>
        ) : null}
      </div>
    </form>
  );
}

function VerifyPanel({ onShowRecord }: { onShowRecord: (seq: number) => void }) {
  const { t } = useTranslation('audit');
  const { format } = useSession();
  const errorText = useErrorText();
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const verify = useMutation({ mutationFn: verifyAudit, onSuccess: () => setCheckedAt(new Date()) });
  const result = verify.data;
  const reason = result?.firstBroken ? reasonText(result.firstBroken.reason) : null;
  return (
    <Section
      title={t('verify.title')}
      actions={
        <Button variant="primary" onClick={() => verify.mutate()} loading={verify.isPending}>
          {result ? t('verify.again') : t('verify.run')}
        </Button>
      }
    >
      <p className={styles.hint}>{t('verify.hint')}</p>
      <div aria-live="polite">
        {verify.isPending ? <Spinner label={t('verify.running')} /> : null}
        {verify.isError ? <Notice tone="error">{errorText(verify.error)}</Notice> : null}
        {result && !verify.isPending ? (
          result.ok ? (
            <Notice tone="success" title={t('verify.okTitle', { count: result.checked })}>
              {t('verify.okText', { count: result.checked, head: result.headSeq })} {checkedAt ? t('verify.at', { time: format.dateTime(checkedAt) }) : null}
            </Notice>
          ) : (
            <Notice tone="error" title={t('verify.brokenTitle', { seq: result.firstBroken?.seq ?? 0 })}>
              <p>{reason ? t(`verify.reasons.${reason.key}`, reason.params ?? {}) : result.firstBroken?.reason}</p>
              <p>{t('verify.brokenText', { count: result.checked, head: result.headSeq })}</p>
              {result.firstBroken ? (
                <Button size="sm" onClick={() => onShowRecord(result.firstBroken!.seq)}>
                  {t('verify.show', { seq: result.firstBroken.seq })}
                </Button>
              ) : null}
            </Notice>
          )
        ) : null}
      </div>
    </Section>
  );
}

const actorTone = { user: 'info', token: 'info', system: 'neutral', cli: 'neutral', anonymous: 'warning' } as const;

function RecordItem({ record: r, actor, onFilter }: { record: AuditRecord; actor: UserSummary | undefined; onFilter: (f: Partial<Record<FilterKey, string | undefined>>) => void }) {
  const { t } = useTranslation('audit');
  const { format } = useSession();
  const [open, setOpen] = useState(false);
  const kind = (r.actorType in actorTone ? r.actorType : 'system') as keyof typeof actorTone;
  const who = actor ? actor.name : r.actorId ? t('record.unknownUser', { id: r.actorId.slice(0, 8) }) : t(`actors.${kind}`);
  const hasValues = r.before !== null || r.after !== null;
  return (
    <li className={styles.record}>
      <div className={styles.recordText}>
        <div className={styles.recordHead}>
          <span className={styles.seq}>#{r.seq}</span>
          <time dateTime={r.at} className={styles.time}>
            {format.dateTime(r.at)}
          </time>
          <span className={styles.action}>
            <code>{r.action}</code>
          </span>
          <span>{t(`entities.${r.entityType}`, { defaultValue: r.entityType })}</span>
        </div>
        <div className={styles.recordMeta}>
          <span>
            {t('record.by')} <strong>{who}</strong> {r.actorType !== 'user' ? <Badge tone={actorTone[kind]}>{t(`actors.${kind}`)}</Badge> : null}
          </span>
          {r.sourceIp ? <span>{t('record.ip', { ip: r.sourceIp })}</span> : null}
          <span className={styles.entityId}>
            {t('record.entity')} <code>{r.entityId}</code>
          </span>
        </div>
      </div>
      <div className={styles.recordActions}>
        {hasValues ? (
          <Button size="sm" aria-expanded={open} aria-controls={`audit-changes-${r.seq}`} onClick={() => setOpen((o) => !o)}>
            {open ? t('record.hideChanges') : t('record.showChanges')}
          </Button>
        ) : (
          <span className={styles.hint}>{t('record.noValues')}</span>
        )}
        <Button size="sm" variant="ghost" onClick={() => onFilter({ entityType: r.entityType, entityId: r.entityId })}>
          {t('record.history')}
        </Button>
        {r.actorId ? (
          <Button size="sm" variant="ghost" onClick={() => onFilter({ actorId: r.actorId ?? undefined })}>
            {t('record.byActor', { name: who })}
          </Button>
        ) : null}
      </div>
      {open ? (
        <div id={`audit-changes-${r.seq}`} className={styles.recordChanges}>
          <AuditChanges before={r.before} after={r.after} />
          <p className={styles.hash}>
            {t('record.hash')} <code>{r.hash.slice(0, 16)}…</code> · {t('record.prevHash')} <code>{r.prevHash.slice(0, 16)}…</code>
          </p>
        </div>
      ) : null}
    </li>
  );
}
