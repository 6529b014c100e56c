import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import { PARSE_ERROR, type Incident, type Severity } from '../core/finding';
import type { RuleSet } from '../core/rules/rule-set';
import type { Rule } from '../core/rules/types';
import { lineFingerprint, type ReportedFinding } from './report';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

function helpMarkdown(rule: Rule, incidents: Incident[]): string {
  const links = incidents.map((incident) => `- [${incident.organisation} ${incident.date}: ${incident.title}](${incident.url})`);
  return `${rule.explanation.trim()}\n\n**Incidents**\n\n${links.join('\n')}\n`;
}

/** SARIF 2.1.0 for GitHub code scanning. */
/** Parse errors are not a rule, but SARIF viewers want every result's rule described. */
const PARSE_ERROR_DESCRIPTOR = {
  id: PARSE_ERROR,
  name: 'ParseError',
  shortDescription: { text: 'A recognised file could not be (wholly) read' },
  fullDescription: { text: 'The parser reported a problem; hazards in what could not be read are not reported.' },
  defaultConfiguration: { level: 'warning' },
  properties: { tags: ['reliability', 'provisioning'] },
};

export function formatSarif(findings: ReportedFinding[], ruleSets: RuleSet[], version: string): string {
  const owner = new Map<string, RuleSet>();
  for (const ruleSet of ruleSets) for (const rule of ruleSet.rules) if (!owner.has(rule.id)) owner.set(rule.id, ruleSet);
  const rules = [...owner].map(([id, ruleSet]) => ruleSet.rule(id)!);
  const incidentsOf = (ruleId: string): Incident[] => owner.get(ruleId)?.incidentsOf(ruleId) ?? [];
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'hindsight',
            version,
            rules: [
              ...rules.map((rule) => ({
                id: rule.id,
                name: rule.id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
                shortDescription: { text: rule.title },
                fullDescription: { text: rule.message.replace(/\{\w+\}/g, '…') },
                helpUri: incidentsOf(rule.id)[0]?.url,
                help: { text: rule.explanation.trim(), markdown: helpMarkdown(rule, incidentsOf(rule.id)) },
                defaultConfiguration: { level: LEVEL[rule.severity] },
                properties: { tags: ['reliability', 'provisioning'] },
              })),
              PARSE_ERROR_DESCRIPTOR,
            ],
          },
        },
        results: findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: finding.ruleId === PARSE_ERROR ? rules.length : ruleIndex.get(finding.ruleId),
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: uriReference(finding.file) },
                region: region(finding.range),
              },
            },
          ],
          ...(finding.related
            ? {
                relatedLocations: finding.related.map((place, id) => ({
                  id,
                  message: { text: place.message },
                  physicalLocation: { artifactLocation: { uri: uriReference(place.file) }, region: region(place.range) },
                })),
              }
            : {}),
          partialFingerprints: { primaryLocationLineHash: `${lineFingerprint(finding)}:1` },
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** A SARIF region: lines and columns count from 1. */
function region(range: ReportedFinding['range']) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/**
 * A path as SARIF's `artifactLocation.uri`: a URI reference, so each segment is percent-encoded
 * (a space, a non-ASCII letter, or `#`, `?`, `%` that would otherwise end or change the path).
 */
function uriReference(file: string): string {
  // An absolute path is a file URL (Node encodes it, and knows a Windows drive from a host).
  if (path.isAbsolute(file)) return pathToFileURL(file).href;
  return file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
