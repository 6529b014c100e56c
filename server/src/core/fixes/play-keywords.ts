import type { ProvisioningDocument } from '../model';
import type { Finding } from '../finding';
import { lineBreak } from './text-edits';
import type { Fix } from './types';

/** Inserts `serial` and `max_fail_percentage: 0` under the play's `hosts:` line, at its indentation. */
export function insertSerial(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  const play = finding.subject.step.play;
  // A play that has a serial (0, 100%, a template) is fixed by changing it, which is the author's call.
  if (!play || play.serial !== undefined || doc.text.slice(play.hostsPairSpan.start, play.hostsPairSpan.end) !== doc.text.slice(finding.span.start, finding.span.end))
    return undefined;
  const eol = lineBreak(doc.text);
  const newline = doc.text.indexOf('\n', Math.max(play.hostsPairSpan.start, play.hostsPairSpan.end - 1));
  const at = newline < 0 ? doc.text.length : newline + 1;
  const prefix = newline < 0 ? eol : '';
  return {
    title: 'Roll out in batches: add serial and max_fail_percentage: 0 to the play',
    edits: [{ span: { start: at, end: at }, newText: `${prefix}${play.indent}serial: [1, "10%", "25%"]${eol}${play.indent}max_fail_percentage: 0${eol}` }],
  };
}
