import type { FormatPlugin } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import type { Finding } from '../finding';
import { LineIndex } from '../text/line-index';
import { lineBreak } from './text-edits';
import type { Fix, TextEdit } from './types';

/**
 * Where a line pragma may go, best first: above the flagged line (a shell comment line when that
 * line is inside a literal block of shell), above the statement it is in (a list item whose scalar
 * spans lines, where no comment can go inside), above the task. A Dockerfile instruction is
 * continued across lines, so there only the statement counts. The caller keeps the first place
 * where the pragma both covers the finding and changes nothing else.
 */
export function pragmaAnchors(finding: Finding, format: FormatPlugin | undefined): number[] {
  const step = finding.subject.step;
  const statement = step.statement?.start ?? step.span.start;
  const task = step.task && !step.task.file ? step.task.span.start : undefined;
  const anchors = format?.pragmaAboveStatement ? [statement] : [finding.span.start, statement, ...(task === undefined ? [] : [task])];
  return [...new Set(anchors)];
}

/**
 * `# hindsight ignore=<rule> -- ` on its own line above the line at `anchor`, at that line's
 * indentation. The reason is left for the user: the pragma hint asks for it until it is written.
 */
export function ignoreLineAt(doc: ProvisioningDocument, finding: Finding, anchor: number): Fix {
  const lines = new LineIndex(doc.text);
  const { line } = lines.position(anchor);
  const text = lines.lineText(line);
  const indent = text.slice(0, text.length - text.trimStart().length);
  const at = lines.lineStart(line);
  return {
    title: `Ignore ${finding.ruleId} for this line (with reason)`,
    edits: [{ span: { start: at, end: at }, newText: `${indent}# hindsight ignore=${finding.ruleId} -- ${lineBreak(doc.text)}` }],
  };
}

/** Header lines that must stay first (the format says which: `#cloud-config`, `#!…`, Dockerfile parser directives). */
function headerLineCount(format: FormatPlugin | undefined, lines: LineIndex): number {
  let count = 0;
  const header = format?.headerLine;
  while (header && count < lines.lineCount && header.test(lines.lineText(count).replace(/^\uFEFF/, ''))) count++;
  return count;
}

export function ignoreFile(doc: ProvisioningDocument, finding: Finding, format: FormatPlugin | undefined): Fix {
  const lines = new LineIndex(doc.text);
  const headers = headerLineCount(format, lines);
  const eol = lineBreak(doc.text);
  const at = headers < lines.lineCount ? lines.lineStart(headers) : doc.text.length;
  const prefix = at === doc.text.length && doc.text.length > 0 && !doc.text.endsWith('\n') ? eol : '';
  const edit: TextEdit = { span: { start: at, end: at }, newText: `${prefix}# hindsight ignore-file=${finding.ruleId} -- ${eol}` };
  return { title: `Ignore ${finding.ruleId} for this file (with reason)`, edits: [edit] };
}
