export { seedCommand } from './demo.cli.js';
export { seedDemo, defaultDemoPassword, type SeedOptions, type SeedResult } from './demo.commands.js';
export { journeys, type JourneyName } from './demo.journeys.js';
