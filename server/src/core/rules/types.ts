import type { Incident, Severity } from '../finding';
import type { AppliesTo } from '../host-context';
import type { Phase } from '../model';

export type Matcher =
  | { command: { programs: string[]; args?: string[][]; argsPattern?: string } }
  | { service: { units: string[]; actions: string[] } }
  | { setting: { keys: string[]; values: (string | boolean | number)[] } }
  | { config: { fileKinds: string[]; section?: string; keys: string[]; values: string[] } }
  | { environment: { names: string[]; values: string[] } }
  | { package: { actions: string[]; names?: string[] } };

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  fleetOnly?: boolean;
  appliesTo?: AppliesTo;
  phases?: Phase[];
  match?: Matcher[];
  check?: string;
  params?: Record<string, unknown>;
  message: string;
  explanation: string;
  incidents: string[];
  references?: { title: string; url: string }[];
  fixes?: string[];
}

/** One release in the end-of-life image catalog (`rules/catalogs/eol-images.yaml`). */
export interface EolRelease {
  release: string;
  repositories: string[];
  tags: string[];
  marker?: string;
  eol?: string;
  ended: boolean;
  successor: string;
  fixWithheld?: string;
  source: string;
}

export interface RuleSet {
  rules: Rule[];
  incidents: Map<string, Incident>;
  eolReleases: EolRelease[];
}
