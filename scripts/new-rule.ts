// `npm run new-rule -- <rule-id> --incident <incident-id> [--check]`: a new rule with failing fixtures.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { writeCatalog } from './rule-catalog';

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function ruleYaml(id: string, incident: string, check: boolean): string {
  const matcher = check ? `check: ${id}\n` : 'phases: [first-boot, every-boot, converge, handler, build]\nmatch:\n  - command:\n      programs: [replace-me]\n';
  return `id: ${id}
title: TODO one line on the hazard
severity: warning
${matcher}message: "TODO what is wrong here and what happens next${check ? '' : ' (`{command}`)'}."
explanation: |
  **Why this is a hazard.** TODO the mechanism, from the incident.

  **What is not reported.** TODO the false positives the knowledge file lists.
incidents: [${incident}]
catalog:
  flags: "TODO what it flags"
  fix: "none (TODO)"
`;
}

function specFile(id: string): string {
  return `import { ruleSpec } from './spec';

ruleSpec('${id}', {
  fires: [
    {
      name: 'TODO the hazard as it is written in the wild',
      text: \`
        #cloud-config
        runcmd:
          - TODO a hazardous command
      \`,
      flagged: ['TODO a hazardous command'],
    },
  ],
  clean: [
    {
      name: 'TODO the safe configuration, and each false positive the knowledge file lists',
      text: \`
        #cloud-config
        runcmd:
          - echo safe
      \`,
    },
  ],
});
`;
}

function checkFile(): string {
  return `import type { ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

/** TODO what the check looks for that a declarative matcher cannot. */
function check(_doc: ProvisioningDocument): Match[] {
  return [];
}

export default defineRule({
  placeholders: [],
  check,
});
`;
}

/** Writes the rule's files under `root` and regenerates the README catalog; returns the files written. */
export function scaffoldRule(root: string, id: string, incident: string, check: boolean): string[] {
  if (!ID.test(id)) throw new Error(`"${id}" is not a kebab-case rule id`);
  const { incidents } = parse(readFileSync(path.join(root, 'rules', 'incidents.yaml'), 'utf8')) as { incidents: { id: string }[] };
  if (!incidents.some((known) => known.id === incident))
    throw new Error(`no incident "${incident}" in rules/incidents.yaml; add it there first (known: ${incidents.map((known) => known.id).join(', ')})`);
  const files: [string, string][] = [
    [path.join(root, 'rules', `${id}.yaml`), ruleYaml(id, incident, check)],
    [path.join(root, 'test', 'rules', `${id}.test.ts`), specFile(id)],
  ];
  if (check) files.push([path.join(root, 'server', 'src', 'core', 'rules', 'code', `${id}.ts`), checkFile()]);
  for (const [file] of files) if (existsSync(file)) throw new Error(`${path.relative(root, file)} exists already`);
  for (const [file, text] of files) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  writeCatalog(root);
  return files.map(([file]) => file);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { incident: { type: 'string' }, check: { type: 'boolean', default: false } } });
  try {
    if (positionals.length !== 1 || !values.incident) throw new Error('usage: npm run new-rule -- <rule-id> --incident <incident-id> [--check]');
    const root = path.resolve(__dirname, '..');
    for (const file of scaffoldRule(root, positionals[0], values.incident, values.check!)) console.log(`created ${path.relative(root, file)}`);
    console.log('README.md catalog regenerated. Now make the fixtures in the test file real, and the rule pass them.');
  } catch (error) {
    console.error(`new-rule: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
