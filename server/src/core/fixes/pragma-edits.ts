import type { ProvisioningDocument } from '../model';
import type { Finding } from '../rules/types';
import { LineIndex } from '../text/line-index';
import { lineBreak } from './text-edits';
import type { Fix, TextEdit } from './types';

/**
 * `# hindsight ignore=<rule> -- ` on its own line above the flagged line (above the instruction in
 * a Dockerfile), at that line's indentation. The reason is left for the user: the pragma hint asks
 * for it until it is written.
 */
export function ignoreLine(doc: ProvisioningDocument, finding: Finding): Fix {
  const lines = new LineIndex(doc.text);
  const anchor = doc.format === 'dockerfile' ? (finding.subject.step.statement?.start ?? finding.span.start) : finding.span.start;
  const { line } = lines.position(anchor);
  const text = lines.lineText(line);
  const indent = text.slice(0, text.length - text.trimStart().length);
  const at = lines.lineStart(line);
  return {
    title: `Ignore ${finding.ruleId} for this line (with reason)`,
    edits: [{ span: { start: at, end: at }, newText: `${indent}# hindsight ignore=${finding.ruleId} -- ${lineBreak(doc.text)}` }],
  };
}

/** Header lines that must stay first: `## template: jinja`, `#cloud-config`, `#!…`, `#cloud-boothook`, Dockerfile parser directives. */
function headerLineCount(doc: ProvisioningDocument, lines: LineIndex): number {
  let count = 0;
  const isHeader = (text: string): boolean => {
    if (doc.format === 'dockerfile') return /^#\s*[a-z]+\s*=/i.test(text);
    if (doc.format === 'ansible') return false;
    return /^(##\s*template:|#cloud-config|#cloud-boothook|#!)/.test(text);
  };
  while (count < lines.lineCount && isHeader(lines.lineText(count).replace(/^\uFEFF/, ''))) count++;
  return count;
}

export function ignoreFile(doc: ProvisioningDocument, finding: Finding): Fix {
  const lines = new LineIndex(doc.text);
  const headers = headerLineCount(doc, lines);
  const eol = lineBreak(doc.text);
  const at = headers < lines.lineCount ? lines.lineStart(headers) : doc.text.length;
  const prefix = at === doc.text.length && doc.text.length > 0 && !doc.text.endsWith('\n') ? eol : '';
  const edit: TextEdit = { span: { start: at, end: at }, newText: `${prefix}# hindsight ignore-file=${finding.ruleId} -- ${eol}` };
  return { title: `Ignore ${finding.ruleId} for this file (with reason)`, edits: [edit] };
}
