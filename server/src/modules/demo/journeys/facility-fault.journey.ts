import { DAY, HOUR, MINUTE, dayAt, isoDate, type DemoPlan } from '../demo.plan.js';
import { sites } from '../demo.people.js';
import { journeys } from '../demo.journeys.js';

/** Journey 4: a stuck freight elevator, routed to facilities, technicians informed, waiting for parts, fixed. */
export function planFacilityJourney(plan: DemoPlan, anchor: Date): void {
  const s = plan.script(journeys.facility.key, dayAt(anchor, 12, 9, 5));
  s.create('petra.wagner', {
    type: 'facility-fault',
    title: 'Freight elevator 2 in warehouse C stuck between floors, door will not close',
    description:
      'Freight elevator 2 stopped about 40 cm below the 1st floor landing with a pallet of packaging material inside; nobody was in the car. The ground-floor landing door does not close completely and the panel shows fault E-31. Goods for line 3 now go through elevator 1 only.',
    category: 'access/elevator',
    severity: 'high',
    impact: 'medium',
    urgency: 'high',
    businessAreas: ['Logistics', 'Production'],
    locations: [sites.leipzig],
    assets: ['Freight elevator FE-02'],
    source: 'portal',
    custom: {
      location: 'Leipzig plant, warehouse C',
      building: 'Warehouse C',
      floor: 'Ground floor / 1st floor',
      room: 'Elevator shaft 2',
      asset: 'Freight elevator FE-02 (Schindler, 2,000 kg)',
      equipment_category: 'elevator',
      safety_hazard: true,
      area_secured: false,
    },
  });
  s.wait(11 * MINUTE)
    .move('stefan.richter', 'dispatched', {
      fields: { assignee: 'claudia.schmitt', custom: { contractor: 'Schindler Aufzüge und Fahrtreppen GmbH', work_order: 'WO-FAC-2026-0318' } },
      comment: 'Claudia, please secure both landing doors and meet the Schindler technician. Kevin, please help with the pallet once the car is lowered.',
    })
    .wait(1 * MINUTE)
    .watch('stefan.richter', 'kevin.obrien')
    .wait(1 * MINUTE)
    .comment('stefan.richter', 'Thanks, Petra. A technician is on the way; please keep the area around elevator 2 clear and use elevator 1 meanwhile.', 'public')
    .wait(25 * MINUTE)
    .move('claudia.schmitt', 'in_progress', {
      fields: { custom: { area_secured: true } },
      comment: 'On site. Barrier tape at both landings and an out-of-order sign: area secured. Schindler service ticket SR-4471203 opened; their technician comes at 13:00.',
    })
    .wait(3 * HOUR + 30 * MINUTE)
    .comment(
      'claudia.schmitt',
      'Schindler found a defective door lock contact at the ground-floor landing door and a failed door operator control board (burnt relay). Car lowered to the ground floor, pallet unloaded together with Kevin. Elevator stays out of service.',
    )
    .wait(10 * MINUTE);
  s.move('claudia.schmitt', 'waiting_for_parts', {
    fields: {
      custom: {
        parts_needed: 'Door operator control board (Schindler ID 59324711, 1 pc); landing door lock contact (Schindler ID 55501262, 1 pc)',
        parts_expected_on: isoDate(new Date(s.now().getTime() + 5 * DAY)),
      },
    },
    comment: 'The elevator needs two spare parts from the manufacturer, expected in five days. Elevator 2 stays out of service until then.',
    visibility: 'public',
  })
    .wait(2 * DAY)
    .comment('petra.wagner', 'Line 3 needs the pallets from the 1st floor. Can we use elevator 1 for pallets over 1,000 kg in the meantime?', 'public')
    .wait(1 * HOUR)
    .comment('stefan.richter', 'No: elevator 1 is rated for 1,000 kg. Please split heavier pallets; Kevin will help with the pallet truck on the 1st floor.', 'public')
    .wait(3 * DAY + 5 * HOUR)
    .move('claudia.schmitt', 'in_progress', { comment: 'Parts delivered. Schindler technician booked for tomorrow 07:00.' })
    .wait(22 * HOUR)
    .move('claudia.schmitt', 'fixed', {
      fields: {
        custom: {
          work_performed:
            'Schindler replaced the door operator control board and the ground-floor landing door lock contact and adjusted the door closing force. Safety circuit test and 10 test runs with 1,500 kg passed; acceptance entered in the elevator log book.',
          cost: 2870.5,
        },
      },
      resolution: 'Door operator control board and landing door lock contact replaced by Schindler (SR-4471203); safety test passed; elevator 2 back in service.',
      comment: 'Elevator 2 is back in service. Thanks for your patience.',
      visibility: 'public',
    });
}
