import type { Analysis } from './engine';
import type { FormatId, Span } from './model';
import type { Finding, RelatedPlace } from './rules/types';

/** What one file contributes to hazards that span files. */
export interface FileFacts {
  /** Places that turn automatic upgrades on (they restart networkd on their own schedule). */
  upgradesOn: Span[];
  /** Places that restart systemd-networkd. */
  networkdRestarts: Span[];
  /** Whether the file writes a networkd drop-in with both ManageForeign* settings off. */
  keepsForeignRoutes: boolean;
  /** Ansible files configure the same hosts as the roles next to them; user-data is one instance each. */
  sharesHosts: boolean;
}

const FOREIGN_KEYS = ['ManageForeignRoutes', 'ManageForeignRoutingPolicyRules'];
const MAX_RELATED = 3;

export function factsOf(analysis: Analysis): FileFacts {
  const spansOf = (ruleId: string) => analysis.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.span);
  const keeps = (analysis.doc?.steps ?? []).some(
    (step) =>
      step.kind === 'file' &&
      step.fileKind === 'networkd-conf' &&
      FOREIGN_KEYS.every((key) => step.entries.some((entry) => entry.key === key && /^(no|false|0)$/i.test(entry.value))),
  );
  return { upgradesOn: spansOf('unattended-upgrades-enabled'), networkdRestarts: spansOf('networkd-restart'), keepsForeignRoutes: keeps, sharesHosts: analysis.doc?.format === 'ansible' };
}

/**
 * Facts of every provisioning file of a workspace (or a CLI scan), so a finding can say that its
 * hazard is completed in another file. Files are added and removed as they change.
 */
export class WorkspaceIndex {
  private readonly facts = new Map<string, FileFacts>();

  /** Only files with something to say are kept, so completing a finding looks at few files. */
  set(file: string, facts: FileFacts): void {
    if (facts.upgradesOn.length > 0 || facts.networkdRestarts.length > 0 || facts.keepsForeignRoutes) this.facts.set(file, facts);
    else this.facts.delete(file);
  }

  delete(file: string): void {
    this.facts.delete(file);
  }

  /**
   * Findings of one file completed with the rest of the workspace: a one-shot route points at the
   * files that may restart networkd under it; a networkd drop-in written by another Ansible file
   * protects the route owners of this one (user-data files each describe their own instance).
   */
  /** Whether any of these findings can be completed by other files. */
  static completes(findings: Omit<Finding, 'subject'>[]): boolean {
    return findings.some((finding) => finding.ruleId === 'networkd-foreign-routes' || finding.ruleId === 'non-persistent-route');
  }

  complete<F extends Omit<Finding, 'subject'>>(file: string, findings: F[], format: FormatId | undefined): F[] {
    if (!WorkspaceIndex.completes(findings)) return findings;
    const others = [...this.facts].filter(([other]) => other !== file);
    const protectedElsewhere = format === 'ansible' && others.some(([, facts]) => facts.sharesHosts && facts.keepsForeignRoutes);
    return findings.flatMap((finding) => {
      if (finding.ruleId === 'networkd-foreign-routes' && protectedElsewhere) return [];
      if (finding.ruleId !== 'non-persistent-route') return [finding];
      const related: RelatedPlace[] = others
        .flatMap(([other, facts]) => [
          ...facts.upgradesOn.map((span) => ({ file: other, span, message: 'automatic upgrades turned on here restart systemd-networkd, which drops this route' })),
          ...facts.networkdRestarts.map((span) => ({ file: other, span, message: 'systemd-networkd is restarted here, which drops this route' })),
        ])
        .slice(0, MAX_RELATED);
      return related.length === 0 ? [finding] : [{ ...finding, related: [...(finding.related ?? []), ...related] }];
    });
  }
}
