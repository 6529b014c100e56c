// Writes one markdown page per rule (dist/docs/rules/<id>.md) from rules/, for offline documentation.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export function writeRuleDocs(rulesDir, outDir) {
  const { incidents } = parse(readFileSync(join(rulesDir, 'incidents.yaml'), 'utf8'));
  const byId = new Map(incidents.map((incident) => [incident.id, incident]));
  mkdirSync(join(outDir, 'rules'), { recursive: true });
  const index = ['# Hindsight rules', '', '| rule | severity | title |', '| --- | --- | --- |'];
  for (const name of readdirSync(rulesDir)
    .filter((file) => file.endsWith('.yaml') && file !== 'incidents.yaml')
    .sort()) {
    const rule = parse(readFileSync(join(rulesDir, name), 'utf8'));
    const lines = [
      `# ${rule.title}`,
      '',
      `\`${rule.id}\` · default severity **${rule.severity}**${rule.fleetOnly ? ' · fleet-only (info outside the configured fleet scope)' : ''}`,
      '',
      rule.explanation.trim(),
      '',
      '## Incidents',
      '',
      ...rule.incidents.map((id) => {
        const incident = byId.get(id);
        return `- **${incident.organisation}, ${incident.date}** — [${incident.title}](${incident.url}). ${incident.summary} *Lesson:* ${incident.lesson}`;
      }),
    ];
    if (rule.references?.length) lines.push('', '## More reading', '', ...rule.references.map((ref) => `- [${ref.title}](${ref.url})`));
    lines.push(
      '',
      '## Suppressing',
      '',
      `\`# hindsight ignore=${rule.id} -- <reason>\` on the line before (or at the end of) the flagged line; \`# hindsight ignore-file=${rule.id} -- <reason>\` for a whole file; severity in \`.hindsight.yaml\` under \`rules:\`.`,
      '',
    );
    writeFileSync(join(outDir, 'rules', `${rule.id}.md`), lines.join('\n'));
    index.push(`| [${rule.id}](rules/${rule.id}.md) | ${rule.severity} | ${rule.title} |`);
  }
  writeFileSync(join(outDir, 'index.md'), index.join('\n') + '\n');
}
