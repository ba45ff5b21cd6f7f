import { sites } from '../demo.people.js';
import type { CatalogueEntry, CatalogueMove } from '../demo.generate.js';

type ItStory = {
  investigate?: string;
  cause?: string;
  workaround?: string;
  vendor?: { vendor: string; ticket: string; note: string };
  monitoring?: boolean;
  notes?: [string?, string?];
  resolution?: string;
  /** The incident is cancelled from new or investigating, with this comment. */
  cancel?: string;
};

function itMoves(t: ItStory): CatalogueMove[] {
  if (t.cancel) return [{ to: 'investigating' }, { to: 'closed', comment: t.cancel, pause: 'work' }];
  const moves: CatalogueMove[] = [{ to: 'investigating', ...(t.investigate ? { comment: t.investigate } : {}) }];
  if (t.cause) {
    const custom = { suspected_cause: t.cause, ...(t.workaround ? { workaround: t.workaround, workaround_applied: true } : {}) };
    moves.push({ to: 'identified', fields: { custom }, ...(t.notes?.[0] ? { note: t.notes[0] } : {}) });
  }
  if (t.vendor) {
    moves.push({ to: 'waiting_for_vendor', fields: { custom: { vendor: t.vendor.vendor, vendor_ticket: t.vendor.ticket } }, comment: t.vendor.note });
    moves.push({ to: 'monitoring', pause: 'wait' });
  } else if (t.monitoring) moves.push({ to: 'monitoring' });
  moves.push({ to: 'resolved', resolution: t.resolution ?? 'Resolved.', ...(t.notes?.[1] ? { note: t.notes[1] } : {}) });
  moves.push({ to: 'closed', pause: 'long' });
  return moves;
}

const it = (creator: CatalogueEntry['creator'], create: CatalogueEntry['create'], story: ItStory, extra: Pick<CatalogueEntry, 'updates' | 'followUp'> = {}): CatalogueEntry => ({
  type: 'it-outage',
  team: 'it-operations',
  creator,
  create,
  moves: itMoves(story),
  ...extra,
});

