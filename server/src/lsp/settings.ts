import type { SeveritySetting } from '../core/config/policy';
import { ruleIdsIn } from '../core/config/rule-ids';
import { didYouMean } from '../core/text/near-names';

/** What the editor's settings say, pulled from the client and re-pulled when they change. */
export interface ServerSettings {
  rules: Record<string, SeveritySetting>;
  scanOnStartup: boolean;
  ansibleFiles: string[];
  /** `files.exclude` patterns that are on. */
  filesExclude: string[];
  maxScanFiles: number;
}

export const DEFAULT_SETTINGS: ServerSettings = { rules: {}, scanOnStartup: false, ansibleFiles: [], filesExclude: [], maxScanFiles: 20_000 };

interface RawHindsight {
  rules?: Record<string, SeveritySetting>;
  scanOnStartup?: boolean;
  ansible?: { files?: string[] };
  scan?: { maxFiles?: number };
}

export function toSettings(hindsight: RawHindsight | null | undefined, filesExclude: Record<string, boolean> | null | undefined): ServerSettings {
  return {
    rules: hindsight?.rules ?? {},
    scanOnStartup: hindsight?.scanOnStartup ?? false,
    ansibleFiles: hindsight?.ansible?.files ?? [],
    filesExclude: Object.entries(filesExclude ?? {})
      .filter(([, on]) => on === true)
      .map(([pattern]) => pattern),
    maxScanFiles: hindsight?.scan?.maxFiles ?? DEFAULT_SETTINGS.maxScanFiles,
  };
}

/** What to tell the user about `hindsight.rules` entries that name no rule in the given rule folders (the shipped one among them). */
export function unknownRuleSettings(rules: Record<string, SeveritySetting>, ruleDirs: string[]): string[] {
  const known = ruleDirs.flatMap(ruleIdsIn);
  return Object.keys(rules)
    .filter((id) => !known.includes(id))
    .map((id) => `Hindsight: hindsight.rules names no rule "${id}"${didYouMean(id, known)}; it has no effect.`);
}
