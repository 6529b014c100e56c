import type { Finding } from '../../finding';
import { CLOUD_CONFIG_HEADER_LIKE } from '../../text/cloud-config-header';
import type { Fix } from '../../fixes/types';
import type { ProvisioningDocument } from '../../model';
import { inComment } from '../../text/comments';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

const EXACT = '#cloud-config';

/** Template expressions, and those over cloud-init's own instance data (what a file meant for cloud-init's Jinja uses). */
const EXPRESSION = /\{\{.*?\}\}|\{%.*?%\}/g;
const INSTANCE_DATA = /^\{[{%]-?\s*(if\s+|for\s+\w+\s+in\s+|elif\s+)?(v1|ds|merged_cfg|sys_info|vendordata|userdata)\b/;

function firstLine(text: string): string {
  const end = text.indexOf('\n');
  return (end < 0 ? text : text.slice(0, end)).replace(/\r$/, '');
}

function check(doc: ProvisioningDocument): Match[] {
  const head = firstLine(doc.text);
  // A finding needs a step to be about; a document that does nothing is nothing to lose.
  const subject = { step: doc.steps[0] };
  if (!subject.step) return [];
  if (CLOUD_CONFIG_HEADER_LIKE.test(head) && head.trim().toLowerCase() !== EXACT) {
    return [{ span: { start: 0, end: head.length }, subject, values: { problem: `\`${head.trim()}\` is not the \`#cloud-config\` header`, consequence: 'cloud-init does not recognise the file and skips all of it, without an error' } }];
  }
  if (head.trim() !== EXACT) return [];
  const first = [...doc.text.matchAll(EXPRESSION)].find((found) => INSTANCE_DATA.test(found[0]) && !inComment(doc.text, found.index));
  if (!first) return [];
  const block = first[0].startsWith('{%');
  return [
    {
      span: { start: first.index, end: first.index + first[0].length },
      subject,
      values: {
        problem: `\`${first[0]}\` is cloud-init instance data, but the file has no \`## template: jinja\` first line`,
        consequence: block ? 'the line is not YAML, so cloud-init cannot load the file and applies none of it' : 'cloud-init passes it on as literal text',
      },
    },
  ];
}

function exactHeader(_doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  if (finding.span.start !== 0) return undefined;
  return { title: 'Write the header as `#cloud-config`', edits: [{ span: finding.span, newText: EXACT }] };
}

/** `## template: jinja` above the header, when every template expression in the file is instance data (the rest would be rendered too). */
function jinjaHeader(doc: ProvisioningDocument, finding: Finding): Fix | { withheld: string } | undefined {
  if (finding.span.start === 0) return undefined;
  const others = [...doc.text.matchAll(EXPRESSION)].filter((found) => !INSTANCE_DATA.test(found[0]) && !/^\{%-?\s*(end\w*|else)\b/.test(found[0]));
  if (others.length > 0) return { withheld: `cloud-init would render \`${others[0][0]}\` too; make it a raw block or escape it first` };
  return { title: 'Add `## template: jinja` as the first line', edits: [{ span: { start: 0, end: 0 }, newText: '## template: jinja\n' }] };
}

export default defineRule({
  placeholders: ['problem', 'consequence'],
  check,
  fixes: { 'exact-header': { provide: exactHeader }, 'jinja-header': { structural: true, provide: jinjaHeader } },
});
