import { DAY, HOUR, MINUTE, dayAt, iso, utc, type DemoPlan } from '../demo.plan.js';
import { journeys, storyKeys } from '../demo.journeys.js';

/** Journey 5: suspicious sign-ins to a finance mailbox, assessed, response documented, contained. */
export function planSecurityJourney(plan: DemoPlan, anchor: Date): void {
  const s = plan.script(journeys.security.key, dayAt(anchor, 2, 2, 47));
  const start = s.now();
  s.create('system', {
    type: 'security',
    title: 'Suspicious sign-ins to the Microsoft 365 account of a finance user (impossible travel, new inbox rule)',
    description:
      'Microsoft Sentinel: "Impossible travel activity" followed by "Suspicious inbox manipulation rule" for j.wilson@nordwind.example. Successful sign-ins from Amsterdam and from a Tor exit node 14 minutes after a sign-in from London. A new inbox rule forwards mails containing "invoice" or "payment" to an external address.',
    category: 'intrusion/account_compromise',
    severity: 'high',
    impact: 'high',
    urgency: 'high',
    services: ['Microsoft 365 (Exchange Online)', 'Entra ID'],
    businessAreas: ['Finance'],
    source: 'alert',
    confidentiality: 'confidential',
    occurredAt: iso(new Date(start.getTime() - 34 * MINUTE)),
    detectedAt: iso(new Date(start.getTime() - 2 * MINUTE)),
    custom: {
      detection_source: 'siem',
      indicators_of_compromise:
        'Sign-ins at 02:13 and 02:27 UTC from 185.220.101.47 (Tor exit) and 45.137.21.9 (VPS, NL); user agent python-requests/2.31; inbox rule "RSS Sync" forwarding to invoices.desk@proton.me; OAuth consent for the app "Mail Sync Pro".',
    },
  });
  s.wait(4 * HOUR + 11 * MINUTE)
    .move('olivia.bennett', 'investigating', {
      fields: { assignee: 'olivia.bennett' },
      comment:
        'Taking this. The sign-ins passed MFA by replaying a session token, not by a new MFA prompt: most likely adversary-in-the-middle phishing. James Wilson confirms he opened a "DocuSign" mail yesterday at 17:40 and entered his password.',
    })
    .wait(4 * MINUTE)
    .watch('daniel.schaefer', 'katharina.vogel')
    .wait(5 * MINUTE)
    .comment('olivia.bennett', 'Emergency containment started: all sessions and refresh tokens of j.wilson revoked, account disabled, inbox rule removed, OAuth consent of "Mail Sync Pro" revoked.')
    .wait(20 * MINUTE)
    .update('olivia.bennett', {
      custom: {
        affected_systems:
          'Entra ID account j.wilson; Exchange Online mailbox j.wilson (inbox rule, 41 mails forwarded between 02:29 and 06:58 UTC); OAuth app "Mail Sync Pro" (Mail.Read). No sign-ins to VPN, SAP or file servers with this account; laptop NB-FIN-0231 clean (Defender full scan).',
        attack_vector: 'phishing',
        personal_data_involved: 'yes',
        data_exfiltrated: 'yes',
        suspected_malicious: 'yes',
        cross_border_impact: 'unknown',
      },
    })
    .wait(20 * MINUTE)
    .comment(
      'olivia.bennett',
      'Message trace: 41 mails forwarded to invoices.desk@proton.me, among them 9 supplier invoices with bank details and 3 mails with customer contact data. Informed the DPO, Katharina Vogel: personal data involved, a breach assessment is opened as a separate data-protection incident.',
    );

  const breach = plan.script(storyKeys.mailboxBreach, new Date(s.now().getTime() + 10 * MINUTE));
  const aware = new Date(s.now().getTime() - 2 * MINUTE);
  breach
    .create('katharina.vogel', {
      type: 'data-breach',
      title: 'Supplier invoices and customer contacts forwarded from a compromised finance mailbox',
      description: 'Follows the security incident on the compromised Microsoft 365 account of James Wilson: an attacker\u2019s inbox rule forwarded 41 mails to an external address, some with personal data of suppliers (sole traders) and customers.',
      category: 'unauthorised_access/external_attack',
      severity: 'high',
      impact: 'medium',
      urgency: 'high',
      businessAreas: ['Finance'],
      source: 'form',
      confidentiality: 'confidential',
      assignee: 'thomas.reed',
      watchers: ['daniel.schaefer'],
      detectedAt: iso(aware),
      becameAwareAt: iso(aware),
      custom: {
        breach_types: ['confidentiality'],
        nature_description: 'Unauthorised access to a mailbox after phishing; 41 mails forwarded to an attacker-controlled address over 4.5 hours.',
        processor_involved: false,
      },
    })
    .wait(10 * MINUTE)
    .link('katharina.vogel', journeys.security.key, 'caused_by')
    .wait(20 * MINUTE)
    .move('thomas.reed', 'assessing', { comment: 'Going through the 41 forwarded mails with the SOC and listing the persons concerned.' });

  s.wait(40 * MINUTE)
    .move('olivia.bennett', 'contained', {
      fields: {
        custom: {
          containment_actions:
            'Sessions and refresh tokens revoked; password reset and MFA re-registration with the user in person; inbox rule removed; OAuth consent "Mail Sync Pro" revoked and the app blocked tenant-wide; phishing sender domain and AiTM URL blocked in Defender for Office 365; Conditional Access now blocks sign-ins from Tor and anonymous proxies for all users; automatic forwarding to external domains disabled by default.',
        },
      },
      comment: 'Contained. Next: hunt for other recipients of the phishing mail (23 delivered, 2 clicked), then eradication.',
    })
    .wait(30 * MINUTE)
    .update('daniel.schaefer', { custom: { nis2_entity_class: 'important', nis2_severe_disruption: 'no', nis2_damage_to_others: 'unknown', nis2_significant: 'under_assessment' } })
    .comment('daniel.schaefer', 'NIS2 significance under assessment: no operational disruption, but a fraud risk through the forwarded invoices. Finance is warned not to act on bank detail changes this week. Decision on the early warning by tomorrow 12:00.');

  breach
    .wait(DAY)
    .update('thomas.reed', {
      custom: {
        data_subject_categories: ['supplier_contacts', 'customers'],
        data_subjects_count: 57,
        data_subjects_count_estimated: true,
        record_categories: ['contact', 'financial'],
        records_count: 41,
        records_count_estimated: false,
      },
    })
    .comment('thomas.reed', `Preliminary count: bank details of 9 sole-trader suppliers and contact data of 48 customer contacts. Deadline for the authority: ${utc(new Date(aware.getTime() + 72 * HOUR))}.`);
}
