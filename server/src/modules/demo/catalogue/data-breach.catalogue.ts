import { sites } from '../demo.people.js';
import type { CatalogueEntry, CatalogueMove } from '../demo.generate.js';

const dpoContact = 'Dr. Katharina Vogel, Data Protection Officer, datenschutz@nordwind.example, +49 40 5550 1200';
const hmbbfdi = 'Der Hamburgische Beauftragte für Datenschutz und Informationsfreiheit (HmbBfDI)';

type Record33 = {
  breachTypes: string[];
  subjects: string[];
  subjectsCount: number;
  estimated?: boolean;
  records: string[];
  consequences: string;
  risk: 'no_risk' | 'risk' | 'high_risk';
  rationale: string;
  measures: string;
  /** The 72-hour decision: whether the authority and the data subjects are told, and why. */
  notify: { authority: boolean; subjects: boolean; why: string; exemption?: string };
  resolution: string;
  extra?: Record<string, unknown>;
};

type DpbStory = Record33 | { notABreach: string; rationale: string };

function dpbMoves(t: DpbStory): CatalogueMove[] {
  if ('notABreach' in t) {
    return [{ to: 'assessing' }, { to: 'closed', fields: { custom: { risk_rationale: t.rationale } }, comment: t.notABreach, pause: 'work' }];
  }
  const decision = (at: Date) => ({
    custom: {
      sa_notification_required: t.notify.authority ? 'yes' : 'no',
      subject_communication_required: t.notify.subjects ? 'yes' : 'no',
      notification_rationale: t.notify.why,
      ...(t.notify.exemption ? { subject_communication_exemption: t.notify.exemption } : {}),
      ...(t.notify.authority ? { competent_sa: hmbbfdi, sa_notified_at: at.toISOString(), sa_reference: `HmbBfDI-${at.getUTCFullYear()}-${1000 + (at.getUTCDate() * 37 + at.getUTCHours()) % 900}` } : {}),
      ...(t.notify.subjects ? { subjects_notified_at: at.toISOString() } : {}),
    },
  });
  return [
    { to: 'assessing' },
    {
      to: 'containment',
      fields: {
        custom: {
          breach_types: t.breachTypes,
          data_subject_categories: t.subjects,
          data_subjects_count: t.subjectsCount,
          data_subjects_count_estimated: t.estimated ?? false,
          record_categories: t.records,
          likely_consequences: t.consequences,
          risk_level: t.risk,
          ...t.extra,
        },
      },
    },
    { to: 'notification_decision', fields: { custom: { risk_rationale: t.rationale } }, by: 'lead' },
    { to: 'resolved', fields: decision, resolution: t.resolution, pause: 'work' },
    { to: 'closed', by: 'lead', pause: 'long', fields: { custom: { measures_taken: t.measures, dpo_contact: dpoContact } } },
  ];
}

const dpb = (creator: CatalogueEntry['creator'], create: CatalogueEntry['create'], story: DpbStory, extra: Pick<CatalogueEntry, 'updates' | 'followUp'> = {}): CatalogueEntry => ({
  type: 'data-breach',
  team: 'data-protection',
  creator,
  create: { confidentiality: 'confidential', ...create },
  moves: dpbMoves(story),
  ...extra,
});

