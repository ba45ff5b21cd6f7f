import { sites } from '../demo.people.js';
import type { CatalogueEntry, CatalogueMove } from '../demo.generate.js';
import { isoDate } from '../demo.plan.js';

type QdStory =
  | {
      containment: string;
      scope: string[];
      disposition: string;
      supplierWait?: string;
      method: string;
      rootCause: string;
      escape?: string;
      actions: string;
      effectiveness: string;
      resolution: string;
      lessons: string;
    }
  | { containment: string; scope: string[]; disposition: string; noAction: string; resolution: string };

function qdMoves(t: QdStory): CatalogueMove[] {
  const contain: CatalogueMove = { to: 'containment', fields: { custom: { containment_actions: t.containment, containment_scope: t.scope } } };
  if ('noAction' in t) {
    return [contain, { to: 'resolved', fields: { custom: { disposition: t.disposition, corrective_action_required: false, corrective_action_rationale: t.noAction } }, resolution: t.resolution, pause: 'work' }];
  }
  const moves: CatalogueMove[] = [contain, { to: 'root_cause_analysis', fields: { custom: { disposition: t.disposition, containment_verified: true } }, pause: 'work' }];
  if (t.supplierWait) moves.push({ to: 'waiting_for_supplier', comment: t.supplierWait }, { to: 'root_cause_analysis', pause: 'wait' });
  moves.push(
    { to: 'corrective_action', fields: { custom: { rca_method: t.method, root_cause: t.rootCause, ...(t.escape ? { escape_point: t.escape } : {}) } }, pause: 'wait' },
    { to: 'verification', fields: (at) => ({ custom: { corrective_actions: t.actions, corrective_action_required: true, implemented_on: isoDate(at) } }), pause: 'wait' },
    { to: 'resolved', fields: (at) => ({ custom: { effectiveness_check: t.effectiveness, effectiveness_verified_on: isoDate(at) } }), resolution: t.resolution, pause: 'long' },
    { to: 'closed', by: 'lead', fields: { custom: { lessons_learned: t.lessons } }, pause: 'wait' },
  );
  return moves;
}

const qd = (creator: CatalogueEntry['creator'], create: CatalogueEntry['create'], story: QdStory, extra: Pick<CatalogueEntry, 'updates' | 'followUp'> = {}): CatalogueEntry => ({
  type: 'quality-deviation',
  team: 'quality',
  creator,
  create: { locations: [sites.leipzig], ...create },
  moves: qdMoves(story),
  ...extra,
});

