import type { Finding, Severity } from '../finding';
import type { RuleSet } from '../rules/rule-set';
import { relativeInside } from '../paths';
import { pathMatcher, type LoadedConfig } from './config-file';

export type SeveritySetting = Severity | 'off';

/** Whether the config's `ignore` list excludes a file. */
export function ignoredByConfig(config: LoadedConfig | undefined, file: string): boolean {
  const relative = config && relativeInside(config.dir, file);
  return relative !== undefined && (pathMatcher(config!.config.ignore)?.ignores(relative) ?? false);
}

/** Whether a finding is about a production fleet, per the config's fleet scope (all are, without one). */
function onFleet(config: LoadedConfig | undefined, file: string, finding: Finding): boolean {
  const fleet = config?.config.fleet;
  if (!fleet) return true;
  const relative = relativeInside(config!.dir, file);
  if (relative !== undefined && pathMatcher(fleet.paths)?.ignores(relative)) return true;
  const hosts = finding.subject.step.play?.hosts;
  return hosts !== undefined && hosts.split(/[:,&!\s]+/).some((word) => (fleet.groups ?? []).includes(word));
}

/** A setting the user wrote for a rule id: never one an object inherits (`constructor`, `toString`). */
function ownSetting(settings: Record<string, SeveritySetting> | undefined, ruleId: string): SeveritySetting | undefined {
  return settings && Object.hasOwn(settings, ruleId) ? settings[ruleId] : undefined;
}

/**
 * Severity policy: rule defaults, then `.hindsight.yaml`, then the editor's `hindsight.rules`;
 * fleet-only hazards outside the fleet scope become info; `off` removes the finding.
 */
export function applyPolicy(findings: Finding[], ruleSet: RuleSet, file: string, config: LoadedConfig | undefined, overrides: Record<string, SeveritySetting> = {}): Finding[] {
  return findings.flatMap((finding) => {
    const rule = ruleSet.rule(finding.ruleId);
    let severity: SeveritySetting = finding.severity;
    if (rule?.fleetOnly && !onFleet(config, file, finding)) severity = 'info';
    severity = ownSetting(overrides, finding.ruleId) ?? ownSetting(config?.config.rules, finding.ruleId) ?? severity;
    return severity === 'off' ? [] : [{ ...finding, severity }];
  });
}
