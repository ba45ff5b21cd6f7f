import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Button, Field, Select, useToast } from '../../ui';
import { useIncidentCtx } from './incident-context';
import { addWatcher, removeWatcher } from './incident.api';
import { useAbilities } from './use-incident-data';
import styles from './incident.module.css';

/**
 * Who is involved: reporter, assignee (with "assign to me"), team, and the watchers, whom workers add
 * and remove and everyone else may join or leave themself.
 */
export function PeoplePanel({ headingId }: { headingId: string }) {
  const { t } = useTranslation('incident');
  const { user } = useSession();
  const { incident, directory, save, refresh } = useIncidentCtx();
  const { worker, reporter } = useAbilities();
  const toast = useToast();
  const errorText = useErrorText();
  const [busy, setBusy] = useState<string | null>(null);
  const [adding, setAdding] = useState('');
  const watching = incident.watchers.some((w) => w.id === user.id);
  const mayWatchSelf = worker || reporter;
  const candidates = directory.users.filter((u) => !incident.watchers.some((w) => w.id === u.id));
  const open = !incident.mergedInto;

  const run = async (key: string, action: () => Promise<unknown>, message: string) => {
    setBusy(key);
    try {
      await action();
      await refresh();
      toast.success(message);
    } catch (err) {
      toast.error(errorText(err));
    } finally {
      setBusy(null);
    }
  };

  const assignToMe = async () => {
    setBusy('assign');
    const result = await save({ assigneeId: user.id }, incident.version);
    setBusy(null);
    if (result.outcome === 'saved') toast.success(t('people.assignedToYou'));
    else if (result.outcome === 'error') toast.error(errorText(result.error));
  };

  const reporterText = incident.reporter?.name ?? (incident.reporterContact ? [incident.reporterContact.name, incident.reporterContact.email].filter(Boolean).join(' · ') : null);

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.panelTitle}>
        {t('people.title')}
      </h2>
      <dl className={styles.facts}>
        <dt>{t('fields.reporter')}</dt>
        <dd>{reporterText ?? <span className={styles.muted}>{t('value.notSet')}</span>}</dd>
        <dt>{t('fields.assigneeId')}</dt>
        <dd>
          {incident.assignee?.name ?? <span className={styles.muted}>{t('value.unassigned')}</span>}
          {worker && open && incident.assignee?.id !== user.id ? (
            <Button size="sm" variant="ghost" loading={busy === 'assign'} onClick={assignToMe}>
              {t('people.assignToMe')}
            </Button>
          ) : null}
        </dd>
        <dt>{t('fields.teamId')}</dt>
        <dd>{incident.team?.name ?? <span className={styles.muted}>{t('value.noTeam')}</span>}</dd>
      </dl>
      <h3 className={styles.subheading}>{t('people.watchers', { count: incident.watchers.length })}</h3>
      {incident.watchers.length === 0 ? <p className={styles.muted}>{t('people.noWatchers')}</p> : null}
      <ul className={styles.plainList}>
        {incident.watchers.map((w) => (
          <li key={w.id} className={styles.listRow}>
            <span>
              {w.name}
              {w.id === user.id ? <span className={styles.muted}> ({t('people.you')})</span> : null}
            </span>
            {(worker || (reporter && w.id === user.id)) && open ? (
              <Button size="sm" variant="ghost" loading={busy === `rm-${w.id}`} onClick={() => run(`rm-${w.id}`, () => removeWatcher(incident.id, w.id), t('people.watcherRemoved', { name: w.name }))} aria-label={t('people.removeWatcher', { name: w.name })}>
                {t('people.remove')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {mayWatchSelf && open ? (
        <Button
          size="sm"
          loading={busy === 'self'}
          onClick={() =>
            run('self', () => (watching ? removeWatcher(incident.id, user.id) : addWatcher(incident.id, user.id)), watching ? t('people.stoppedWatching') : t('people.nowWatching'))
          }
        >
          {watching ? t('people.stopWatching') : t('people.watch')}
        </Button>
      ) : null}
      {worker && open && candidates.length > 0 ? (
        <form
          className={styles.inlineAdd}
          onSubmit={(e) => {
            e.preventDefault();
            if (!adding) return;
            const name = directory.userName(adding) ?? '';
            void run('add', () => addWatcher(incident.id, adding), t('people.watcherAdded', { name })).then(() => setAdding(''));
          }}
        >
          <Field label={t('people.addWatcher')}>
            <Select name="watcher" value={adding} onChange={(e) => setAdding(e.target.value)} placeholder={t('people.choosePerson')} options={candidates.map((u) => ({ value: u.id, label: u.name }))} />
          </Field>
          <Button type="submit" size="sm" disabled={!adding} loading={busy === 'add'}>
            {t('people.add')}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
