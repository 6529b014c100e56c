// The README's rule catalog, generated from rules/*.yaml: `npm run docs` rewrites it in place.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const START = '<!-- rule-catalog:start (generated from rules/ by `npm run docs`) -->';
const END = '<!-- rule-catalog:end -->';

interface RuleData {
  id: string;
  severity: string;
  incidents: string[];
  catalog?: { flags: string; fix?: string };
}

/** The catalog table: one row per rule file, in file-name order. */
export function renderCatalog(rulesDir: string): string {
  const { incidents } = parse(readFileSync(path.join(rulesDir, 'incidents.yaml'), 'utf8')) as { incidents: { id: string; organisation: string; date: string }[] };
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  const rows = readdirSync(rulesDir)
    .filter((name) => name.endsWith('.yaml') && name !== 'incidents.yaml')
    .sort()
    .map((name) => {
      const rule = parse(readFileSync(path.join(rulesDir, name), 'utf8')) as RuleData;
      const main = byId.get(rule.incidents[0]);
      return `| \`${rule.id}\` | ${rule.severity} | ${rule.catalog?.flags ?? ''} | ${main ? `${main.organisation} ${main.date}` : ''} | ${rule.catalog?.fix ?? 'none'} |`;
    });
  return ['| id | default | what it flags | main incident | quick fix |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** The README with its catalog section replaced by the one generated from `rulesDir`. */
export function withCatalog(readme: string, rulesDir: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} section`);
  return `${readme.slice(0, start + START.length)}\n${renderCatalog(rulesDir)}\n${readme.slice(end)}`;
}

export function writeCatalog(root: string): void {
  const readme = path.join(root, 'README.md');
  writeFileSync(readme, withCatalog(readFileSync(readme, 'utf8'), path.join(root, 'rules')));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) writeCatalog(path.resolve(__dirname, '..'));
