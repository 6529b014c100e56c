import type { Span } from './model';
import type { Finding } from './finding';
import type { RuleSet } from './rules/rule-set';
import { startsComment } from './text/comments';

/** `# hindsight ignore=a,b -- reason` (next node or same line) and `# hindsight ignore-file=a -- reason`. */
// Horizontal space only: a pragma never reaches into the next line (an empty reason would take it as the reason).
const PRAGMA = /#[ \t]*hindsight[ \t]+(ignore|ignore-file)[ \t]*=[ \t]*([A-Za-z0-9_,\- ]*?)(?:[ \t]+--[ \t]*(.*?))?[ \t]*\r?$/gm;

export interface Pragma {
  kind: 'ignore' | 'ignore-file';
  ruleIds: string[];
  reason?: string;
  /** The comment itself. */
  span: Span;
  /** The text it covers. */
  covers: Span;
}

export interface PragmaProblem {
  span: Span;
  message: string;
}

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  return end < 0 ? text.length : end;
}

function indentation(line: string): number {
  return line.length - line.trimStart().length;
}

/**
 * The node or instruction that starts on the line at `from`: that line, lines continued with a
 * trailing backslash, and the more-indented lines below it (a YAML node's children).
 */
function blockFrom(text: string, from: number): Span {
  let end = lineEnd(text, from);
  const indent = indentation(text.slice(from, end));
  let continued = /\\\s*$/.test(text.slice(from, end));
  while (end < text.length) {
    const nextStart = end + 1;
    const nextEnd = lineEnd(text, nextStart);
    const line = text.slice(nextStart, nextEnd);
    if (!continued && line.trim() !== '' && indentation(line) <= indent) break;
    if (!continued && line.trim() === '' && nextEnd >= text.length) break;
    continued = /\\\s*$/.test(line);
    end = nextEnd;
  }
  return { start: from, end };
}

/** The first line after `offset` that is neither blank nor a comment. */
function nextCodeLine(text: string, offset: number): number | undefined {
  let at = lineEnd(text, offset) + 1;
  while (at < text.length) {
    const line = text.slice(at, lineEnd(text, at));
    if (line.trim() !== '' && !line.trim().startsWith('#')) return at;
    at = lineEnd(text, at) + 1;
  }
  return undefined;
}

export function parsePragmas(text: string): Pragma[] {
  const out: Pragma[] = [];
  for (const match of text.matchAll(PRAGMA)) {
    const start = match.index!;
    if (!startsComment(text, start)) continue;
    const span = { start, end: start + match[0].length };
    const ruleIds = match[2].split(/[\s,]+/).filter(Boolean);
    const reason = match[3]?.trim() || undefined;
    const kind = match[1] as Pragma['kind'];
    let covers: Span;
    if (kind === 'ignore-file') covers = { start: 0, end: text.length };
    else {
      const ownLine = lineStart(text, start);
      const alone = text.slice(ownLine, start).trim() === '';
      const target = alone ? nextCodeLine(text, start) : ownLine;
      covers = target === undefined ? span : blockFrom(text, target);
    }
    out.push({ kind, ruleIds, reason, span, covers });
  }
  return out;
}

function suppressing(pragmas: Pragma[], finding: Finding): Pragma | undefined {
  return pragmas.find((candidate) => candidate.ruleIds.includes(finding.ruleId) && candidate.covers.start <= finding.span.start && finding.span.start <= candidate.covers.end);
}

/**
 * Drops the findings pragmas suppress and reports pragmas that are wrong: no reason, an unknown
 * rule id, or nothing suppressed among `findings` or `projectFindings` (the findings under the
 * project's own severities, without the editor's overrides).
 */
export function applyPragmas(text: string, findings: Finding[], knownRules: RuleSet, projectFindings: Finding[] = findings): { findings: Finding[]; problems: PragmaProblem[] } {
  const pragmas = parsePragmas(text);
  if (pragmas.length === 0) return { findings, problems: [] };
  const used = new Set(projectFindings.flatMap((finding) => suppressing(pragmas, finding) ?? []));
  const kept = findings.filter((finding) => {
    const pragma = suppressing(pragmas, finding);
    if (pragma) used.add(pragma);
    return !pragma;
  });
  const problems: PragmaProblem[] = [];
  for (const pragma of pragmas) {
    const unknown = pragma.ruleIds.filter((id) => !knownRules.has(id));
    if (pragma.ruleIds.length === 0) problems.push({ span: pragma.span, message: 'This pragma names no rule: write `# hindsight ignore=<rule-id> -- <reason>`.' });
    if (unknown.length > 0) problems.push({ span: pragma.span, message: `Unknown Hindsight rule id${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.` });
    if (!pragma.reason) problems.push({ span: pragma.span, message: 'Say why this is suppressed: add `-- <reason>` after the rule ids.' });
    if (!used.has(pragma) && unknown.length < pragma.ruleIds.length) problems.push({ span: pragma.span, message: 'This pragma suppresses nothing here; remove it.' });
  }
  return { findings: kept, problems };
}
