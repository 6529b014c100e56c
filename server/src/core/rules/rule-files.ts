import { readdirSync } from 'node:fs';

/** The rule files of a folder, `<id>.yaml` each (incidents.yaml is not a rule), sorted; throws when the folder cannot be listed. */
export function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') && name !== 'incidents.yaml')
    .sort();
}