/** IT outages and disruptions of a mid-sized manufacturer. */
export const itCatalogue: CatalogueEntry[] = [
  it(
    'reporter',
    {
      title: 'Outlook cannot connect to Exchange Online at the Leipzig plant',
      description: 'Since this morning Outlook shows "Trying to connect..." for everyone in the Leipzig offices. Teams and the browser work.',
      category: 'application/email',
      severity: 'high',
      impact: 'high',
      urgency: 'medium',
      services: ['Microsoft 365 (Exchange Online)'],
      locations: [sites.leipzig],
      businessAreas: ['Production', 'Logistics'],
      source: 'portal',
      custom: { affected_service: 'Exchange Online', environment: 'production', customer_impact: 'partial_outage', users_affected: 140 },
    },
    {
      investigate: 'Reproduced on two clients in Leipzig: Autodiscover requests time out at the proxy.',
      cause: 'The PAC file deployed with yesterday\u2019s firewall change sends *.outlook.com through the old proxy, which no longer resolves.',
      workaround: 'Outlook on the web (outlook.office.com) works.',
      notes: ['Firewall change FW-1187 is the trigger; preparing a corrected PAC file.'],
      resolution: 'Corrected the PAC file (direct route for Microsoft 365 endpoints) and pushed it by GPO; Outlook connects again after a restart.',
    },
    { updates: ['Please use Outlook on the web (outlook.office.com) until the fix is rolled out.'], followUp: 'Do we need to restart our PCs, or will it come back on its own?' },
  ),
  it(
    'staff',
    {
      title: 'Label printers on packing line 2 print blank labels',
      description: 'All three Zebra ZT411 printers on packing line 2 feed blank labels since the morning shift. Shipping labels are written by hand.',
      category: 'end_user/printing',
      severity: 'high',
      impact: 'medium',
      urgency: 'high',
      assets: ['ZT411-PL2-01', 'ZT411-PL2-02', 'ZT411-PL2-03'],
      locations: [sites.leipzig],
      businessAreas: ['Logistics'],
      source: 'form',
      custom: { affected_service: 'Label printing (SAP spool)', environment: 'production', customer_impact: 'degraded', users_affected: 12 },
    },
    {
      cause: 'Intune pushed Zebra driver 8.0 overnight; it switched the print mode from thermal transfer to direct thermal.',
      workaround: 'Print from the spare printer at packing line 1.',
      resolution: 'Rolled the driver back to 5.1.17 and excluded the label printer PCs from the driver update ring.',
    },
  ),
  it(
    'system',
    {
      title: 'Web shop checkout returns HTTP 502 for part of the requests',
      description: 'Uptime monitor: 18 % of checkout requests fail with 502 Bad Gateway since 20:40. Catalogue pages are fine.',
      category: 'application/web',
      severity: 'critical',
      impact: 'high',
      urgency: 'high',
      services: ['Web shop'],
      businessAreas: ['Sales', 'Customer Service'],
      source: 'alert',
      custom: { affected_service: 'Web shop checkout', environment: 'production', customer_impact: 'partial_outage' },
    },
    {
      investigate: 'The checkout pods time out waiting for the payment service provider\u2019s API (p95 31 s).',
      cause: 'Degraded API of the payment service provider in their Frankfurt region.',
      vendor: { vendor: 'Payone', ticket: 'PAY-INC-558812', note: 'Ticket with Payone opened; their status page confirms degraded performance.' },
      resolution: 'Payone fixed a faulty load balancer in their Frankfurt region; checkout error rate back to 0 %. Our timeout and retry settings were reviewed, no change needed.',
    },
  ),
  it(
    'reporter',
    {
      title: 'Engineering file share very slow, CAD files take minutes to open',
      description: 'Opening assemblies from S:\\Engineering takes 3 to 5 minutes instead of seconds, for the whole R&D team.',
      category: 'storage/file_shares',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      services: ['File shares'],
      assets: ['nas-fs-01'],
      locations: [sites.hamburg],
      businessAreas: ['Research & Development'],
      source: 'portal',
      custom: { affected_service: 'File share S:\\Engineering', environment: 'production', customer_impact: 'degraded', users_affected: 35 },
    },
    {
      cause: 'The antivirus full scan on nas-fs-01 was moved to 10:00 by mistake and saturates the disks.',
      monitoring: true,
      resolution: 'Moved the full scan back to Sunday 02:00 and excluded the CAD cache folders; opening times back to normal.',
    },
    { followUp: 'It is still slow this afternoon. Is there any news?' },
  ),
  it(
    'reporter',
    {
      title: 'Wi-Fi down on the 3rd floor of the Hamburg office',
      description: 'No Wi-Fi on the 3rd floor (meeting rooms 3.01 to 3.12) since about 11:00. The network "Nordwind-Corp" is not visible at all.',
      category: 'network/wifi',
      severity: 'medium',
      impact: 'medium',
      urgency: 'high',
      locations: [sites.hamburg],
      businessAreas: ['Sales', 'Management'],
      source: 'portal',
      custom: { affected_service: 'Corporate Wi-Fi', environment: 'production', customer_impact: 'partial_outage', users_affected: 60 },
    },
    {
      investigate: 'All 6 access points on the 3rd floor are offline in the controller.',
      cause: 'The PoE budget of access switch sw-hh-3-01 is exhausted after new IP phones were connected; the switch shut down the access point ports.',
      resolution: 'Moved the IP phones to sw-hh-3-02 and set PoE priority high on the access point ports; all access points online.',
    },
  ),
  it(
    'staff',
    {
      title: 'SAP Fiori launchpad: login loop after SSO',
      description: 'Users are sent back to the Microsoft login page again and again when opening the Fiori launchpad. SAP GUI works.',
      category: 'identity/sso',
      severity: 'high',
      impact: 'high',
      urgency: 'medium',
      services: ['SAP S/4HANA (ERP)', 'Entra ID'],
      businessAreas: ['Finance', 'Procurement', 'Sales'],
      source: 'form',
      custom: { affected_service: 'SAP Fiori', environment: 'production', customer_impact: 'partial_outage', users_affected: 230 },
    },
    {
      cause: 'The SAML signing certificate of the Fiori relying party in Entra ID expired at midnight.',
      workaround: 'Use the SAP GUI for the most important transactions.',
      resolution: 'Created a new signing certificate, imported it in SAP (STRUST and SAML2 configuration); Fiori login works. Certificate expiry now monitored (90/30/7 days).',
    },
  ),
  it(
    'reporter',
    {
      title: 'Customer service hotline: incoming calls drop after 30 seconds',
      description: 'Customers calling the service hotline are cut off after exactly 30 seconds. Outgoing calls are fine.',
      category: 'end_user/telephony',
      severity: 'high',
      impact: 'high',
      urgency: 'high',
      services: ['Telephony (SIP trunk)'],
      businessAreas: ['Customer Service'],
      source: 'form',
      custom: { affected_service: 'Customer service hotline', environment: 'production', customer_impact: 'partial_outage', users_affected: 18 },
    },
    {
      investigate: 'SIP traces show the provider sending BYE after 30 s: ACK for re-INVITE never arrives.',
      cause: 'Session timer mismatch between our SBC and the provider after their maintenance last night.',
      vendor: { vendor: 'Deutsche Telekom (SIP trunk)', ticket: 'DTAG-2026-0047791', note: 'Provider ticket opened with SIP traces attached.' },
      resolution: 'Provider corrected the session timer configuration on their side; test calls of 10+ minutes succeed.',
    },
  ),
  it(
    'staff',
    {
      title: 'New laptop cannot be enrolled in Intune (Autopilot error 80180014)',
      description: 'Laptop for a new hire starting Monday stops in Autopilot with error 80180014.',
      category: 'end_user/laptop_desktop',
      severity: 'low',
      impact: 'low',
      urgency: 'medium',
      businessAreas: ['Human Resources'],
      source: 'form',
      custom: { affected_service: 'Device enrolment', environment: 'production', customer_impact: 'none', users_affected: 1 },
    },
    {
      cause: 'The reseller did not upload the hardware hash of this device to our Autopilot tenant.',
      resolution: 'Imported the hardware hash manually; enrolment finished. Reseller reminded of the upload step.',
    },
  ),
  it(
    'system',
    {
      title: 'Kubernetes: deployments pending, node pool out of IP addresses',
      description: 'Alert KubePodNotScheduled on aks-prod-weu: 14 pods pending with "failed to allocate IP".',
      category: 'compute/containers',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      services: ['Customer portal', 'EDI gateway'],
      source: 'alert',
      custom: { affected_service: 'AKS production cluster', environment: 'production', customer_impact: 'degraded' },
    },
    {
      cause: 'The node subnet (/24) is exhausted after the node pool scaled to 9 nodes (Azure CNI reserves 30 IPs per node).',
      resolution: 'Added a new /22 subnet and a node pool on it, drained the old pool. Pods scheduled again.',
    },
  ),
  it(
    'system',
    {
      title: 'Nightly EDI import of orders from Hartmann Logistik failed',
      description: 'EDI gateway: ORDERS file from Hartmann rejected at 02:00 ("segment count mismatch"), 46 orders not imported.',
      category: 'application/api',
      severity: 'high',
      impact: 'medium',
      urgency: 'high',
      services: ['EDI gateway', 'SAP S/4HANA (ERP)'],
      businessAreas: ['Sales', 'Logistics'],
      source: 'alert',
      custom: { affected_service: 'EDI orders import', environment: 'production', customer_impact: 'degraded' },
    },
    {
      cause: 'Hartmann added an optional FTX segment to their EDIFACT ORDERS messages without notice.',
      workaround: 'Orders entered manually by customer service for today\u2019s deliveries.',
      resolution: 'Mapping extended for the FTX segment; the 46 orders re-imported. Hartmann asked to announce format changes.',
    },
  ),
  it(
    'system',
    {
      title: 'Backup of database server crm-db-02 failed three nights in a row',
      description: 'Veeam job "CRM-DB" ended with "Snapshot quota exceeded" on the last three nights.',
      category: 'storage/backup',
      severity: 'medium',
      impact: 'low',
      urgency: 'high',
      services: ['Backup (Veeam)', 'CRM'],
      assets: ['crm-db-02'],
      source: 'alert',
      custom: { affected_service: 'Backup', environment: 'production', customer_impact: 'none' },
    },
    {
      cause: 'Orphaned VM snapshots from a failed job filled the snapshot quota of the datastore.',
      resolution: 'Consolidated the orphaned snapshots; manual backup succeeded, last two nightly runs successful.',
    },
  ),
  it(
    'reporter',
    {
      title: 'HR printer prints only the first page',
      description: 'The printer in the HR office (HP M479) prints only the first page of every document.',
      category: 'end_user/printing',
      severity: 'low',
      impact: 'low',
      urgency: 'low',
      assets: ['PRN-HH-2-HR'],
      locations: [sites.hamburg],
      businessAreas: ['Human Resources'],
      source: 'portal',
      custom: { affected_service: 'Printing', environment: 'production', customer_impact: 'none', users_affected: 6 },
    },
    { cancel: 'Printer works again after a power cycle; could not reproduce. Closing; please report again if it comes back.' },
  ),
  it(
    'reporter',
    {
      title: 'Lieferscheindruck im Versand Halle 1 hängt in der Warteschlange',
      description: 'Seit 13 Uhr bleiben alle Lieferscheine aus SAP in der Druckwarteschlange von PRN-LE-H1-VS hängen. Die LKW-Abholung ist um 16 Uhr.',
      category: 'end_user/printing',
      severity: 'high',
      impact: 'medium',
      urgency: 'high',
      assets: ['PRN-LE-H1-VS'],
      locations: [sites.leipzig],
      businessAreas: ['Logistics'],
      source: 'portal',
      custom: { affected_service: 'SAP output management', environment: 'production', customer_impact: 'degraded', users_affected: 8 },
    },
    {
      cause: 'The SAP output device points to the old print server after the print server migration; jobs wait for a server that is switched off.',
      resolution: 'Output device changed to the new print server (SPAD), stuck jobs re-sent; all delivery notes printed before the pick-up.',
    },
  ),
];
