import { DAY, HOUR, MINUTE, dayAt, isoDate, iso, type DemoPlan } from '../demo.plan.js';
import { sites } from '../demo.people.js';
import { journeys } from '../demo.journeys.js';

/** Journey 3: an oversize bore found at incoming inspection, contained, root cause at the supplier, corrective action verified, closed. */
export function planQualityJourney(plan: DemoPlan, anchor: Date): void {
  const s = plan.script(journeys.quality.key, dayAt(anchor, 44, 7, 15));
  const start = s.now();
  s.create('julia.neumann', {
    type: 'quality-deviation',
    title: 'Bearing housing BH-40: bore Ø40 H7 oversize in incoming lot 2411-073 (Keller Gusstechnik)',
    description:
      'Incoming inspection, sampling plan AQL 0.65 (32 pcs): 18 of 32 housings measure 40.031 to 40.046 mm at the bearing bore (specification 40.000 to 40.025 mm, H7). Material certificate 3.1 is fine. The lot arrived two days ago; 600 pcs are already at assembly line 3.',
    category: 'supplier/purchased_part',
    severity: 'high',
    impact: 'high',
    urgency: 'medium',
    businessAreas: ['Production', 'Procurement'],
    locations: [sites.leipzig],
    source: 'form',
    assignee: 'julia.neumann',
    watchers: ['mark.thompson', 'andreas.becker'],
    detectedAt: iso(new Date(start.getTime() - 35 * MINUTE)),
    custom: {
      nonconformity_source: 'incoming_inspection',
      product: 'Bearing housing BH-40',
      part_number: '4711-040-07',
      lot_batch: '2411-073',
      quantity_affected: 2400,
      unit: 'pcs',
      supplier: 'Keller Gusstechnik GmbH, Chemnitz',
      detected_at_stage: 'incoming_goods',
      problem_description: 'Bearing bore oversize by up to 0.021 mm above the H7 upper limit on 56 % of the sample; bearings would sit loose (fit H7/k6 becomes a clearance fit).',
    },
  });
  s.wait(20 * MINUTE)
    .move('julia.neumann', 'containment', { comment: 'Lot 2411-073 blocked in SAP QM (1,800 pcs in blocked stock). Line 3 stops using BH-40 from this lot; the 600 pcs at the line will be sorted.' })
    .wait(4 * HOUR)
    .update('julia.neumann', {
      custom: {
        containment_scope: ['stock', 'wip'],
        containment_actions:
          'Lot 2411-073 blocked in SAP QM; 600 pcs at line 3 sorted 100 % with the air gauge: 212 nonconforming, 388 conforming and released; line 3 switched to lot 2410-118 (32 pcs checked, all conforming).',
      },
    })
    .comment('julia.neumann', 'Sorting at line 3 done: 212 of 600 pcs nonconforming (35 %), tagged red and moved to quarantine area Q2.')
    .wait(1 * HOUR)
    .comment('andreas.becker', 'Customer deliveries of gearbox GB-7 are not affected: all housings built in since Monday come from the stock sorted today. No recall needed.')
    .wait(18 * HOUR)
    .comment('mark.thompson', 'Supplier informed: 8D request sent to Keller Gusstechnik (quality contact Mr. Lange). D3 containment expected within 24 hours, root cause (D4) within 10 working days.')
    .wait(1 * HOUR)
    .move('julia.neumann', 'root_cause_analysis', { fields: { custom: { disposition: 'return_to_supplier', containment_verified: true } } })
    .wait(1 * HOUR)
    .move('mark.thompson', 'waiting_for_supplier', { comment: 'Waiting for the 8D report from Keller (D4/D5). Their D3: sorting of their stock, 100 % bore check before shipping.' })
    .wait(7 * DAY)
    .move('mark.thompson', 'root_cause_analysis', {
      comment:
        '8D received from Keller: the boring insert on machining centre MC-5 ran 2.5 times its tool life because the tool-life counter was reset by mistake after a tool change on the night shift. Their final inspection checks 2 pcs per lot with a plug gauge that was overdue for calibration.',
    })
    .wait(1 * DAY)
    .move('julia.neumann', 'corrective_action', {
      fields: {
        custom: {
          rca_method: 'five_whys',
          root_cause: 'Occurrence: boring insert on the supplier\u2019s MC-5 used far beyond its tool life after an accidental reset of the tool-life counter. Escape: supplier final inspection with an uncalibrated plug gauge; our incoming inspection was on skip-lot (1 of 5 lots), so the previous lot was not measured.',
          escape_point: 'Supplier final inspection (plug gauge out of calibration) and our skip-lot incoming inspection.',
          read_across: 'Other parts Keller machines for us: BH-32, BH-50 and cover C-40. BH-50 runs on the same MC-5: the last two lots measured (32 pcs each), all conforming.',
        },
      },
    })
    .wait(1 * DAY)
    .update('mark.thompson', {
      custom: {
        corrective_action_required: true,
        corrective_action_rationale: 'Recurrence is likely on every bored part from this machine without a systemic fix; the defect stops assembly.',
        corrective_actions:
          'Supplier: tool-life counter reset only with a supervisor code; bore measured on every part with an in-process air gauge for 3 lots, then SPC (n = 5 per hour); plug gauges in the calibration system. Nordwind: skip-lot inspection for Keller suspended for 10 lots; 1,800 blocked pcs returned for replacement; 212 sorted-out pcs scrapped at the supplier\u2019s cost (debit note 7701-2026-044).',
        preventive_actions: 'Bore diameter made a key characteristic in the control plan of all bored housings (CP-BH rev. F); supplier process audit at Keller scheduled.',
      },
    })
    .wait(9 * DAY);
  const implemented = s.now();
  s.move('julia.neumann', 'verification', { fields: { custom: { implemented_on: isoDate(implemented) } } })
    .wait(13 * DAY)
    .move('julia.neumann', 'resolved', {
      fields: {
        custom: {
          effectiveness_check: '5 consecutive Keller lots (2411-091 to 2412-012) measured 100 % at incoming inspection: 0 nonconforming. Supplier SPC on the bore: Cpk 1.71. Replacement lot received and released.',
          effectiveness_verified_on: isoDate(s.now()),
        },
      },
      resolution:
        'Oversize bore caused by an over-used boring insert at the supplier (tool-life counter reset by mistake) that escaped through an uncalibrated plug gauge. Supplier corrective actions implemented and verified effective over 5 lots; nonconforming parts returned or scrapped at the supplier\u2019s cost.',
    })
    .wait(2 * DAY)
    .move('andreas.becker', 'closed', {
      fields: { custom: { lessons_learned: 'Skip-lot inspection needs a trigger back to full inspection after supplier process changes (tool changes, machine moves). Added to the supplier quality agreement template.' } },
      comment: 'Verified and closed. 8D closed with the supplier; Keller\u2019s supplier rating for the quarter reduced by 12 points.',
    });
}
