import type { ConfigEntry, ParseProblem, RelatedPlace, SimpleCommand, Span, Step } from './model';

export type { RelatedPlace } from './model';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** The model element a finding is about. */
export interface FindingSubject {
  step: Step;
  command?: SimpleCommand;
  entry?: ConfigEntry;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  span: Span;
  message: string;
  /** Other places that are part of the same hazard. */
  related?: RelatedPlace[];
  /** The rule's incident this finding is an instance of, when it is not the rule's first (one rule, several mechanisms). */
  incident?: string;
  /** What was inferred about the host the finding is on, and why (shown on hover). */
  context?: string;
  /** What a fix needs to know, set by the matcher or check that produced the finding. */
  subject: FindingSubject;
}

/** A finding detached from the model it came from: what is reported once no fix will be asked of it. */
export type DetachedFinding = Omit<Finding, 'subject'>;

/** What a recognised file that could not be (wholly) read is reported as: CI must not pass on a file it never read. */
export const PARSE_ERROR = 'parse-error';

/** A file's parse problems as findings, reported wherever rule findings are (not a rule: nothing can turn them off). */
export function parseErrorFindings(problems: ParseProblem[]): DetachedFinding[] {
  return problems.map((problem) => ({ ruleId: PARSE_ERROR, severity: 'warning', span: problem.span, message: problem.message }));
}

/** A public post-mortem, advisory or bug report behind a rule (`rules/incidents.yaml`). */
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
