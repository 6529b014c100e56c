// `npm run catalog:check [-- --today YYYY-MM-DD] [--rules <dir>]`: what the end-of-life image catalog
// gets wrong on that day (the real date by default), and what ends soon. Exits 1 when it gets something wrong.
import { parseArgs } from 'node:util';
import { catalogProblems, endingSoon } from '../server/src/core/eol-catalog';
import { defaultRulesDir, loadRuleSet } from '../server/src/core/rules/load';

const WARN_DAYS = 90;

const { values, positionals } = parseArgs({ options: { today: { type: 'string' }, rules: { type: 'string' } }, allowPositionals: true });
// Without `--`, npm keeps `--today` for itself: `--today=D` arrives as npm_config_today=D, `--today D` as "true" and D.
const fromNpm = process.env.npm_config_today;
const day = values.today ?? ((fromNpm === 'true' ? positionals[0] : fromNpm) || undefined);
const today = day ? new Date(`${day}T00:00:00Z`) : new Date();
if (day !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(today.getTime()))) {
  console.error(`--today ${day}: expected a date, YYYY-MM-DD`);
  process.exit(2);
}
const releases = loadRuleSet(values.rules ?? defaultRulesDir()).eolReleases;
const problems = catalogProblems(releases, today);
const soon = endingSoon(releases, today, WARN_DAYS);
console.log(`End-of-life catalog on ${today.toISOString().slice(0, 10)}: ${releases.length} releases, ${releases.filter((release) => release.ended).length} marked ended.`);
if (soon.length > 0) console.log(`Ending within ${WARN_DAYS} days: ${soon.map((release) => `${release.release} (${release.eol})`).join(', ')}.`);
console.log(problems.length === 0 ? 'No problems.' : `${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
process.exitCode = problems.length > 0 ? 1 : 0;
