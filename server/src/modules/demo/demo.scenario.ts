import { dataBreachCatalogue } from './catalogue/data-breach.catalogue.js';
import { facilityCatalogue } from './catalogue/facility-fault.catalogue.js';
import { itCatalogue } from './catalogue/it-outage.catalogue.js';
import { qualityCatalogue } from './catalogue/quality-deviation.catalogue.js';
import { securityCatalogue } from './catalogue/security.catalogue.js';
import { catalogueStart, planCatalogueIncident, type CatalogueEntry } from './demo.generate.js';
import { createPlan, type TimedStep } from './demo.plan.js';
import { planDataBreachJourney } from './journeys/data-breach.journey.js';
import { planFacilityJourney } from './journeys/facility-fault.journey.js';
import { planItJourney } from './journeys/it-outage.journey.js';
import { planQualityJourney } from './journeys/quality-deviation.journey.js';
import { planSecurityJourney } from './journeys/security.journey.js';
import { createRandom } from './demo.random.js';
import { planCoolingStory, planVpnStory } from './demo.stories.js';

/** Every catalogue incident, in a fixed order (the PRNG draws depend on it). */
export const demoCatalogue: readonly CatalogueEntry[] = [...itCatalogue, ...securityCatalogue, ...dataBreachCatalogue, ...qualityCatalogue, ...facilityCatalogue];

/** The default seed of the PRNG: the same seed gives the same demo data relative to the anchor. */
export const defaultDemoSeed = 'vigil-demo-2026';

/**
 * The whole demo as timed steps, relative to `anchor` (the moment the seed runs): the five
 * journeys, the linked side stories, and the catalogue spread over the last 60 days.
 */
export function buildDemoPlan(anchor: Date, seed: string = defaultDemoSeed): TimedStep[] {
  const plan = createPlan();
  planItJourney(plan, anchor);
  planDataBreachJourney(plan, anchor);
  planQualityJourney(plan, anchor);
  planFacilityJourney(plan, anchor);
  planSecurityJourney(plan, anchor);
  planCoolingStory(plan, anchor);
  planVpnStory(plan, anchor);
  const rng = createRandom(seed);
  demoCatalogue.forEach((entry, i) => {
    const { start, ageDays } = catalogueStart(rng, anchor, entry);
    planCatalogueIncident(plan, rng, `${entry.type}-${String(i).padStart(2, '0')}`, entry, start, ageDays);
  });
  return plan.steps;
}
