import type { ReportedFinding } from './report';

/** Text for an XML attribute or element: the five special characters escaped, and characters XML 1.0 cannot hold dropped. */
function xml(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- XML 1.0 cannot carry these at all
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/**
 * `--format junit`: one test case per finding, failed, named by rule and place and classed by file,
 * so a CI's test report lists them; a clean scan is one passing case.
 */
export function formatJunit(findings: ReportedFinding[]): string {
  const cases =
    findings.length === 0
      ? ['    <testcase classname="hindsight" name="no hazards found"/>']
      : findings.map((finding) => {
          const place = `${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
          const body = [finding.message, ...(finding.incidents[0] ? [`See ${finding.incidents[0].url}`] : [])].join('\n');
          return [
            `    <testcase classname="${xml(finding.file)}" name="${xml(`${finding.ruleId} at ${place}`)}">`,
            `      <failure type="${xml(finding.ruleId)}" message="${xml(`${finding.severity}: ${finding.message}`)}">${xml(body)}</failure>`,
            '    </testcase>',
          ].join('\n');
        });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="hindsight" tests="${Math.max(findings.length, 1)}" failures="${findings.length}">`,
    `  <testsuite name="hindsight" tests="${Math.max(findings.length, 1)}" failures="${findings.length}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
