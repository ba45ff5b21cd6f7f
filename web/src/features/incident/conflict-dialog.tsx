import type { Incident } from '@vigil/shared';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { Button, Dialog, Notice } from '../../ui';
import type { DisplayContext } from './field-display';
import { displayValue } from './field-display';
import type { SaveOutcome } from './incident-context';
import { valueOf, type FieldSpec } from './incident-fields';
import { getIncident, patchIncident } from './incident.api';
import styles from './incident.module.css';

type Conflict = { patch: Record<string, unknown>; changedFields: string[]; fresh: Incident | null };

/** The fields a change body sets, flattened: [['severity', 'high'], ['custom.site', 'Hamburg']]. */
export function patchEntries(patch: Record<string, unknown>): Array<[string, unknown]> {
  return Object.entries(patch).flatMap(([k, v]): Array<[string, unknown]> =>
    k === 'custom' && v && typeof v === 'object' ? Object.entries(v as Record<string, unknown>).map(([ck, cv]): [string, unknown] => [`custom.${ck}`, cv]) : [[k, v]],
  );
}

/** The field key of the details that a changed field of the timeline stands for. */
const changedFieldKey = (field: string) => (field === 'assignee' ? 'assigneeId' : field === 'priorityOverridden' ? 'priority' : field);

type Args = {
  incident: Incident;
  store: (incident: Incident) => void;
  spec: (key: string) => FieldSpec | undefined;
  display: DisplayContext;
};

/**
 * Saving a field with If-Match, and what happens when someone else changed the incident in between:
 * the dialog lists what they changed (with its value now) next to the change the user made, and offers
 * to apply that change again on top of the new version, or to drop it.
 */
export function useConflictingSave({ incident, store, spec, display }: Args) {
  const { t } = useTranslation('incident');
  const errorText = useErrorText();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = incident.id;

  const save = useCallback(
    async (patch: Record<string, unknown>, baseVersion: number): Promise<{ outcome: SaveOutcome; error?: unknown }> => {
      try {
        store(await patchIncident(id, baseVersion, patch));
        return { outcome: 'saved' };
      } catch (err) {
        if (!isApiError(err, 'version_conflict')) return { outcome: 'error', error: err };
        const details = (err.details ?? {}) as { changedFields?: unknown };
        const changedFields = Array.isArray(details.changedFields) ? details.changedFields.map(String) : [];
        setError(null);
        setConflict({ patch, changedFields, fresh: null });
        try {
          const fresh = await getIncident(id);
          store(fresh);
          setConflict({ patch, changedFields, fresh });
        } catch (loadErr) {
          setError(loadErr);
        }
        return { outcome: 'conflict' };
      }
    },
    [id, store],
  );

  const reapply = async () => {
    if (!conflict) return;
    setBusy(true);
    setError(null);
    try {
      const fresh = conflict.fresh ?? (await getIncident(id));
      store(await patchIncident(id, fresh.version, conflict.patch));
      setConflict(null);
    } catch (err) {
      if (isApiError(err, 'version_conflict')) {
        // Changed yet again: show the newest state and ask once more.
        const fresh = await getIncident(id).catch(() => null);
        if (fresh) store(fresh);
        setConflict({ ...conflict, fresh });
      }
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const theirs = conflict ? [...new Set(conflict.changedFields.map(changedFieldKey))] : [];
  const label = (key: string) => spec(key)?.label ?? t(`fields.${key}`, { defaultValue: key });
  const shown = (key: string, value: unknown) => (key === 'priority' && value === null ? t('value.fromMatrix') : displayValue(spec(key), value, display) || t('value.notSet'));
  const now = (fresh: Incident, key: string) => {
    if (key === 'state') return t('value.stateNow', { state: fresh.state.label[display.format.locale] ?? fresh.state.label.en });
    if (key === 'priority') return fresh.priority;
    return shown(key, valueOf(fresh, key));
  };

  const dialog = (
    <Dialog
      open={conflict !== null}
      onClose={() => setConflict(null)}
      title={t('conflict.title')}
      footer={
        <>
          <Button onClick={() => setConflict(null)} disabled={busy}>
            {t('conflict.discard')}
          </Button>
          <Button variant="primary" onClick={reapply} loading={busy} disabled={!conflict?.fresh}>
            {t('conflict.reapply')}
          </Button>
        </>
      }
    >
      {conflict ? (
        <div className={styles.conflict}>
          <p>{t('conflict.intro')}</p>
          <h3 className={styles.subheading}>{t('conflict.theirs')}</h3>
          {theirs.length === 0 ? (
            <p className={styles.muted}>{t('conflict.unknownFields')}</p>
          ) : (
            <ul className={styles.changeList}>
              {theirs.map((key) => (
                <li key={key} data-changed-field={key}>
                  <strong>{key === 'state' ? t('fields.state') : label(key)}</strong>
                  {conflict.fresh ? <span>: {now(conflict.fresh, key)}</span> : null}
                </li>
              ))}
            </ul>
          )}
          <h3 className={styles.subheading}>{t('conflict.yours')}</h3>
          <ul className={styles.changeList}>
            {patchEntries(conflict.patch).map(([key, value]) => (
              <li key={key}>
                <strong>{label(key)}</strong>: {shown(key, value)}
                {theirs.includes(key) ? <span className={styles.warningText}> {t('conflict.overwrites')}</span> : null}
              </li>
            ))}
          </ul>
          {error ? <Notice tone="error">{errorText(error)}</Notice> : null}
        </div>
      ) : null}
    </Dialog>
  );

  return { save, dialog };
}
