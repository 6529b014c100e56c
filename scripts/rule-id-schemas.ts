/**
 * The rule ids the settings and the config schema list, with their severities, so that editors
 * complete them and describe each: `hindsight.rules` in package.json and `rules` in
 * rules/schema/hindsight-config.schema.json. Run after adding or renaming a rule; a unit test checks
 * that both match the rules.
 *
 *   node --import tsx scripts/rule-id-schemas.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { format, resolveConfig } from 'prettier';
import { loadRuleSet } from '../server/src/core/rules/load';

const root = path.resolve(__dirname, '..');
export const SEVERITIES = ['off', 'info', 'warning', 'error'];
export const MANIFEST = path.join(root, 'package.json');
export const CONFIG_SCHEMA = path.join(root, 'rules', 'schema', 'hindsight-config.schema.json');

/** One property per shipped rule: its severities and what it is about. */
export function ruleProperties(describedBy: 'description' | 'markdownDescription'): Record<string, Record<string, unknown>> {
  const rules = [...loadRuleSet(path.join(root, 'rules')).rules].sort((a, b) => a.id.localeCompare(b.id));
  return Object.fromEntries(rules.map((rule) => [rule.id, { enum: SEVERITIES, [describedBy]: `${rule.title} (default: ${rule.severity}).` }]));
}

/** Sets the value at `keys` in a JSON file, formatted as the project formats it. */
async function setIn(file: string, keys: string[], value: unknown): Promise<void> {
  const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const parent = keys.slice(0, -1).reduce((at, key) => at[key] as Record<string, unknown>, json);
  parent[keys[keys.length - 1]] = value;
  writeFileSync(file, await format(JSON.stringify(json, null, 2), { filepath: file, ...(await resolveConfig(file)) }));
}

if (require.main === module) {
  void (async () => {
    await setIn(MANIFEST, ['contributes', 'configuration', 'properties', 'hindsight.rules', 'properties'], ruleProperties('markdownDescription'));
    await setIn(CONFIG_SCHEMA, ['properties', 'rules', 'properties'], ruleProperties('description'));
  })();
}
