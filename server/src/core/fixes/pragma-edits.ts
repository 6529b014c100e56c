import type { FormatPlugin } from '../formats/format';
import type { ProvisioningDocument } from '../model';
import type { Finding } from '../finding';
import { LineIndex } from '../text/line-index';
import { lineBreak } from './text-edits';
import type { Fix, TextEdit } from './types';

/**
 * `# hindsight ignore=<rule> -- ` on its own line above the flagged line (above the instruction in
 * a Dockerfile), at that line's indentation. The reason is left for the user: the pragma hint asks
 * for it until it is written.
 */
export function ignoreLine(doc: ProvisioningDocument, finding: Finding, format: FormatPlugin | undefined): Fix {
  const lines = new LineIndex(doc.text);
  const anchor = format?.pragmaAboveStatement ? (finding.subject.step.statement?.start ?? finding.span.start) : finding.span.start;
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
