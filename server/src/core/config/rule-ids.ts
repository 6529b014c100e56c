import { ruleFileNames } from '../rules/rule-files';

/**
 * The rule ids a rules folder defines, from its file names alone (the loader requires `<id>.yaml`):
 * a config's rule folders can be checked without loading them, as an untrusted workspace must not.
 */
export function ruleIdsIn(dir: string): string[] {
  try {
    return ruleFileNames(dir).map((name) => name.slice(0, -'.yaml'.length));
  } catch {
    return [];
  }
}
