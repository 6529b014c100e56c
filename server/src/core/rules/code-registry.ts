import type { RuleCode } from './rule-code';

/**
 * The code of a rule is found from its id: `rules/code/<rule-id>.ts`, default export. There is no
 * list to keep in step; esbuild bundles the whole folder for this pattern, and a test holds the
 * folder against `rules/*.yaml`.
 */
export function ruleCodeFor(ruleId: string): RuleCode | undefined {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(ruleId)) return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`./code/${ruleId}.ts`) as { default: RuleCode }).default;
  } catch (error) {
    if (isMissingModule(error, ruleId)) return undefined;
    throw error;
  }
}

/** "No such module" from the bundle's glob table or from Node's resolver, and nothing else. */
function isMissingModule(error: unknown, ruleId: string): boolean {
  const { code, message } = error as { code?: string; message?: string };
  const names = message?.includes(`code/${ruleId}.ts`) ?? false;
  return names && (code === 'MODULE_NOT_FOUND' || message!.startsWith('Module not found in bundle'));
}
