import { sites } from './demo.people.js';
import { DAY, HOUR, MINUTE, dayAt, iso, isoDate, type DemoPlan } from './demo.plan.js';

/** A cooling failure in the server room (facility) that caused an IT incident: a caused_by link across types. */
export function planCoolingStory(plan: DemoPlan, anchor: Date): void {
  const crac = plan.script('story-crac-failure', dayAt(anchor, 23, 13, 40));
  crac
    .create('system', {
      type: 'facility-fault',
      title: 'CRAC unit 2 in server room HH-DC1: compressor high-pressure alarm',
      description: 'Building management system: CRAC unit 2 in HH-DC1 reports "HP alarm compressor 1" and has stopped cooling. CRAC unit 1 runs at 100 %.',
      category: 'climate/too_hot',
      severity: 'high',
      impact: 'high',
      urgency: 'high',
      locations: [sites.datacentre],
      assets: ['CRAC-2 HH-DC1'],
      businessAreas: ['IT'],
      source: 'alert',
      custom: {
        location: 'Hamburg head office, server room HH-DC1',
        building: 'Building A',
        floor: 'Basement',
        room: 'HH-DC1',
        asset: 'CRAC unit 2 (Stulz CyberAir 3)',
        equipment_category: 'hvac',
        safety_hazard: false,
      },
    })
    .wait(6 * MINUTE)
    .move('stefan.richter', 'dispatched', { fields: { assignee: 'kevin.obrien', custom: { contractor: 'Stulz Service' } }, comment: 'Kevin, please go to HH-DC1 now and call the Stulz hotline; IT reports rising temperatures.' });

  const it = plan.script('story-server-room-heat', new Date(crac.now().getTime() + 2 * MINUTE));
  it.create('system', {
    type: 'it-outage',
    title: 'Temperature alarm in server room HH-DC1: 29 °C inlet, hosts throttling',
    description: 'Environment monitoring: inlet temperature 29.4 °C in rack row B (threshold 27 °C); two ESXi hosts report CPU thermal throttling.',
    category: 'compute/servers',
    severity: 'high',
    impact: 'medium',
    urgency: 'high',
    locations: [sites.datacentre],
    services: ['Virtualisation cluster'],
    businessAreas: ['IT'],
    source: 'alert',
    detectedAt: iso(new Date(crac.now().getTime() + 1 * MINUTE)),
    custom: { affected_service: 'VMware cluster HH-DC1', environment: 'production', customer_impact: 'degraded' },
  })
    .wait(5 * MINUTE)
    .move('emily.carter', 'investigating', { fields: { assignee: 'emily.carter' }, comment: 'Migrating non-critical VMs to the Leipzig cluster to reduce heat load; facilities is on the CRAC failure.' })
    .wait(15 * MINUTE)
    .link('emily.carter', 'story-crac-failure', 'caused_by')
    .wait(10 * MINUTE)
    .comment('emily.carter', 'Some internal applications may be slower for the next hour while we move workloads. No data is at risk.', 'public');

  crac
    .wait(20 * MINUTE)
    .move('kevin.obrien', 'in_progress', { comment: 'Two mobile cooling units (2 x 3.5 kW) installed in row B as a stopgap, exhaust through the door. Stulz technician arrives at 17:00.' })
    .wait(4 * HOUR);
  crac.move('kevin.obrien', 'waiting_for_parts', {
    fields: { custom: { parts_needed: 'High-pressure switch and condenser fan motor for CyberAir 3 (Stulz part nos. 8300-114, 8420-031)', parts_expected_on: isoDate(new Date(crac.now().getTime() + 3 * DAY)) } },
    comment: 'Stulz diagnosis: condenser fan motor seized, high-pressure switch damaged. Parts ordered; mobile cooling stays until then.',
  });

  it.wait(1 * HOUR)
    .move('emily.carter', 'monitoring', { comment: 'Inlet temperature back to 24 °C with the mobile cooling and reduced load; throttling stopped.' })
    .wait(3 * HOUR)
    .move('emily.carter', 'resolved', {
      resolution: 'Heat caused by the failure of CRAC unit 2 (see the linked facility fault). Load reduced by moving 38 VMs to Leipzig; with mobile cooling the inlet temperature is 23 to 24 °C. VMs moved back after the repair.',
    });

  crac
    .wait(3 * DAY + 2 * HOUR)
    .move('kevin.obrien', 'in_progress', { comment: 'Parts arrived; Stulz technician on site.' })
    .wait(3 * HOUR)
    .move('kevin.obrien', 'fixed', {
      fields: { custom: { work_performed: 'Stulz replaced the condenser fan motor and the high-pressure switch, refrigerant charge checked; CRAC 2 cooling at full capacity. Mobile units removed.', cost: 3640, work_order: 'STZ-SO-2026-1187' } },
      resolution: 'CRAC unit 2 repaired (fan motor and HP switch); server room cooling redundant again.',
    })
    .wait(2 * DAY)
    .move('stefan.richter', 'closed', { comment: 'Closed. Maintenance contract with Stulz extended by a quarterly condenser inspection.' });
}

