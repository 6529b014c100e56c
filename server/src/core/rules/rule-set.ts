import type { Incident } from '../finding';
import type { FixDefinition, RuleCode } from './rule-code';
import type { EolRelease, Rule } from './types';

/**
 * The rules that apply to a file, with their incidents, catalogs and code. Never changed once made:
 * a project's own rules make a new set (`extendedWith`), so one configuration's rules cannot leak
 * into another's hover, fixes or severity policy.
 */
export class RuleSet {
  private readonly byId: ReadonlyMap<string, Rule>;

  constructor(
    readonly rules: readonly Rule[],
    readonly incidents: ReadonlyMap<string, Incident>,
    readonly eolReleases: readonly EolRelease[],
    private readonly code: ReadonlyMap<string, RuleCode>,
    private readonly fixes: ReadonlyMap<string, FixDefinition>,
  ) {
    this.byId = new Map(rules.map((rule) => [rule.id, rule]));
  }

  rule(id: string): Rule | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The code of a rule (its check, fixes and cross-file hooks), by the rule's id. */
  codeOf(id: string): RuleCode | undefined {
    return this.code.get(id);
  }

  fix(id: string): FixDefinition | undefined {
    return this.fixes.get(id);
  }

  /** The incidents behind a rule, main one first. */
  incidentsOf(id: string): Incident[] {
    return (this.byId.get(id)?.incidents ?? []).flatMap((incidentId) => this.incidents.get(incidentId) ?? []);
  }

  /** A finding's incidents: the one it names first (see `Finding.incident`), then the rest of its rule's. */
  incidentsFor(finding: { ruleId: string; incident?: string }): Incident[] {
    const all = this.incidentsOf(finding.ruleId);
    const own = all.filter((incident) => incident.id === finding.incident);
    return [...own, ...all.filter((incident) => incident.id !== finding.incident)];
  }

  extendedWith(rules: readonly Rule[], incidents: ReadonlyMap<string, Incident>, code: ReadonlyMap<string, RuleCode>): RuleSet {
    return new RuleSet([...this.rules, ...rules], new Map([...this.incidents, ...incidents]), this.eolReleases, new Map([...this.code, ...code]), this.fixes);
  }
}
