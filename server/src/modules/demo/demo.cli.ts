import { userPasswordSchema } from '@vigil/shared';
import type { CliCommand } from '../../cli.js';
import { AppError } from '../../platform/errors.js';
import { journeys, type JourneyName } from './demo.journeys.js';
import { defaultDemoPassword, seedDemo } from './demo.commands.js';

const usage = 'vigil seed --demo [--password P] [--force]';

const journeyLabels: Record<JourneyName, string> = {
  it: 'IT outage (P1, on call)',
  dataProtection: 'Personal-data breach (GDPR 72 h)',
  quality: 'Quality deviation (8D to verified)',
  facility: 'Facility fault (waiting for parts)',
  security: 'Security incident (contained)',
};

const pad = (s: string, n: number) => (s.length >= n ? s + ' ' : s + ' '.repeat(n - s.length));

/** `vigil seed --demo`: fills a fresh instance with demo teams, users and incidents, and prints how to sign in. */
export const seedCommand: CliCommand = {
  usage,
  options: { demo: { type: 'boolean' }, password: { type: 'string' }, force: { type: 'boolean' } },
  run: async (deps, values, io) => {
    if (values.demo !== true) {
      io.err(`Only demo data can be seeded: add --demo\nUsage: ${usage}`);
      return 2;
    }
    const password = typeof values.password === 'string' ? values.password : defaultDemoPassword;
    const checked = userPasswordSchema.safeParse(password);
    if (!checked.success) {
      io.err(`--password: ${checked.error.issues.map((i) => i.message).join('; ')}\nUsage: ${usage}`);
      return 2;
    }
    const started = Date.now();
    let result;
    try {
      result = await seedDemo(deps, { password, force: values.force === true });
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') {
        io.err(err.message);
        return 1;
      }
      throw err;
    }
    const types = Object.entries(result.byType)
      .map(([type, n]) => `${type} ${n}`)
      .join(', ');
    io.out(`Demo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.incidents} incidents (${types}).`);
    io.out('');
    io.out('Journeys:');
    for (const name of Object.keys(journeys) as JourneyName[]) {
      const j = result.journeys[name];
      io.out(`  ${pad(journeyLabels[name], 36)}${pad(j.number, 18)}${j.state} (${j.stateCategory})`);
    }
    io.out('');
    io.out('On call now (schedules, weekly rotations):');
    for (const s of result.schedules) io.out(`  ${pad(s.name, 36)}${s.onCallNow ?? 'nobody'}`);
    io.out('');
    io.out('Escalation policies (level 1, then level 2):');
    for (const p of result.escalationPolicies) io.out(`  ${pad(p.name, 52)}${p.levels.join(' → ')}`);
    io.out('');
    io.out(`Demo users (password for all new ones: ${password}):`);
    io.out(`  ${pad('EMAIL', 36)}${pad('ROLE', 10)}${pad('LOCALE', 8)}${pad('TEAMS', 32)}NAME`);
    for (const u of result.users) {
      io.out(`  ${pad(u.email, 36)}${pad(u.role, 10)}${pad(u.locale, 8)}${pad(u.teams.join(', ') || '-', 32)}${u.name}${u.created ? '' : '  (existed already; password unchanged)'}`);
    }
    if (result.firstAdmin.created) {
      io.out('');
      io.out(
        result.firstAdmin.passwordFile
          ? `First administrator ${result.firstAdmin.email} created; its password is in ${result.firstAdmin.passwordFile}`
          : `First administrator ${result.firstAdmin.email} created from VIGIL_ADMIN_EMAIL`,
      );
    }
    return 0;
  },
};