/** A recurring VPN problem: two incidents weeks apart, linked as related. */
export function planVpnStory(plan: DemoPlan, anchor: Date): void {
  const first = plan.script('story-vpn-first', dayAt(anchor, 34, 8, 20));
  first
    .create('michael.brown', {
      type: 'it-outage',
      title: 'VPN drops every 30 minutes for London office users',
      description: 'Since Monday my VPN connection drops about every 30 minutes, colleagues in London have the same problem. Reconnecting works.',
      category: 'network/vpn',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      services: ['VPN'],
      locations: [sites.london],
      businessAreas: ['Sales'],
      source: 'portal',
      custom: { affected_service: 'VPN', environment: 'production', customer_impact: 'degraded', users_affected: 25 },
    })
    .wait(40 * MINUTE)
    .update('jonas.weber', { assignee: 'emily.carter' })
    .wait(2 * HOUR)
    .move('emily.carter', 'investigating')
    .wait(1 * DAY)
    .move('emily.carter', 'identified', { fields: { custom: { suspected_cause: 'IKE rekey fails for clients behind the London office NAT; dead peer detection drops the tunnel at rekey.' } } })
    .wait(2 * HOUR)
    .move('emily.carter', 'waiting_for_vendor', {
      fields: { custom: { vendor: 'Fortinet', vendor_ticket: 'FTNT-7734120' } },
      comment: 'Opened a case with Fortinet with debug logs of three drops.',
    })
    .wait(3 * DAY)
    .move('emily.carter', 'monitoring', { comment: 'Fortinet recommends raising the IKE SA lifetime and disabling DPD on-idle for this phase 1; changed tonight.' })
    .wait(2 * DAY)
    .move('emily.carter', 'resolved', { resolution: 'Changed phase 1 settings as recommended by Fortinet (FTNT-7734120); no drops in 48 hours.' })
    .wait(5 * DAY)
    .move('jonas.weber', 'closed');

  const second = plan.script('story-vpn-again', dayAt(anchor, 16, 9, 5));
  second
    .create('james.wilson', {
      type: 'it-outage',
      title: 'VPN disconnects again for London users after the firewall update',
      description: 'The VPN drops are back since the weekend, same as a few weeks ago.',
      category: 'network/vpn',
      severity: 'medium',
      impact: 'medium',
      urgency: 'medium',
      services: ['VPN'],
      locations: [sites.london],
      businessAreas: ['Finance', 'Sales'],
      source: 'portal',
      custom: { affected_service: 'VPN', environment: 'production', customer_impact: 'degraded', users_affected: 25 },
    })
    .wait(25 * MINUTE)
    .move('emily.carter', 'investigating', { fields: { assignee: 'emily.carter' } })
    .wait(5 * MINUTE)
    .link('emily.carter', 'story-vpn-first', 'related')
    .wait(3 * HOUR)
    .move('emily.carter', 'identified', { fields: { custom: { suspected_cause: 'The firmware update on Saturday reset the phase 1 settings changed in the earlier incident to their defaults.' } } })
    .wait(30 * MINUTE)
    .move('emily.carter', 'resolved', {
      resolution: 'Phase 1 settings re-applied and added to the post-update checklist of the firewall; configuration drift check added to the nightly config backup.',
    })
    .wait(1 * DAY + 2 * HOUR)
    .comment('james.wilson', 'Works fine again, thank you!', 'public');
}

/** The moment the oldest demo data starts: users and teams exist a little before the first incident. */
export const setupDaysBefore = 62;

/** Spacing of the set-up steps (users, memberships). */
export const setupStep = 2 * MINUTE;
