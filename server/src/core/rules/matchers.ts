import { RE2JS } from 're2js';
import { lostOn, runsOf } from '../lifecycle';
import type { ProvisioningDocument, SimpleCommand, Span, Step, Word } from '../model';
import type { FindingSubject, RelatedPlace, Severity } from '../finding';
import type { Matcher, Rule } from './types';

const compiled = new Map<string, RE2JS>();

/**
 * A rule's regular expression, compiled for RE2's linear-time engine: a project's own rule cannot
 * make the linter hang on a pathological pattern (and nothing in a rule is ever evaluated as code).
 */
export function compilePattern(source: string): RE2JS {
  let pattern = compiled.get(source);
  if (!pattern) {
    pattern = RE2JS.compile(source);
    compiled.set(source, pattern);
  }
  return pattern;
}

export interface Match {
  span: Span;
  subject: FindingSubject;
  /** Values for the rule message's `{placeholders}`. */
  values: Record<string, string | undefined>;
  related?: RelatedPlace[];
  /** Overrides the rule's severity for this finding (a builder stage matters less than the image). */
  severity?: Severity;
  /** The rule's incident this match is an instance of, when not the first (see `Finding.incident`). */
  incident?: string;
}

const MAX_COMMAND_IN_MESSAGE = 80;

/** Source text for a message: continuation lines joined, whitespace collapsed, long text cut. */
export function spanText(doc: ProvisioningDocument, span: Span): string {
  // Only the head is shown: a range over a whole encoded part may be megabytes, copied once per finding.
  const head = doc.text.slice(span.start, Math.min(span.end, span.start + MAX_COMMAND_IN_MESSAGE * 4));
  const text = head.replace(/\s*\\\r?\n\s*/g, ' ').replace(/\s+/g, ' ');
  const cut = span.end - span.start > head.length;
  return text.length > MAX_COMMAND_IN_MESSAGE || cut ? `${text.slice(0, MAX_COMMAND_IN_MESSAGE - 1)}…` : text;
}

export function commandText(doc: ProvisioningDocument, command: SimpleCommand): string {
  return spanText(doc, command.span);
}

function operands(args: Word[]): string[] {
  return args.map((arg) => arg.value).filter((value) => !value.startsWith('-'));
}

function sameUnit(unit: string, wanted: string): boolean {
  return unit === wanted || unit === `${wanted}.service` || `${unit}.service` === wanted;
}

function equalsAny(value: unknown, wanted: readonly unknown[]): boolean {
  return wanted.some((candidate) => String(candidate).toLowerCase() === String(value).toLowerCase());
}

/** Steps a rule may look at: those in its phases, or all when it names none. */
export function stepsFor(rule: Rule, doc: ProvisioningDocument) {
  return rule.phases ? doc.steps.filter((step) => rule.phases!.includes(step.phase)) : doc.steps;
}

/** Every step the document's hosts run: its own, its plays' roles, the task files it imports. */
export function hostSteps(doc: ProvisioningDocument): Step[] {
  return [...doc.steps, ...(doc.plays ?? []).flatMap((play) => play.roleSteps), ...(doc.imported?.() ?? [])];
}

/** Where a step comes from and when it runs, for messages: `{origin}`, `{runs}`, `{lostOn}`. */
function whenRun(step: Step): Record<string, string> {
  return { origin: step.origin, runs: runsOf(step), lostOn: lostOn(step) };
}

/** Every place in the document where one declarative matcher holds. */
export function runMatcher(matcher: Matcher, rule: Rule, doc: ProvisioningDocument): Match[] {
  const steps = stepsFor(rule, doc);
  const out: Match[] = [];
  if ('command' in matcher) {
    const { programs, args = [], argsPattern } = matcher.command;
    const pattern = argsPattern === undefined ? undefined : compilePattern(argsPattern);
    for (const step of steps) {
      if (step.kind !== 'command') continue;
      for (const command of step.flat) {
        if (!programs.includes(command.program)) continue;
        const words = operands(command.args);
        if (pattern && !pattern.matcher(command.args.map((arg) => arg.value).join(' ')).find()) continue;
        if (args.every((choices, i) => words[i] !== undefined && choices.includes(words[i]))) {
          out.push({ span: command.span, subject: { step, command }, values: { command: commandText(doc, command), ...whenRun(step) }, related: step.runBy });
        }
      }
    }
  } else if ('service' in matcher) {
    const { units, actions } = matcher.service;
    for (const step of steps) {
      if (step.kind === 'service' && actions.includes(step.action) && units.some((unit) => sameUnit(step.unit, unit))) {
        out.push({ span: step.span, subject: { step }, values: { unit: step.unit, command: spanText(doc, step.span), ...whenRun(step) }, related: step.runBy });
      }
    }
  } else if ('setting' in matcher) {
    const { keys, values } = matcher.setting;
    for (const step of steps) {
      if (step.kind === 'setting' && keys.includes(step.key) && equalsAny(step.value, values)) {
        out.push({ span: step.span, subject: { step }, values: { key: step.key, value: String(step.value) } });
      }
    }
  } else if ('config' in matcher) {
    const { fileKinds, section, keys, values } = matcher.config;
    for (const step of steps) {
      if (step.kind !== 'file' || !fileKinds.includes(step.fileKind)) continue;
      for (const entry of step.entries) {
        if (section && entry.section !== section) continue;
        if (keys.some((key) => key.toLowerCase() === entry.key.toLowerCase()) && equalsAny(entry.value, values)) {
          out.push({ span: entry.span, subject: { step, entry }, values: { key: entry.key, value: entry.value, path: step.path } });
        }
      }
    }
  } else if ('package' in matcher) {
    const { actions, names } = matcher.package;
    for (const step of steps) {
      if (step.kind !== 'package' || !actions.includes(step.action)) continue;
      if (names && !step.packages.some((pkg) => names.includes(pkg.name))) continue;
      out.push({ span: step.span, subject: { step }, values: { command: spanText(doc, step.span), ...whenRun(step) }, related: step.runBy });
    }
  } else if ('environment' in matcher) {
    const { names, values } = matcher.environment;
    for (const step of steps) {
      if (step.kind === 'environment' && names.includes(step.name) && equalsAny(step.value, values)) {
        out.push({ span: step.span, subject: { step }, values: { key: step.name, value: step.value } });
      }
    }
  }
  return out;
}