/** Nonconformities from incoming goods to the customer (ISO 9001 clause 10.2, 8D). */
export const qualityCatalogue: CatalogueEntry[] = [
  qd(
    { key: 'anna.schulz' },
    {
      title: 'Powder coating: porosity on housing covers, line 2',
      description: 'Final check on line 2 rejects many housing covers GC-12 with pinholes in the powder coating since the night shift.',
      category: 'product/surface',
      severity: 'medium',
      impact: 'medium',
      urgency: 'high',
      businessAreas: ['Production'],
      source: 'form',
      custom: { nonconformity_source: 'in_process_inspection', product: 'Housing cover GC-12', part_number: '4711-112-03', lot_batch: 'FA-26-0311', quantity_affected: 480, unit: 'pcs', detected_at_stage: 'production' },
    },
    {
      containment: 'Line 2 coating stopped; 480 covers of the night and early shift blocked and checked visually: 132 with pinholes.',
      scope: ['wip', 'stock'],
      disposition: 'rework',
      method: 'ishikawa',
      rootCause: 'Moisture in the compressed air: the refrigeration dryer of compressor 2 failed, dew point rose to +12 °C.',
      escape: 'No dew point alarm on the compressed air supply of the coating line.',
      actions: 'Dryer repaired; dew point sensor with alarm installed at the coating booth; daily dew point check added to the line start checklist.',
      effectiveness: 'Four weeks without porosity rejects (reject rate 0.2 %, before 27 %).',
      resolution: 'Porosity caused by wet compressed air after a dryer failure; 132 covers stripped and recoated; dew point now monitored.',
      lessons: 'Utilities (compressed air, water) belong in the process FMEA of the coating line.',
    },
  ),
  qd(
    'system',
    {
      title: 'Customer complaint: wrong labels on 3 pallets delivered to Hartmann Logistik',
      description: 'Complaint received by e-mail: 3 pallets of flange FL-80 were labelled as FL-60; the customer\u2019s receiving booked them wrongly.',
      category: 'product/labelling_packaging',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      businessAreas: ['Logistics', 'Customer Service'],
      source: 'email',
      reporterContact: { name: 'Frank Hartmann', email: 'wareneingang@hartmann-logistik.example' },
      custom: { nonconformity_source: 'customer_complaint', customer_ref: 'HL-RK-2026-0192', product: 'Flange FL-80', part_number: '4711-080-01', lot_batch: '2502-044', quantity_affected: 3, unit: 'pallets', detected_at_stage: 'customer' },
    },
    {
      containment: 'Customer relabelled the pallets with labels we sent by courier; our stock of FL-60 and FL-80 checked: 2 more wrong pallets found and relabelled.',
      scope: ['stock', 'at_customer'],
      disposition: 'rework',
      method: 'five_whys',
      rootCause: 'The label template for FL-80 was copied from FL-60 during the label system migration and the part number field was not updated.',
      escape: 'Label check at packing compares the label to the pallet tag, both printed from the same wrong template.',
      actions: 'All 214 migrated label templates compared with the SAP master data (3 more errors fixed); label now scanned against the production order at packing.',
      effectiveness: 'No labelling complaint in 6 weeks; scan check rejected 2 wrong labels in that time.',
      resolution: 'Wrong label template corrected; all templates verified; scan check at packing introduced.',
      lessons: 'Data migrations need a full comparison against master data, not a sample.',
    },
  ),
  qd(
    'staff',
    {
      title: 'Gearbox GB-7: noise test failures up to 4 %',
      description: 'End-of-line noise test rejects of gearbox GB-7 rose from 0.8 % to 4.1 % within two weeks.',
      category: 'product/function',
      severity: 'high',
      impact: 'high',
      urgency: 'medium',
      businessAreas: ['Production'],
      source: 'form',
      custom: { nonconformity_source: 'final_inspection', product: 'Gearbox GB-7', part_number: '4711-700-00', quantity_affected: 86, unit: 'pcs', supplier: 'Wälzlager Schmidt KG', detected_at_stage: 'final_inspection' },
    },
    {
      containment: 'Rejected gearboxes quarantined; 100 % noise test with tightened limit for all GB-7; shipments continue with tested units only.',
      scope: ['wip', 'stock'],
      disposition: 'repair',
      supplierWait: 'Bearing supplier asked for an analysis of the returned bearings (lots 77-112 to 77-118).',
      method: 'is_is_not',
      rootCause: 'New bearing cage material at the supplier (polyamide instead of steel) without change notification; higher noise at 1,800 rpm.',
      escape: 'No PPAP / change notification required in the supply agreement for cage material.',
      actions: 'Supplier returns to steel cages; change notification duty for material changes added to the supply agreement; 86 gearboxes repaired with new bearings.',
      effectiveness: 'Noise rejects back at 0.7 % over 3 weeks and 2,300 units.',
      resolution: 'Undeclared supplier material change caused the noise; reversed and contractually prevented.',
      lessons: 'Supplier change management must cover materials of sub-components.',
    },
  ),
  qd(
    'staff',
    {
      title: 'Torque wrench at station 14 out of calibration',
      description: 'Internal audit: torque wrench DMS-14-02 at assembly station 14 measured 11 % below its setting during the calibration check.',
      category: 'process/measurement',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      businessAreas: ['Production'],
      source: 'form',
      custom: { nonconformity_source: 'internal_audit', product: 'Gearbox GB-5', part_number: '4711-500-00', quantity_affected: 1240, unit: 'pcs', detected_at_stage: 'assembly' },
    },
    {
      containment: 'Wrench replaced; torque audit of 50 gearboxes from stock (traced to station 14 since the last calibration): all screws above the minimum torque.',
      scope: ['stock'],
      disposition: 'use_as_is',
      noAction: 'All audited joints within specification thanks to the safety margin; wrench drift is covered by the existing calibration interval; no systemic action needed.',
      resolution: 'Drifted wrench replaced; product verified conforming; no corrective action required.',
    },
  ),
  qd(
    'staff',
    {
      title: 'Material certificate missing for steel bar lot 7731 (Stahlwerk Brandt)',
      description: 'Incoming goods: 3.1 inspection certificate missing for 4.2 t of 42CrMo4 bar stock, lot 7731.',
      category: 'supplier/certificate',
      severity: 'low',
      impact: 'low',
      urgency: 'medium',
      businessAreas: ['Procurement'],
      source: 'form',
      custom: { nonconformity_source: 'incoming_inspection', product: 'Bar stock 42CrMo4 Ø45', lot_batch: '7731', quantity_affected: 4.2, unit: 't', supplier: 'Stahlwerk Brandt GmbH', detected_at_stage: 'incoming_goods' },
    },
    {
      containment: 'Lot blocked in SAP until the certificate arrives.',
      scope: ['stock'],
      disposition: 'use_as_is',
      noAction: 'Certificate supplied by the supplier two days later and checked (chemistry and strength within specification); isolated administrative error.',
      resolution: 'Certificate received and checked; lot released.',
    },
  ),
  qd(
    'staff',
    {
      title: 'Work instruction WI-ASM-22 shows wrong torque for M8 screws',
      description: 'Work instruction WI-ASM-22 rev. C says 35 Nm for the M8 cover screws; the drawing says 25 Nm.',
      category: 'documentation/work_instruction',
      severity: 'medium',
      impact: 'medium',
      urgency: 'low',
      businessAreas: ['Production'],
      source: 'form',
      custom: { nonconformity_source: 'internal_audit', product: 'Gearbox GB-7', part_number: '4711-700-00', detected_at_stage: 'assembly' },
    },
    {
      containment: 'Assembly told to use 25 Nm immediately; 20 covers assembled with 35 Nm checked for thread damage: none.',
      scope: ['wip'],
      disposition: 'use_as_is',
      method: 'five_whys',
      rootCause: 'Revision C was created from the GB-9 instruction as a template; the torque table was not reviewed against the drawing.',
      actions: 'WI-ASM-22 rev. D released; work instruction review checklist now includes a check of all values against the drawing.',
      effectiveness: 'Audit of 10 recently released work instructions: no deviations from drawings.',
      resolution: 'Work instruction corrected; review checklist extended.',
      lessons: 'Templates spread errors: review copied values as carefully as new ones.',
    },
  ),
  qd(
    'system',
    {
      title: 'Kunde meldet Korrosion an Flanschen FL-80 nach drei Monaten',
      description: 'Reklamation der Maschinenbau Lorenz AG: Rostansatz an 40 Flanschen FL-80 nach drei Monaten Außenlagerung, Korrosionsschutz laut Zeichnung 480 h Salzsprühtest.',
      category: 'customer/field_failure',
      severity: 'high',
      impact: 'medium',
      urgency: 'medium',
      businessAreas: ['Customer Service', 'Production'],
      source: 'email',
      reporterContact: { name: 'Ines Lorenz', email: 'qualitaet@lorenz-maschinenbau.example' },
      custom: { nonconformity_source: 'customer_complaint', customer_ref: 'LMB-Q-2026-031', product: 'Flange FL-80', part_number: '4711-080-01', lot_batch: '2412-017', quantity_affected: 40, unit: 'pcs', supplier: 'Galvanik Sommer GmbH', detected_at_stage: 'field' },
    },
    {
      containment: 'Lagerbestand 2412-017 gesperrt (120 Stk.); Salzsprühtest an Rückstellmustern gestartet; Ersatzlieferung aus Los 2501-003 an den Kunden.',
      scope: ['stock', 'at_customer'],
      disposition: 'return_to_supplier',
      supplierWait: '8D-Bericht bei Galvanik Sommer angefordert; Rückstellmuster zur Schichtdickenmessung geschickt.',
      method: 'ishikawa',
      rootCause: 'Zink-Nickel-Schichtdicke bei Los 2412-017 nur 4 bis 6 µm statt mindestens 8 µm: Gestellbelegung beim Lieferanten zu dicht, Stromdichte an innenliegenden Teilen zu gering.',
      escape: 'Schichtdickenprüfung des Lieferanten nur an außen hängenden Teilen.',
      actions: 'Lieferant: neue Gestellbelegung, Schichtdickenmessung an 5 Positionen je Gestell; Nordwind: Schichtdicke als Prüfmerkmal im Wareneingang (5 Teile je Los).',
      effectiveness: 'Sechs Lose mit Schichtdicke 9 bis 12 µm; Salzsprühtest 480 h bestanden.',
      resolution: 'Zu dünne Zink-Nickel-Schicht durch Gestellbelegung beim Galvaniseur; abgestellt und im Wareneingang abgesichert; Kunde mit Ersatzteilen beliefert.',
      lessons: 'Bei Beschichtungen Prüfpositionen auf dem Gestell in der Lieferantenvereinbarung festlegen.',
    },
  ),
  qd(
    { key: 'anna.schulz' },
    {
      title: 'Injection-moulded clips: short shots after mould change',
      description: 'Clips CL-4 from press 6 are incomplete (short shots) since the mould was changed this morning; about 1 in 20 parts.',
      category: 'process/parameter',
      severity: 'medium',
      impact: 'low',
      urgency: 'high',
      businessAreas: ['Production'],
      source: 'form',
      custom: { nonconformity_source: 'in_process_inspection', product: 'Clip CL-4', part_number: '4711-004-11', lot_batch: 'SP6-26-0412', quantity_affected: 14000, unit: 'pcs', detected_at_stage: 'production' },
    },
    {
      containment: 'Press 6 stopped; 14,000 clips of the shift sorted with the camera system: 690 short shots scrapped.',
      scope: ['wip'],
      disposition: 'scrap',
      method: 'five_whys',
      rootCause: 'Holding pressure set from the old mould data set; the new mould has a longer flow path and needs 15 % more.',
      actions: 'Process data sets linked to the mould ID in the press controller; mould change checklist requires a first-article check of 10 shots.',
      effectiveness: 'Eight mould changes since, no short shots.',
      resolution: 'Wrong parameter set after a mould change; data sets now bound to the mould ID.',
      lessons: 'Mould changes are process changes: treat them with a first-article release.',
    },
  ),
  qd(
    'staff',
    {
      title: 'Heat-treated shafts too soft: lot 2502-11 at HRC 52 (spec 56 to 60)',
      description: 'Final inspection: hardness of drive shafts DS-220 from lot 2502-11 measures HRC 51 to 53.',
      category: 'product/material',
      severity: 'high',
      impact: 'high',
      urgency: 'high',
      businessAreas: ['Production', 'Procurement'],
      source: 'form',
      custom: { nonconformity_source: 'final_inspection', product: 'Drive shaft DS-220', part_number: '4711-220-00', lot_batch: '2502-11', quantity_affected: 860, unit: 'pcs', supplier: 'Härterei Vogt GmbH', detected_at_stage: 'final_inspection' },
    },
    {
      containment: 'Lot 2502-11 blocked; 120 shafts already in gearboxes identified by serial number and held in the warehouse.',
      scope: ['stock', 'wip'],
      disposition: 'return_to_supplier',
      supplierWait: 'Hardening shop Vogt asked to check their furnace records for lot 2502-11.',
      method: 'fault_tree',
      rootCause: 'Quench oil temperature too high at the hardening shop (thermostat failure), incomplete martensite transformation.',
      escape: 'Hardness test at the hardening shop on the first basket only.',
      actions: 'Vogt: thermostat replaced, oil temperature logged per batch, hardness test per basket. Nordwind: hardness as incoming check for every heat-treatment lot.',
      effectiveness: '8 lots within HRC 57 to 59.',
      resolution: 'Soft shafts re-hardened by the supplier; process controls at the hardening shop improved.',
      lessons: 'Special processes need batch records delivered with each lot.',
    },
  ),
  qd(
    'staff',
    {
      title: 'Scratches on anodised covers caused by transport packaging',
      description: 'Warehouse found scratches on anodised covers AC-30 in 6 of 20 boxes; parts rub against each other in the box.',
      category: 'product/surface',
      severity: 'low',
      impact: 'low',
      urgency: 'low',
      businessAreas: ['Logistics'],
      source: 'form',
      custom: { nonconformity_source: 'process_monitoring', product: 'Anodised cover AC-30', part_number: '4711-030-02', quantity_affected: 74, unit: 'pcs', detected_at_stage: 'warehouse' },
    },
    {
      containment: 'Remaining boxes repacked with interleaving foam; 74 scratched covers sorted out.',
      scope: ['stock'],
      disposition: 'regrade',
      method: 'five_whys',
      rootCause: 'New box supplier delivers boxes without dividers; the packing instruction did not specify dividers.',
      actions: 'Packing instruction PI-AC-30 specifies dividers and foam; purchasing specification for boxes updated.',
      effectiveness: 'No scratches found in 30 boxes checked over 4 weeks.',
      resolution: 'Packaging specification completed; scratched covers sold as B-grade spare parts.',
      lessons: 'Packaging is part of the product specification.',
    },
  ),
];
