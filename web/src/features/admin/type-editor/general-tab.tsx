import { coreFieldKeys, coreFieldLabels, type Team } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { Checkbox, Field, Input, Select } from '../../../ui';
import { localized } from '../localized';
import type { TabProps } from './editor-types';
import { LocalizedInput } from './localized-input';
import styles from './type-editor.module.css';

/** Names, description, number prefix, team, visibility, activation and the core fields required at creation. */
export function GeneralTab({ draft, update, issues, say, locale, teams }: TabProps & { teams: readonly Team[] }) {
  const { t } = useTranslation('admin');
  const on = (k: string) => ({ en: issues[`${k}.en`], de: issues[`${k}.de`] });
  return (
    <div className={styles.tab}>
      <LocalizedInput label={t('editor.name')} value={draft.name} onChange={(name) => update((d) => ({ ...d, name }))} issues={on('name')} say={say} required />
      <LocalizedInput label={t('editor.descriptionLabel')} value={draft.description} onChange={(description) => update((d) => ({ ...d, description }))} issues={on('description')} say={say} multiline hint={t('editor.descriptionHint')} />
      <div className={styles.pair}>
        <Field label={t('types.columns.prefix')} error={say(issues.prefix)} hint={t('editor.prefixHint', { example: `${draft.prefix || 'IT'}-2026-000123` })} required>
          <Input value={draft.prefix} maxLength={6} autoCapitalize="characters" onChange={(e) => update((d) => ({ ...d, prefix: e.target.value.toUpperCase() }))} />
        </Field>
        <Field label={t('editor.defaultTeam')} error={say(issues.defaultTeamId)} hint={t('editor.defaultTeamHint')}>
          <Select
            value={draft.defaultTeamId ?? ''}
            onChange={(e) => update((d) => ({ ...d, defaultTeamId: e.target.value || null }))}
            options={[{ value: '', label: t('editor.noTeam') }, ...teams.map((team) => ({ value: team.id, label: team.name }))]}
          />
        </Field>
      </div>
      <div className={styles.switches}>
        <div>
          <Checkbox label={t('editor.restricted')} checked={draft.restricted} onChange={(e) => update((d) => ({ ...d, restricted: e.target.checked }))} aria-describedby="type-restricted-hint" />
          <p id="type-restricted-hint" className={styles.hint}>
            {t('editor.restrictedHint')}
          </p>
        </div>
        <div>
          <Checkbox label={t('editor.active')} checked={draft.active} onChange={(e) => update((d) => ({ ...d, active: e.target.checked }))} aria-describedby="type-active-hint" />
          <p id="type-active-hint" className={styles.hint}>
            {t('editor.activeHint')}
          </p>
        </div>
      </div>
      <fieldset className={styles.fieldset}>
        <legend>{t('editor.requiredCore')}</legend>
        <p className={styles.hint}>{t('editor.requiredCoreHint')}</p>
        <div className={styles.checkGrid}>
          {coreFieldKeys.map((k) => (
            <Checkbox
              key={k}
              label={localized(coreFieldLabels[k], locale)}
              checked={draft.requiredFields.includes(k)}
              onChange={(e) =>
                update((d) => ({ ...d, requiredFields: e.target.checked ? coreFieldKeys.filter((c) => c === k || d.requiredFields.includes(c)) : d.requiredFields.filter((c) => c !== k) }))
              }
            />
          ))}
        </div>
      </fieldset>
    </div>
  );
}
