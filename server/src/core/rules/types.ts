import type { ConfigEntry, Phase, SimpleCommand, Span, Step } from '../model';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type Matcher =
  | { command: { programs: string[]; args?: string[][]; argsPattern?: string } }
  | { service: { units: string[]; actions: string[] } }
  | { setting: { keys: string[]; values: (string | boolean | number)[] } }
  | { config: { fileKinds: string[]; section?: string; keys: string[]; values: string[] } }
  | { environment: { names: string[]; values: string[] } }
  | { package: { actions: string[]; names?: string[] } };

export interface Incident {
  id: string;
  organisation: string;
  date: string;
  title: string;
  url: string;
  kind?: 'post-mortem' | 'advisory' | 'bug-report';
  summary: string;
  lesson: string;
}

export interface Rule {
  id: string;
  title: string;
  severity: Severity;
  fleetOnly?: boolean;
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
  codename?: string;
  eol: string;
  successor: string;
  source: string;
}

export interface RuleSet {
  rules: Rule[];
  incidents: Map<string, Incident>;
  eolReleases: EolRelease[];
}

/** Values a message template may name. */
export type MessageValues = Partial<Record<'command' | 'unit' | 'key' | 'value' | 'path' | 'origin' | 'detail', string>>;

export interface Finding {
  ruleId: string;
  severity: Severity;
  span: Span;
  message: string;
  /** Other places that are part of the same hazard. */
  related?: RelatedPlace[];
  /** What a fix needs to know, set by the matcher or check that produced the finding. */
  subject: FindingSubject;
}

/** Another place that is part of a hazard; `file` is set when it is in another file. */
export interface RelatedPlace {
  span: Span;
  message: string;
  file?: string;
}

/** The model element a finding is about. */
export interface FindingSubject {
  step: Step;
  command?: SimpleCommand;
  entry?: ConfigEntry;
}
