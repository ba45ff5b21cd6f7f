import { sites } from '../demo.people.js';
import type { CatalogueEntry, CatalogueMove } from '../demo.generate.js';
import { DAY, isoDate } from '../demo.plan.js';

type FacStory =
  | {
      dispatch?: string;
      parts?: { needed: string; inDays: number };
      work: string;
      resolution: string;
      cost?: number;
      contractor?: string;
    }
  | { cancel: string };

function facMoves(t: FacStory): CatalogueMove[] {
  if ('cancel' in t) return [{ to: 'closed', comment: t.cancel, pause: 'work' }];
  const moves: CatalogueMove[] = [
    { to: 'dispatched', ...(t.dispatch ? { comment: t.dispatch } : {}), ...(t.contractor ? { fields: { custom: { contractor: t.contractor } } } : {}) },
    { to: 'in_progress' },
  ];
  if (t.parts) {
    const parts = t.parts;
    moves.push(
      { to: 'waiting_for_parts', fields: (at) => ({ custom: { parts_needed: parts.needed, parts_expected_on: isoDate(new Date(at.getTime() + parts.inDays * DAY)) } }) },
      { to: 'in_progress', pause: 'wait' },
    );
  }
  moves.push(
    { to: 'fixed', fields: { custom: { work_performed: t.work, ...(t.cost !== undefined ? { cost: t.cost } : {}) } }, resolution: t.resolution },
    { to: 'closed', pause: 'wait', by: 'lead' },
  );
  return moves;
}

const fac = (creator: CatalogueEntry['creator'], create: CatalogueEntry['create'], story: FacStory, extra: Pick<CatalogueEntry, 'updates' | 'followUp'> = {}): CatalogueEntry => ({
  type: 'facility-fault',
  team: 'facilities',
  creator,
  create,
  moves: facMoves(story),
  ...extra,
});

const hh = (building: string, floor: string, room: string) => ({ location: `Hamburg head office, ${building}`, building, floor, room });
const le = (building: string, floor: string, room: string) => ({ location: `Leipzig plant, ${building}`, building, floor, room });