/** Personal-data breaches (GDPR Art. 33/34) of all kinds, notified and not notified. */
export const dataBreachCatalogue: CatalogueEntry[] = [
  dpb(
    'reporter',
    {
      title: 'Company laptop stolen from a car in Leipzig',
      description: 'My laptop (NB-LE-0117) was stolen from my locked car last night. It contains my e-mails and HR documents of my team.',
      category: 'loss_theft/device',
      severity: 'medium',
      impact: 'medium',
      urgency: 'high',
      locations: [sites.leipzig],
      assets: ['NB-LE-0117'],
      businessAreas: ['Human Resources'],
      source: 'form',
      custom: { breach_types: ['confidentiality', 'availability'], nature_description: 'Theft of a company laptop from a private car; police report filed (file no. LE-2026-44871).' },
    },
    {
      breachTypes: ['confidentiality', 'availability'],
      subjects: ['employees'],
      subjectsCount: 14,
      records: ['identification', 'contact', 'employment'],
      consequences: 'Without decryption none: the disk is encrypted (BitLocker with TPM and PIN).',
      risk: 'no_risk',
      rationale: 'BitLocker full-disk encryption with pre-boot PIN verified in Intune; device wiped remotely at first contact; data also in OneDrive (no loss of availability).',
      measures: 'Remote wipe command issued; device certificate revoked; user credentials reset.',
      notify: { authority: false, subjects: false, why: 'Unlikely to result in a risk (Art. 33(1)): state-of-the-art encryption, key not compromised. Documented in the breach register only.' },
      resolution: 'Encrypted laptop stolen; no risk to the data subjects; not notified, documented under Art. 33(5).',
    },
  ),
  dpb(
    { key: 'laura.fischer' },
    {
      title: 'Payslips for March sent to the wrong employees (mail merge error)',
      description: 'The payroll mail merge shifted by one row: 37 employees received the payslip of a colleague as PDF.',
      category: 'misdirected/email',
      severity: 'high',
      impact: 'medium',
      urgency: 'high',
      businessAreas: ['Human Resources'],
      source: 'form',
      custom: { breach_types: ['confidentiality'], nature_description: 'Payslips (salary, tax class, social security number, bank account) sent to the wrong colleague by e-mail.' },
    },
    {
      breachTypes: ['confidentiality'],
      subjects: ['employees'],
      subjectsCount: 37,
      records: ['identification', 'financial', 'government_id', 'employment'],
      consequences: 'Salary and social security data disclosed to colleagues: embarrassment, social pressure, possible misuse of bank and tax data.',
      risk: 'risk',
      rationale: 'Recipients are colleagues bound by confidentiality, most deleted the mails on request; but sensitive financial data and social security numbers: a risk cannot be excluded.',
      measures: 'Recall and deletion requests with confirmation from all 37 recipients; mail merge replaced by the payroll portal.',
      notify: { authority: true, subjects: true, why: 'Risk (Art. 33(1)): notified to the HmbBfDI. Affected employees informed personally by HR as a matter of fairness, although no high risk.' },
      resolution: 'All 37 recipients confirmed deletion; authority notified; affected employees informed; payslips now only via the payroll portal.',
    },
  ),
  dpb(
    'reporter',
    {
      title: 'Applicant CVs visible to all staff on SharePoint',
      description: 'The recruiting folder with CVs of current applicants is shared with "Everyone except external users".',
      category: 'unauthorised_access/access_rights',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      businessAreas: ['Human Resources'],
      source: 'portal',
      custom: { breach_types: ['confidentiality'], nature_description: 'Sharing permission of a SharePoint folder with 212 applicant documents set to all employees for 19 days.' },
    },
    {
      breachTypes: ['confidentiality'],
      subjects: ['applicants'],
      subjectsCount: 64,
      records: ['identification', 'contact', 'employment'],
      consequences: 'Application documents seen by colleagues: risk for applicants currently employed elsewhere or internally.',
      risk: 'risk',
      rationale: 'Audit log shows 7 file views by 3 employees outside HR over 19 days; includes 2 internal applicants.',
      measures: 'Permissions fixed; the 3 employees asked to confirm they kept no copies; sharing report for HR sites every month.',
      notify: { authority: true, subjects: false, why: 'Risk: authority notified. No high risk: limited internal audience, no special categories; applicants not informed individually.' },
      resolution: 'Folder permissions corrected; access by 3 employees documented; authority notified.',
    },
  ),
  dpb(
    'reporter',
    {
      title: 'Dealer newsletter sent with all 214 addresses in CC',
      description: 'The spring newsletter to our dealers went out with all recipients in CC instead of BCC.',
      category: 'misdirected/open_cc',
      severity: 'low',
      impact: 'low',
      urgency: 'high',
      businessAreas: ['Sales'],
      source: 'portal',
      custom: { breach_types: ['confidentiality'], nature_description: 'E-mail to 214 dealer contacts with all addresses visible in CC.' },
    },
    {
      breachTypes: ['confidentiality'],
      subjects: ['customers', 'supplier_contacts'],
      subjectsCount: 214,
      records: ['contact'],
      consequences: 'Disclosure of business e-mail addresses to other dealers (competitors): unsolicited contact, spam.',
      risk: 'risk',
      rationale: 'Mostly business addresses, but 41 are personal addresses of sole traders; recipients are competitors of each other.',
      measures: 'Apology mail sent (BCC); newsletters only through the marketing tool from now on.',
      notify: { authority: true, subjects: false, why: 'Risk cannot be excluded for the 41 personal addresses: authority notified. No high risk: no communication under Art. 34.' },
      resolution: 'Open-CC disclosure notified to the authority; newsletter process moved to the marketing tool.',
    },
  ),
  dpb(
    'staff',
    {
      title: 'Sick notes found in the general paper waste',
      description: 'Cleaning staff found about 30 sick notes (certificates of incapacity) in a paper bin on the HR floor instead of the confidential waste bin.',
      category: 'disposal/paper',
      severity: 'medium',
      impact: 'low',
      urgency: 'medium',
      locations: [sites.hamburg],
      businessAreas: ['Human Resources'],
      source: 'form',
      custom: { breach_types: ['confidentiality'], nature_description: 'Paper sick notes (health data, Art. 9) disposed of in the general paper waste inside the building.' },
    },
    {
      breachTypes: ['confidentiality'],
      subjects: ['employees'],
      subjectsCount: 28,
      records: ['identification', 'health'],
      consequences: 'None expected: documents never left the building and were secured by our own staff.',
      risk: 'no_risk',
      rationale: 'Found and secured by own cleaning staff within the building before collection; bin not accessible to outsiders.',
      measures: 'Documents shredded; locked confidential waste bins placed next to every HR printer; HR team briefed.',
      notify: { authority: false, subjects: false, why: 'Unlikely to result in a risk: no disclosure outside the company. Documented in the register (Art. 33(5)).' },
      resolution: 'Health documents secured before leaving the building; disposal process fixed; not notifiable.',
    },
  ),
  dpb(
    'staff',
    {
      title: 'Payroll service provider reports a ransomware attack',
      description: 'Our payroll processor informed us by phone and e-mail about a ransomware attack on their systems; exfiltration of client data cannot be excluded.',
      category: 'loss_of_data/ransomware',
      severity: 'critical',
      impact: 'high',
      urgency: 'high',
      businessAreas: ['Human Resources', 'Finance'],
      source: 'email',
      custom: { breach_types: ['confidentiality', 'availability'], nature_description: 'Ransomware attack at the payroll processor (Art. 28 processor); payroll data of all employees stored there.', processor_involved: true },
    },
    {
      breachTypes: ['confidentiality', 'availability'],
      subjects: ['employees'],
      subjectsCount: 612,
      estimated: false,
      records: ['identification', 'contact', 'financial', 'government_id', 'employment', 'health', 'religious_beliefs'],
      consequences: 'Identity theft and fraud with bank and social security data; church tax data reveals religion (Art. 9); payroll run may be delayed.',
      risk: 'high_risk',
      rationale: 'Processor confirmed exfiltration (leak site post with sample files); special categories involved; whole workforce.',
      measures: 'Processor\u2019s incident report and forensic summary obtained; employees informed with guidance (bank, identity theft); credit monitoring offered; payroll run secured with a manual fallback.',
      notify: { authority: true, subjects: true, why: 'High risk (Art. 34(1)): authority notified within 72 hours; all employees informed in plain language by letter and intranet.' },
      resolution: 'Processor breach with confirmed exfiltration: authority and all employees notified; support measures offered.',
      extra: { processor_involved: true, cross_border: false },
    },
  ),
  dpb(
    { key: 'michael.brown' },
    {
      title: 'Customer portal showed another customer\u2019s order history',
      description: 'A customer called: after logging in to the portal he saw the order history of another company, including contact names.',
      category: 'disclosure/wrong_customer',
      severity: 'high',
      impact: 'medium',
      urgency: 'high',
      services: ['Customer portal'],
      businessAreas: ['Customer Service', 'Sales'],
      source: 'form',
      custom: { breach_types: ['confidentiality'], nature_description: 'Session mix-up in the customer portal cache showed order history of other customers to 4 users.' },
    },
    {
      breachTypes: ['confidentiality'],
      subjects: ['customers'],
      subjectsCount: 9,
      records: ['contact', 'identification'],
      consequences: 'Business contact names and order details seen by other customers.',
      risk: 'risk',
      rationale: 'Caching bug after a release; 4 sessions affected, 9 contact persons disclosed.',
      measures: 'Release rolled back, cache keys fixed; affected customers informed by their account managers.',
      notify: { authority: true, subjects: false, why: 'Risk: authority notified. No high risk: business contact data only, known recipients.' },
      resolution: 'Cache bug fixed; 9 disclosed contacts; authority notified.',
    },
  ),
  dpb(
    'staff',
    {
      title: 'CCTV footage of the gate shared in a WhatsApp group',
      description: 'A security guard of our contractor posted a CCTV clip of an employee\u2019s car accident at gate 3 in a private WhatsApp group.',
      category: 'disclosure/publication',
      severity: 'medium',
      impact: 'low',
      urgency: 'high',
      locations: [sites.leipzig],
      source: 'form',
      custom: { breach_types: ['confidentiality'], nature_description: 'Video from the gate camera (identifiable employee and number plate) shared by a processor\u2019s employee in a private chat group.', processor_involved: true },
    },
    {
      breachTypes: ['confidentiality'],
      subjects: ['employees'],
      subjectsCount: 1,
      records: ['identification', 'location'],
      consequences: 'Embarrassment and reputational harm for the employee; loss of control over the video.',
      risk: 'risk',
      rationale: 'Identifiable person, unknown further spread in the chat group (23 members).',
      measures: 'Contractor had the video deleted from the group, guard removed from our site; CCTV export now needs two people.',
      notify: { authority: true, subjects: true, why: 'Risk: authority notified; the employee was informed personally and supported by HR.' },
      resolution: 'Video deleted from the chat group; contractor measures confirmed; authority notified; employee informed.',
      extra: { processor_involved: true },
    },
  ),
  dpb(
    'staff',
    {
      title: 'Personnel files deleted by mistake during a folder clean-up',
      description: 'During a clean-up of the HR share the folder with personnel files A to K was deleted; the recycle bin was emptied.',
      category: 'loss_of_data/deletion',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      businessAreas: ['Human Resources'],
      source: 'form',
      custom: { breach_types: ['availability'], nature_description: 'Accidental deletion of personnel files; restore from backup possible.' },
    },
    {
      breachTypes: ['availability'],
      subjects: ['employees'],
      subjectsCount: 290,
      estimated: true,
      records: ['identification', 'employment'],
      consequences: 'Temporary unavailability of personnel files; possible loss of documents added since the last backup.',
      risk: 'no_risk',
      rationale: 'Restored completely from last night\u2019s backup within 4 hours; 3 documents of the same day re-scanned from paper.',
      measures: 'Restore from backup; delete permission on the HR share limited to HR admins.',
      notify: { authority: false, subjects: false, why: 'Temporary loss of availability, fully restored: unlikely to result in a risk. Documented in the register.' },
      resolution: 'Files restored from backup; no lasting loss; not notifiable.',
    },
  ),
  dpb(
    'staff',
    {
      title: 'Suspected CRM access by a former sales employee',
      description: 'The CRM shows a login with the account of a sales employee who left three weeks ago.',
      category: 'unauthorised_access/insider',
      severity: 'medium',
      impact: 'medium',
      urgency: 'high',
      services: ['CRM'],
      businessAreas: ['Sales'],
      source: 'form',
    },
    {
      notABreach: 'Log review with IT: the login came from the IT admin workstation during the account clean-up (mailbox export before deletion). No access by the former employee: not a breach.',
      rationale: 'No unauthorised access: the login was the documented leaver process performed by IT.',
    },
  ),
];
