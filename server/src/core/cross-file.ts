import type { Analysis } from './engine';
import type { DetachedFinding } from './finding';
import type { PublishedFact } from './rules/rule-code';

/**
 * Facts every file of a workspace (or a CLI scan) published, so a rule can complete its findings
 * in one file with what others say. Knows no rule: rules publish and read facts through their
 * `crossFile` hooks. Only files with something to say are kept.
 */
export class FactIndex {
  private readonly facts = new Map<string, PublishedFact[]>();

  /** Records what a file's rules publish (and forgets what it published before). */
  record(file: string, analysis: Analysis): void {
    const doc = analysis.doc;
    const published: PublishedFact[] = [];
    if (doc) {
      for (const rule of analysis.ruleSet.rules) {
        const publish = analysis.ruleSet.codeOf(rule.id)?.crossFile?.publish;
        if (!publish) continue;
        const own = analysis.findings.filter((finding) => finding.ruleId === rule.id);
        for (const fact of publish(doc, own)) published.push({ ...fact, file, format: doc.format });
      }
    }
    if (published.length > 0) this.facts.set(file, published);
    else this.facts.delete(file);
  }

  delete(file: string): void {
    this.facts.delete(file);
  }

  /** Whether other files may change these findings: a rule of theirs reads cross-file facts. */
  static completes(analysis: { findings: DetachedFinding[] } & Pick<Analysis, 'ruleSet'>): boolean {
    return analysis.findings.some((finding) => analysis.ruleSet.codeOf(finding.ruleId)?.crossFile?.complete !== undefined);
  }

  /** A file's findings completed by its rules' `crossFile.complete` hooks with every other file's facts. */
  complete<F extends DetachedFinding>(file: string, analysis: { findings: F[] } & Pick<Analysis, 'ruleSet' | 'failures'>, format: string | undefined): F[] {
    if (format === undefined || !FactIndex.completes(analysis)) return analysis.findings;
    const others = [...this.facts].flatMap(([other, facts]) => (other === file ? [] : facts));
    const completedRules = new Set<string>();
    const completed: F[] = [];
    for (const ruleId of new Set(analysis.findings.map((finding) => finding.ruleId))) {
      const complete = analysis.ruleSet.codeOf(ruleId)?.crossFile?.complete;
      if (!complete) continue;
      const own = analysis.findings.filter((finding) => finding.ruleId === ruleId);
      try {
        completed.push(...complete(own, format, others));
        completedRules.add(ruleId);
      } catch (error) {
        analysis.failures.push({ ruleId, error: error as Error });
      }
    }
    return [...analysis.findings.filter((finding) => !completedRules.has(finding.ruleId)), ...completed].sort(
      (a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId),
    );
  }
}
