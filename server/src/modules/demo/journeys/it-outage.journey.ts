import { DAY, HOUR, MINUTE, dayAt, iso, type DemoPlan } from '../demo.plan.js';
import { sites } from '../demo.people.js';
import { journeys, storyKeys } from '../demo.journeys.js';

/** Journey 1: an ERP database outage, declared a P1 major incident, worked by the on-call engineer and resolved. */
export function planItJourney(plan: DemoPlan, anchor: Date): void {
  const backup = plan.script(storyKeys.backupWarning, dayAt(anchor, 6, 3, 5));
  backup
    .create('system', {
      type: 'it-outage',
      title: 'Backup target nas-bak-02 at 91 % capacity',
      description: 'Veeam capacity alarm: repository nas-bak-02 is at 91 % (threshold 90 %). Retention should have removed expired full backups on Sunday.',
      category: 'storage/backup',
      severity: 'low',
      impact: 'low',
      urgency: 'medium',
      services: ['Backup (Veeam)'],
      assets: ['nas-bak-02'],
      locations: [sites.datacentre],
      businessAreas: ['IT'],
      source: 'alert',
      detectedAt: iso(dayAt(anchor, 6, 3, 4)),
      custom: { affected_service: 'Backup (Veeam)', environment: 'production', customer_impact: 'none' },
    })
    .wait(4 * HOUR + 20 * MINUTE)
    .update('lukas.hoffmann', { assignee: 'lukas.hoffmann' })
    .wait(10 * MINUTE)
    .move('lukas.hoffmann', 'investigating', {
      comment: 'The retention job has not run since the storage migration on the weekend. I will look at it after the migration tasks; nothing urgent, 9 % free.',
    });

  const s = plan.script(journeys.it.key, dayAt(anchor, 3, 6, 42));
  const start = s.now();
  s.create('lukas.hoffmann', {
    type: 'it-outage',
    title: 'ERP database server erp-db-01 not responding: SAP order entry and MES down',
    description:
      'Since about 07:35 local time nobody can post orders in SAP ("SQL error -10709, connection refused"). Production in Leipzig reports that the MES terminals lost their database connection as well. Calls from sales (Hamburg, London) and from the shift leads on lines 2 to 4.',
    category: 'database/availability',
    severity: 'high',
    impact: 'high',
    urgency: 'medium',
    services: ['SAP S/4HANA (ERP)', 'MES Leipzig'],
    assets: ['erp-db-01'],
    locations: [sites.datacentre, sites.leipzig],
    businessAreas: ['Production', 'Sales', 'Logistics', 'Finance'],
    source: 'form',
    occurredAt: iso(new Date(start.getTime() - 9 * MINUTE)),
    detectedAt: iso(new Date(start.getTime() - 7 * MINUTE)),
    custom: { affected_service: 'SAP S/4HANA (ERP)', environment: 'production', customer_impact: 'full_outage', users_affected: 420 },
  });

  const dup = plan.script(storyKeys.mesDuplicate, new Date(start.getTime() + 3 * MINUTE));
  dup.create('anna.schulz', {
    type: 'it-outage',
    title: 'MES-Terminals Halle 2: "Datenbankverbindung verloren"',
    description: 'Seit ca. 7:35 zeigen alle MES-Terminals in Halle 2 "Datenbankverbindung verloren". Linien 3 und 4 können keine Aufträge zurückmelden, wir arbeiten nach ausgedrucktem Schichtplan weiter.',
    impact: 'medium',
    urgency: 'high',
    locations: [sites.leipzig],
    businessAreas: ['Production'],
    source: 'portal',
  });

  s.wait(5 * MINUTE)
    .update('jonas.weber', { severity: 'critical', urgency: 'high', assignee: 'priya.raman', custom: { major_incident: true } })
    .comment(
      'jonas.weber',
      'Major incident declared: ERP and MES are down at all sites. Priya Raman is the on-call engineer of IT operations this week and has been paged. Bridge call is open in Teams (#major-incident). Next management update in 30 minutes.',
    )
    .wait(1 * MINUTE)
    .watch('jonas.weber', 'sabine.krueger')
    .wait(3 * MINUTE)
    .move('priya.raman', 'investigating', {
      comment: 'Acknowledged, joining the bridge. erp-db-01 answers ping and SSH; the HANA indexserver is running but refuses new connections. Reading the trace files.',
    })
    .wait(1 * MINUTE)
    .comment('priya.raman', 'We know that SAP and the MES terminals are unavailable at all sites. The on-call engineer is working on it; next update in 30 minutes.', 'public');
  dup.wait(9 * MINUTE).merge('lukas.hoffmann', journeys.it.key, 'Same outage as the ERP database incident; merged so that Anna gets the updates there.');
  s.wait(17 * MINUTE)
    .comment(
      'priya.raman',
      'Found it: /hana/log on erp-db-01 is 100 % full and HANA stopped accepting writes at 07:33. Log backups to nas-bak-02 have failed since Saturday night because the share is out of space (see the open capacity warning). Freeing space on nas-bak-02 now.',
    )
    .wait(2 * MINUTE)
    .move('priya.raman', 'identified', {
      fields: {
        custom: {
          suspected_cause: 'HANA log volume full: log backups to nas-bak-02 failed for two days because the backup share ran out of space (retention job stuck since the storage migration).',
          workaround: 'Sales takes orders on the paper form; production works from the printed shift plan and books back later.',
          workaround_applied: true,
        },
      },
    })
    .wait(15 * MINUTE)
    .comment('priya.raman', 'Deleted expired full backups on nas-bak-02 per the retention policy: 2.1 TB free. Manual HANA log backup running.')
    .wait(14 * MINUTE)
    .comment('priya.raman', 'Log backup complete, /hana/log at 17 %. Indexserver restarted, SAP logon works, test order 4500123987 posted. The MES interface queue has 312 messages and is draining.')
    .wait(5 * MINUTE)
    .move('priya.raman', 'monitoring')
    .wait(7 * MINUTE)
    .comment('priya.raman', 'SAP and the MES terminals are available again. Orders taken on paper since 07:35 can be entered now; production planning coordinates the bookings in the MES.', 'public')
    .wait(25 * MINUTE)
    .move('priya.raman', 'resolved', {
      resolution:
        'The HANA log volume on erp-db-01 ran full because log backups to nas-bak-02 had failed for two days: the share was full since the retention job stopped after the storage migration. Freed 2.1 TB by deleting expired full backups, ran a manual log backup, restarted the HANA indexserver. SAP and MES available again at 08:52 local time, MES queue drained at 09:20. Follow-ups: repair the retention job (CHG-2291); alert on failed log backups and on /hana/log above 70 %.',
      comment: 'Resolved. Jonas, over to you for the post-incident review.',
    })
    .wait(5 * MINUTE)
    .link('priya.raman', storyKeys.backupWarning, 'caused_by')
    .wait(40 * MINUTE)
    .comment('jonas.weber', 'Post-incident review on Thursday 10:00 with IT operations, production planning and sales operations. Questions for the review: why the capacity warning of Monday stayed at P4, and why no alert fired on the failed log backups.');

  backup
    .wait(3 * DAY + 4 * HOUR)
    .comment('lukas.hoffmann', 'This warning was the precursor of the ERP outage (see the linked major incident). Expired backups were purged during that incident.')
    .wait(DAY)
    .move('lukas.hoffmann', 'resolved', {
      resolution: 'Retention job repaired and re-enabled (CHG-2291); last night\u2019s run removed 1.4 TB of expired restore points. nas-bak-02 at 54 %. Capacity alarm now also pages the on-call engineer above 85 %.',
    });
}