/** Building and equipment faults at the three sites. */
export const facilityCatalogue: CatalogueEntry[] = [
  fac(
    'reporter',
    {
      title: 'Water dripping from the ceiling in meeting room 2.14',
      description: 'Water is dripping from a ceiling tile above the table in meeting room 2.14; we put a bin under it.',
      category: 'water/leak',
      severity: 'medium',
      impact: 'medium',
      urgency: 'high',
      locations: [sites.hamburg],
      source: 'portal',
      custom: { ...hh('Building A', '2nd floor', 'Meeting room 2.14'), equipment_category: 'plumbing', safety_hazard: true, area_secured: false },
    },
    {
      dispatch: 'Please check the heating pipe above the ceiling first; the bathroom on 3rd floor is right above.',
      contractor: 'Sanitär Petersen GmbH',
      work: 'Leaking press fitting on the heating return pipe above the ceiling replaced; 2 ceiling tiles replaced; room dried with a dehumidifier for 2 days.',
      resolution: 'Leaking heating pipe fitting replaced; ceiling repaired.',
      cost: 640,
    },
    { followUp: 'Can we use the room tomorrow for a customer meeting?' },
  ),
  fac(
    'reporter',
    {
      title: 'Heizung im Büro 3. OG fällt aus: nur 16 °C',
      description: 'Im Großraumbüro 3. OG (Vertrieb) sind es heute früh nur 16 °C, alle Heizkörper bleiben kalt.',
      category: 'climate/too_cold',
      severity: 'medium',
      impact: 'medium',
      urgency: 'high',
      locations: [sites.hamburg],
      businessAreas: ['Sales'],
      source: 'portal',
      custom: { ...hh('Building A', '3rd floor', 'Open-plan office 3.20'), equipment_category: 'hvac', safety_hazard: false },
    },
    {
      parts: { needed: 'Circulation pump Grundfos MAGNA3 32-80 for heating circuit 3', inDays: 2 },
      work: 'Circulation pump of heating circuit 3 replaced and the circuit vented; room temperature 21 °C after 2 hours. Fan heaters collected.',
      resolution: 'Failed circulation pump of heating circuit 3 replaced.',
      cost: 1480,
    },
    { updates: ['Fan heaters are on their way to the 3rd floor until the pump is replaced.'] },
  ),
  fac(
    'staff',
    {
      title: 'Emergency exit in hall 2 blocked by pallets',
      description: 'Safety walk: emergency exit door N3 in hall 2 is blocked by two stacked pallets of packaging material.',
      category: 'safety/emergency_exit',
      severity: 'high',
      impact: 'high',
      urgency: 'high',
      locations: [sites.leipzig],
      businessAreas: ['Production', 'Logistics'],
      source: 'form',
      custom: { ...le('Hall 2', 'Ground floor', 'Emergency exit N3'), equipment_category: 'fire_safety', safety_hazard: true, area_secured: true },
    },
    {
      work: 'Pallets removed, floor marking renewed in yellow-black, sign "Keep clear" installed; warehouse shift leads briefed.',
      resolution: 'Emergency exit cleared and marked.',
    },
  ),
  fac(
    'reporter',
    {
      title: 'Badge reader at gate 3 rejects all badges',
      description: 'Gate 3 reader blinks red for every badge since this morning; the truck drivers must use gate 1.',
      category: 'access/badge_reader',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      locations: [sites.leipzig],
      assets: ['Badge reader GATE-3'],
      businessAreas: ['Logistics'],
      source: 'portal',
      custom: { ...le('Gate 3', 'Outdoor', 'Gatehouse 3'), asset: 'Badge reader GATE-3 (LEGIC)', equipment_category: 'access_control', safety_hazard: false },
    },
    {
      contractor: 'SecuTec Zutrittssysteme GmbH',
      parts: { needed: 'LEGIC reader module SM-6300 (water damage)', inDays: 4 },
      work: 'Reader module with water damage replaced; housing seal renewed; reader re-enrolled in the access control system.',
      resolution: 'Water-damaged badge reader module replaced.',
      cost: 920,
    },
  ),
  fac(
    'reporter',
    {
      title: 'Lighting failure in the car park, level -1',
      description: 'Half of the lights on car park level -1 are off, it is very dark near the stairs.',
      category: 'electrical/lighting',
      severity: 'medium',
      impact: 'low',
      urgency: 'high',
      locations: [sites.hamburg],
      source: 'portal',
      custom: { ...hh('Car park', 'Level -1', 'Stairwell B'), equipment_category: 'lighting', safety_hazard: true, area_secured: false },
    },
    {
      work: 'Tripped residual current device of lighting circuit UV-P1/7 found (water in a junction box); junction box replaced and sealed, circuit back on.',
      resolution: 'Lighting circuit restored after replacing a wet junction box.',
      cost: 210,
    },
  ),
  fac(
    'reporter',
    {
      title: 'Coffee machine in the canteen leaking',
      description: 'The big coffee machine in the canteen leaks water onto the counter.',
      category: 'water/leak',
      severity: 'low',
      impact: 'low',
      urgency: 'medium',
      locations: [sites.leipzig],
      source: 'portal',
      custom: { ...le('Building B', 'Ground floor', 'Canteen'), asset: 'Coffee machine WMF 5000 S+', equipment_category: 'kitchen', safety_hazard: false },
    },
    { cancel: 'The caterer owns the machine and has already called their service. Closed here; the caterer handles it.' },
  ),
  fac(
    'staff',
    {
      title: 'Fire extinguisher missing in corridor B, 1st floor',
      description: 'Safety walk: the bracket for fire extinguisher F-B1-04 is empty.',
      category: 'safety/fire_equipment',
      severity: 'medium',
      impact: 'medium',
      urgency: 'high',
      locations: [sites.hamburg],
      source: 'form',
      custom: { ...hh('Building B', '1st floor', 'Corridor B'), asset: 'Fire extinguisher F-B1-04 (6 kg foam)', equipment_category: 'fire_safety', safety_hazard: true },
    },
    {
      work: 'Spare 6 kg foam extinguisher installed and recorded in the inspection log; the missing one was found used in the workshop and sent for refilling.',
      resolution: 'Fire extinguisher replaced.',
    },
  ),
  fac(
    'reporter',
    {
      title: 'Loading dock door 4 opens only half way',
      description: 'Sectional door at dock 4 stops at half height; trucks with high trailers cannot be loaded there.',
      category: 'structure/damage',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      locations: [sites.leipzig],
      assets: ['Dock door D4'],
      businessAreas: ['Logistics'],
      source: 'portal',
      custom: { ...le('Warehouse C', 'Ground floor', 'Dock 4'), asset: 'Sectional door D4 (Hörmann SPU 67)', equipment_category: 'building_envelope', safety_hazard: true, area_secured: true },
    },
    {
      contractor: 'Hörmann Service',
      parts: { needed: 'Torsion spring pair for SPU 67, 4,500 x 4,750 mm', inDays: 6 },
      work: 'Broken torsion spring replaced (both springs as a pair), cables checked, door balanced; safety edge tested.',
      resolution: 'Torsion springs of dock door 4 replaced.',
      cost: 1150,
    },
  ),
  fac(
    'reporter',
    {
      title: 'Toilets blocked on the 1st floor, building A',
      description: 'Both toilets in the men\u2019s room on the 1st floor are blocked.',
      category: 'water/blockage',
      severity: 'low',
      impact: 'low',
      urgency: 'high',
      locations: [sites.hamburg],
      source: 'portal',
      custom: { ...hh('Building A', '1st floor', 'Restroom 1.07'), equipment_category: 'plumbing', safety_hazard: false },
    },
    { work: 'Drain pipe cleared with the spiral; cause: paper towels. Sign put up.', resolution: 'Drain cleared.' },
  ),
  fac(
    'reporter',
    {
      title: 'Broken window in the canteen',
      description: 'A window pane in the canteen is cracked across (probably a stone from the lawn mower).',
      category: 'structure/window_glass',
      severity: 'low',
      impact: 'low',
      urgency: 'medium',
      locations: [sites.leipzig],
      source: 'portal',
      custom: { ...le('Building B', 'Ground floor', 'Canteen, window 7'), equipment_category: 'building_envelope', safety_hazard: true, area_secured: true },
    },
    {
      contractor: 'Glaserei Neumeier',
      parts: { needed: 'Insulating glass unit 1,230 x 1,480 mm, safety glass', inDays: 8 },
      work: 'Insulating glass unit replaced by the glazier; protective film removed.',
      resolution: 'Cracked window pane replaced.',
      cost: 780,
    },
  ),
  fac(
    'staff',
    {
      title: 'Trip hazard: loose floor plate next to line 3',
      description: 'A steel floor plate over the cable duct next to line 3 is loose and lifts at one edge by about 2 cm.',
      category: 'safety/trip_hazard',
      severity: 'high',
      impact: 'medium',
      urgency: 'high',
      locations: [sites.leipzig],
      businessAreas: ['Production'],
      source: 'form',
      custom: { ...le('Hall 2', 'Ground floor', 'Line 3, cable duct K3'), equipment_category: 'other', safety_hazard: true, area_secured: true },
    },
    {
      work: 'Floor plate re-seated on new rubber supports and screwed down; two neighbouring plates checked and fixed as well.',
      resolution: 'Floor plate fixed; trip hazard removed.',
    },
  ),
  fac(
    'reporter',
    {
      title: 'Mice in the warehouse break room',
      description: 'Mice droppings in the break room of warehouse C, and a mouse was seen behind the fridge.',
      category: 'hygiene/pests',
      severity: 'medium',
      impact: 'low',
      urgency: 'medium',
      locations: [sites.leipzig],
      source: 'portal',
      custom: { ...le('Warehouse C', 'Ground floor', 'Break room'), equipment_category: 'other', safety_hazard: false },
    },
    {
      contractor: 'Rentokil Initial',
      work: 'Pest control placed bait stations, sealed two openings at the pipe duct; follow-up visit after 14 days without new signs.',
      resolution: 'Pest control completed; openings sealed.',
      cost: 350,
    },
  ),
  fac(
    'staff',
    {
      title: 'Paint shop ventilation too weak: solvent smell',
      description: 'Strong solvent smell in the paint shop; the extraction fan sounds different and the airflow indicator is in the red range.',
      category: 'climate/ventilation',
      severity: 'high',
      impact: 'high',
      urgency: 'high',
      locations: [sites.leipzig],
      businessAreas: ['Production'],
      source: 'form',
      custom: { ...le('Hall 3', 'Ground floor', 'Paint shop'), asset: 'Extraction fan AF-3 (paint booth)', equipment_category: 'hvac', safety_hazard: true, area_secured: true },
    },
    {
      dispatch: 'Paint shop work stopped until the extraction is fixed; please prioritise.',
      parts: { needed: 'V-belt set SPB 2000 (x3) for fan AF-3', inDays: 1 },
      work: 'Worn V-belts of the extraction fan replaced and tensioned; airflow measured at 12,400 m³/h (minimum 11,000); solvent concentration below the limit.',
      resolution: 'Extraction fan belts replaced; airflow restored.',
      cost: 260,
    },
  ),
];
