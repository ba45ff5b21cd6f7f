import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AwarenessDialog } from './clocks-panel';
import { FieldRow } from './field-row';
import { useIncidentCtx } from './incident-context';
import type { FieldSpec } from './incident-fields';
import { useAbilities } from './use-incident-data';
import styles from './incident.module.css';

const inHeaderOrOwnPanel = new Set(['title', 'description']);
const sectionLabel = (section: string) => section.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** The description, as its own panel (edited in place). */
export function DescriptionSection({ headingId }: { headingId: string }) {
  const { t } = useTranslation('incident');
  const { spec, settled } = useIncidentCtx();
  const { worker } = useAbilities();
  const description = spec('description')!;
  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.panelTitle}>
        {t('fields.description')}
      </h2>
      <dl className={styles.fields}>
        <FieldRow spec={description} canEdit={worker && !settled} hideLabel />
      </dl>
    </section>
  );
}

/**
 * Every other field of the incident, core and custom (grouped by the type's sections), each editable
 * in place by people who work incidents (priority by managers and admins; the awareness time through
 * its own dialog with a justification).
 */
export function DetailsSection({ headingId }: { headingId: string }) {
  const { t } = useTranslation('incident');
  const { specs, settled } = useIncidentCtx();
  const { worker, manager } = useAbilities();
  const [awareness, setAwareness] = useState(false);
  const core = specs.filter((s) => !s.key.startsWith('custom.') && !inHeaderOrOwnPanel.has(s.key));
  const custom = specs.filter((s) => s.key.startsWith('custom.'));
  const sections = new Map<string, FieldSpec[]>();
  for (const s of custom) sections.set(s.section ?? '', [...(sections.get(s.section ?? '') ?? []), s]);
  const canEdit = (s: FieldSpec) => worker && !settled && (!s.managersOnly || manager);
  const row = (s: FieldSpec) => <FieldRow key={s.key} spec={s} canEdit={canEdit(s)} {...(s.viaAwareness ? { onAwareness: () => setAwareness(true) } : {})} />;

  return (
    <section className={styles.panel} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.panelTitle}>
        {t('details.title')}
      </h2>
      <dl className={`${styles.fields} ${styles.fieldsGrid}`}>{core.map(row)}</dl>
      {custom.length > 0 ? (
        [...sections.entries()].map(([section, list]) => (
          <div key={section || '-'} className={styles.customSection}>
            <h3 className={styles.subheading}>{section ? t(`section.${section}`, { defaultValue: sectionLabel(section) }) : t('details.typeFields')}</h3>
            <dl className={`${styles.fields} ${styles.fieldsGrid}`}>{list.map(row)}</dl>
          </div>
        ))
      ) : null}
      {awareness ? <AwarenessDialog onClose={() => setAwareness(false)} /> : null}
    </section>
  );
}
