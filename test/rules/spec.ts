import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { applyEdits, dedent, testEngine } from '../helpers';

export interface Firing {
  name: string;
  text: string;
  /** The exact source text of each finding of this rule, in document order. */
  flagged: string[];
  fileName?: string;
  /** When set, the preferred fix must produce exactly this text. */
  fixed?: string;
}

export interface Clean {
  name: string;
  text: string;
  fileName?: string;
}

/** A rule fixture, as the quick-fix oracles read them (`HINDSIGHT_COLLECT_FIXTURES` set: no tests are registered). */
export interface CollectedFixture {
  ruleId: string;
  name: string;
  fileName: string;
  text: string;
}

export const COLLECTED: CollectedFixture[] = [];

/** More tests of a rule beside its fixtures: registered like `describe`, except while the oracles collect fixtures. */
export function ruleTests(name: string, body: () => void): void {
  if (!process.env.HINDSIGHT_COLLECT_FIXTURES) describe(name, body);
}

/**
 * A rule's specification in the style of hadolint's catches / catchesNot: every `fires` case must
 * produce exactly the listed findings, every `clean` case none, and every fix must leave a document
 * that still parses and no longer has the finding it fixed.
 */
export function ruleSpec(ruleId: string, spec: { fires: Firing[]; clean: Clean[] }): void {
  if (process.env.HINDSIGHT_COLLECT_FIXTURES) {
    for (const fixture of [...spec.fires, ...spec.clean]) COLLECTED.push({ ruleId, name: fixture.name, fileName: fixture.fileName ?? 'user-data', text: dedent(fixture.text) });
    return;
  }
  describe(ruleId, () => {
    for (const firing of spec.fires) {
      it(`fires: ${firing.name}`, async () => {
        const engine = await testEngine();
        const text = dedent(firing.text);
        const analysis = engine.analyse(firing.fileName ?? 'user-data', text);
        const findings = analysis.findings.filter((finding) => finding.ruleId === ruleId);
        assert.deepEqual(
          findings.map((finding) => text.slice(finding.span.start, finding.span.end)),
          firing.flagged,
        );
        for (const finding of findings) {
          const [fix] = engine.fixes(analysis, finding);
          if (!fix) continue;
          const fixed = applyEdits(text, fix.edits);
          if (firing.fixed !== undefined) assert.equal(fixed, dedent(firing.fixed));
          if (analysis.doc!.format !== 'user-data-script') assert.deepEqual(parseDocument(fixed).errors, [], `fix "${fix.title}" broke the YAML:\n${fixed}`);
          const after = engine.analyse(firing.fileName ?? 'user-data', fixed);
          const flaggedText = text.slice(finding.span.start, finding.span.end);
          const count = (findings: { ruleId: string; span: { start: number; end: number } }[], source: string) =>
            findings.filter((other) => other.ruleId === ruleId && source.slice(other.span.start, other.span.end) === flaggedText).length;
          assert.ok(count(after.findings, fixed) < count(findings, text), `fix "${fix.title}" left the finding in place:\n${fixed}`);
          const newRules = after.findings.filter((other) => !analysis.findings.some((before) => before.ruleId === other.ruleId));
          assert.deepEqual(newRules.map((other) => other.ruleId), [], 'a fix must not introduce findings of other rules');
        }
        if (firing.fixed !== undefined) assert.ok(findings.some((finding) => engine.fixes(analysis, finding).length > 0), 'expected a fix');
      });
    }
    for (const clean of spec.clean) {
      it(`clean: ${clean.name}`, async () => {
        const engine = await testEngine();
        const text = dedent(clean.text);
        const findings = engine.analyse(clean.fileName ?? 'user-data', text).findings.filter((finding) => finding.ruleId === ruleId);
        assert.deepEqual(
          findings.map((finding) => text.slice(finding.span.start, finding.span.end)),
          [],
        );
      });
    }
  });
}
