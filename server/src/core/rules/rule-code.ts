import type { HindsightConfig } from '../config/config-file';
import type { Finding, DetachedFinding, RelatedPlace } from '../finding';
import type { Fix } from '../fixes/types';
import type { ProvisioningDocument, ReadAs, Span } from '../model';
import type { Match } from './matchers';
import type { RuleSet } from './rule-set';
import type { Rule } from './types';

/** What checks and fixes may know beyond the document: the rule set's catalogs, today's date, the project's settings. */
export interface CheckEnvironment {
  ruleSet: RuleSet;
  today: Date;
  config?: HindsightConfig;
}

export type Check = (doc: ProvisioningDocument, rule: Rule, env: CheckEnvironment) => Match[];

export interface FixDefinition {
  /** Adds, removes or moves lines rather than replacing a value in place: offered only on documents that parse. */
  structural?: boolean;
  /** The fix for this finding; `{ withheld }` says why none is safe here (shown on hover); undefined: it does not apply. */
  provide(doc: ProvisioningDocument, finding: Finding, env: CheckEnvironment): Fix | { withheld: string } | undefined;
}

/** Something one file tells the others: a place (or the whole file) where a named fact holds. */
export interface Fact {
  name: string;
  span?: Span;
  /** What happens at that place, for related-location messages in other files. */
  note: string;
  /** The file the fact is about, when it is not the file that publishes it. */
  about?: string;
  /** For a file another one runs or hands over: how it is read. */
  readAs?: ReadAs;
  /** A path on the host the fact is about (where a file is installed, a script that is run). */
  path?: string;
}

/** A fact as another file published it. */
export interface PublishedFact extends Fact {
  file: string;
  /** The format of the file that published it. */
  format: string;
}

/** What the other files published, looked up by fact name (never a list of everything: a workspace has thousands). */
export interface OtherFacts {
  /** Up to `limit` facts of this name that other files published and `where` accepts, in the order they were recorded. */
  named(name: string, limit?: number, where?: (fact: PublishedFact) => boolean): PublishedFact[];
  /** Whether one play runs both files (a role's tasks and another role's handlers): they configure the same hosts. */
  runTogether(file: string, other: string): boolean;
}

/** How a rule reasons across files: what its file tells the others, and how its findings hear from them. */
export interface CrossFile {
  /** Facts this file holds, given the document and this rule's findings in it (after severity policy and pragmas). */
  publish?(doc: ProvisioningDocument, findings: Finding[]): Fact[];
  /**
   * This rule's findings in a file (of format `format`), completed with what every other file
   * published. It sees no document: a scan keeps only findings while it waits for the other files.
   */
  complete?<F extends DetachedFinding>(findings: F[], format: string, others: OtherFacts, file: string): F[];
}

/**
 * The code behind one rule, in `rules/code/<rule-id>.ts` (default export): a check for logic a
 * declarative matcher cannot express, the quick fixes its YAML names, and its cross-file reasoning.
 */
export interface RuleCode {
  /** Message placeholders the check fills (each `{name}` in the rule's message must be one of them). */
  placeholders?: readonly string[];
  check?: Check;
  /** Keeps only the matches that are hazards in their document (a restart that loads new settings is the remedy). */
  keep?(match: Match, doc: ProvisioningDocument): boolean;
  /** More places in the document that are part of a match's hazard (what undoes it on the same host). */
  relate?(match: Match, doc: ProvisioningDocument): RelatedPlace[];
  fixes?: Record<string, FixDefinition>;
  crossFile?: CrossFile;
}

export function defineRule(code: RuleCode): RuleCode {
  return code;
}
