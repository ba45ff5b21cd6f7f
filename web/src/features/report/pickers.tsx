import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input, Select } from '../../ui';
import { searchIncidents, searchUsers } from './report.api';

/** Who a user field may offer: everyone (agents, managers, admins may list people), or only the reporter themself. */
export type PeopleAccess = { canList: boolean; self: { id: string; name: string } | null };

type PickerProps = { id: string; label: string; help?: string | undefined; error?: string | undefined; required?: boolean; value: string; onChange: (value: string) => void };

/** A person for a user field: searched among active users; a reporter, who may not list people, can name themself. */
export function UserPicker({ id, label, help, error, required, value, onChange, access }: PickerProps & { access: PeopleAccess }) {
  const { t } = useTranslation('report');
  const [q, setQ] = useState('');
  const search = useDeferredValue(q.trim());
  const users = useQuery({ queryKey: ['report', 'users', search], queryFn: ({ signal }) => searchUsers(search, signal), enabled: access.canList, staleTime: 60_000 });
  const options = access.canList
    ? (users.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${u.email})` }))
    : access.self
      ? [{ value: access.self.id, label: t('people.me', { name: access.self.name }) }]
      : [];
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: value === access.self?.id ? t('people.me', { name: access.self.name }) : t('people.chosen') });
  return (
    <>
      {access.canList ? (
        <Field id={`${id}-search`} label={t('people.search', { field: label })}>
          <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
        </Field>
      ) : null}
      <Field id={id} label={label} hint={[help, access.canList ? undefined : t('people.onlySelf')].filter(Boolean).join(' · ') || undefined} error={error} required={required}>
        <Select value={value} placeholder={users.isFetching ? t('people.loading') : t('choose')} options={options} onChange={(e) => onChange(e.target.value)} />
      </Field>
    </>
  );
}

/** Another incident for a reference field: its number, with suggestions from the incidents the person can see. */
export function ReferencePicker({ id, label, help, error, required, value, onChange }: PickerProps) {
  const { t } = useTranslation('report');
  const search = useDeferredValue(value.trim());
  const found = useQuery({ queryKey: ['report', 'incidents', search], queryFn: ({ signal }) => searchIncidents(search, signal), staleTime: 30_000, retry: false });
  const listId = `${id}-suggestions`;
  return (
    <Field id={id} label={label} hint={[help, t('hints.reference')].filter(Boolean).join(' · ')} error={error} required={required}>
      <Input type="text" value={value} list={listId} autoComplete="off" spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      <datalist id={listId}>
        {(found.data?.items ?? []).map((i) => (
          <option key={i.id} value={i.number}>
            {i.title}
          </option>
        ))}
      </datalist>
    </Field>
  );
}
