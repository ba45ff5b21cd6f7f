import { DAY, HOUR, MINUTE, dayAt, iso, utc, type DemoPlan } from '../demo.plan.js';
import { sites } from '../demo.people.js';
import { journeys } from '../demo.journeys.js';

/** Journey 2: a misdirected e-mail with customer data, documented for Art. 33(3), assessed, notified within 72 hours, closed. */
export function planDataBreachJourney(plan: DemoPlan, anchor: Date): void {
  const s = plan.script(journeys.dataProtection.key, dayAt(anchor, 9, 15, 20));
  const start = s.now();
  const aware = new Date(start.getTime() - 9 * MINUTE);
  s.create('michael.brown', {
    type: 'data-breach',
    title: 'Customer contact list e-mailed to the wrong external recipient',
    description:
      'At 15:02 I sent the price list to our contact at Hartmann Logistik. Outlook auto-completed the address of a different person at Hartmann Spedition (not a customer). The Excel file had a second sheet with our customer contact list: names, business e-mail addresses, phone numbers and annual order volumes, roughly 1,300 contacts. I noticed at 15:11 when our real contact asked where the price list was.',
    category: 'misdirected/email',
    severity: 'high',
    impact: 'medium',
    urgency: 'high',
    businessAreas: ['Sales', 'Customer Service'],
    locations: [sites.london],
    source: 'form',
    confidentiality: 'confidential',
    occurredAt: iso(new Date(start.getTime() - 18 * MINUTE)),
    detectedAt: iso(aware),
    becameAwareAt: iso(aware),
    custom: {
      breach_types: ['confidentiality'],
      nature_description: 'E-mail with an Excel attachment sent to a wrong external recipient (auto-complete). Attachment: customer contact list (name, business e-mail, phone, annual order volume). Not encrypted, not password-protected.',
    },
  });
  s.wait(22 * MINUTE)
    .update('katharina.vogel', {
      assignee: 'thomas.reed',
      custom: { dpo_contact: 'Dr. Katharina Vogel, Data Protection Officer, datenschutz@nordwind.example, +49 40 5550 1200' },
    })
    .comment(
      'katharina.vogel',
      `Awareness at ${utc(aware)}, when Michael Brown noticed the misdirected e-mail: we know with reasonable certainty that personal data left the company. The 72-hour deadline for the authority ends ${utc(new Date(aware.getTime() + 72 * HOUR))}. Thomas, please take the assessment.`,
    )
    .wait(3 * MINUTE)
    .watch('katharina.vogel', 'daniel.schaefer')
    .wait(5 * MINUTE)
    .move('thomas.reed', 'assessing', {
      comment:
        'Called Michael Brown. The recipient is a purchasing clerk at Hartmann Spedition GmbH (Bremen), no business relationship with us. Message recall failed (external recipient). Asked the recipient by phone to delete the e-mail and the attachment and to confirm that in writing.',
    })
    .wait(10 * MINUTE)
    .comment('thomas.reed', 'Thank you for reporting this so quickly. The data protection team is assessing the incident. Please do not forward the e-mail and do not contact the recipient again yourself.', 'public')
    .wait(2 * HOUR + 40 * MINUTE)
    .comment('thomas.reed', 'Written confirmation from the recipient (18:21): e-mail and attachment deleted from the inbox and from deleted items, not forwarded, not printed. Saved to the DMS as DSB-2026-014.')
    .wait(15 * HOUR)
    .move('thomas.reed', 'containment', {
      fields: {
        custom: {
          data_subject_categories: ['customers'],
          data_subjects_count: 1312,
          data_subjects_count_estimated: false,
          record_categories: ['identification', 'contact'],
          records_count: 1312,
          records_count_estimated: false,
          cross_border: true,
          processor_involved: false,
          risk_level: 'risk',
          likely_consequences:
            'Business contact data of 1,312 customer contacts disclosed to one external person: risk of unsolicited contact or targeted phishing in our name against our customers. No special categories, no credentials, no payment data.',
        },
      },
      comment: 'Counted the sheet: 1,312 contacts (DE 884, AT 97, NL 61, UK 270). Cross-border: yes. Lead authority: HmbBfDI (main establishment in Hamburg).',
    })
    .wait(1 * HOUR)
    .comment(
      'thomas.reed',
      'Actions: (1) deletion confirmed in writing by the recipient; (2) Outlook auto-complete cache for external addresses cleared for the London sales team; (3) IT asked for a DLP warning before external mails with customer lists; (4) customer list export in the CRM restricted to the sales-ops role.',
    )
    .wait(3 * HOUR)
    .move('katharina.vogel', 'notification_decision', {
      fields: {
        custom: {
          risk_rationale:
            'Risk, but not a high risk: business contact data only; the single recipient is a known company that confirmed deletion in writing the same day; no sign of further disclosure. A risk to the data subjects cannot be excluded (phishing with the disclosed contacts), so the Art. 33(1) exemption does not apply. No high risk, so no communication to the data subjects under Art. 34(1).',
        },
      },
    })
    .wait(40 * MINUTE)
    .update('katharina.vogel', {
      custom: {
        sa_notification_required: 'yes',
        subject_communication_required: 'no',
        competent_sa: 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit (HmbBfDI)',
        notification_rationale:
          '72-hour decision: notify the authority under Art. 33(1) because a risk to the rights and freedoms of the contacts cannot be excluded. The data subjects are not informed (no high risk, Art. 34(1)); account managers receive a talking point in case customers ask.',
      },
    })
    .comment('katharina.vogel', `72-hour decision recorded by the DPO at ${utc(s.now())}, ${Math.round((s.now().getTime() - aware.getTime()) / HOUR)} hours after awareness: notify the HmbBfDI; do not notify the data subjects.`)
    .wait(50 * MINUTE)
    .update('katharina.vogel', { custom: { sa_notified_at: iso(new Date(s.now().getTime() - 5 * MINUTE)), sa_reference: 'HmbBfDI-2026-1432' } })
    .comment('katharina.vogel', 'Notified the HmbBfDI through its online breach form, well within 72 hours. Reference HmbBfDI-2026-1432; PDF of the submission filed as DSB-2026-014-02.')
    .wait(1 * DAY)
    .move('thomas.reed', 'resolved', {
      resolution:
        'Misdirected e-mail with 1,312 customer contacts: the recipient confirmed deletion the same day; the HmbBfDI was notified within 24 hours (ref. HmbBfDI-2026-1432); data subjects not informed (no high risk). DLP warning for external mails with customer lists is live (CHG-2304); the sales team was briefed.',
    })
    .wait(4 * DAY)
    .move('katharina.vogel', 'closed', {
      fields: {
        custom: {
          measures_taken:
            'Deletion by the recipient confirmed in writing; auto-complete caches cleared; DLP rule for outgoing mails with customer lists (CHG-2304); CRM export of customer lists limited to sales-ops; privacy refresher for the sales team.',
        },
      },
      comment: 'No questions from the authority after five days. Closed; the record stays in the breach register (Art. 33(5)).',
    });
}
