import type { Finding } from '../../finding';
import type { Fix } from '../../fixes/types';
import type { PackageStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { isKept, keptPackagesOf } from '../packages-kept';
import { defineRule } from '../rule-code';
import { SAME_HOSTS } from '../facts';

/** The Kubernetes node packages, with a yum version suffix (`kubelet-1.28.2`) when written so. */
const KUBE_PACKAGE = /^(kubelet|kubeadm|kubectl)(-\d.*)?$/;

function kubeName(name: string): string | undefined {
  return KUBE_PACKAGE.exec(name)?.[1];
}


/** `--disableexcludes=kubernetes` (or Ansible's `disable_excludes`): the repository excludes them, this install alone lifts it. */
function liftsExcludes(doc: ProvisioningDocument, step: PackageStep): boolean {
  // The task, or the command: a shell document's statement can be the whole file.
  const at = step.task?.span ?? step.span;
  return /disable_?excludes/.test(doc.text.slice(at.start, at.end));
}

/** Whether the document keeps any Kubernetes package from moving (what it tells other files of the same hosts). */
function holdsKubePackages(doc: ProvisioningDocument): boolean {
  const kept = keptPackagesOf(doc);
  return ['kubelet', 'kubeadm', 'kubectl'].some((name) => isKept(name, kept));
}

function check(doc: ProvisioningDocument): Match[] {
  const kept = keptPackagesOf(doc);
  return doc.steps.flatMap((step) => {
    if (step.kind !== 'package' || step.action !== 'install' || step.phase === 'build') return [];
    const loose = step.packages.filter((pkg) => {
      const name = kubeName(pkg.name);
      return name !== undefined && !isKept(name, kept);
    });
    if (loose.length === 0 || liftsExcludes(doc, step)) return [];
    const names = [...new Set(loose.map((pkg) => kubeName(pkg.name)!))];
    return [
      {
        span: loose[0].span,
        subject: { step },
        values: { packages: names.map((name) => `\`${name}\``).join(', '), them: names.length === 1 ? 'it' : 'them' },
      },
    ];
  });
}

/**
 * `&& apt-mark hold …` after an apt install written as a shell line that ends there (not in a
 * pipeline, where it would hold before the install finished feeding the next command).
 */
function holdKubePackages(doc: ProvisioningDocument, finding: Finding): Fix | { withheld: string } | undefined {
  const { step } = finding.subject;
  if (step.kind !== 'package') return undefined;
  if (step.task) return { withheld: 'add an `ansible.builtin.dpkg_selections` task with `selection: hold` for each package after this one' };
  // A package step read from a shell command has the command's span.
  const simple = doc.steps.flatMap((other) => (other.kind === 'command' ? other.flat : [])).find((command) => command.span.start === step.span.start && command.span.end === step.span.end);
  if (!simple || !['apt-get', 'apt'].includes(simple.program) || simple.pipeline) return undefined;
  const after = doc.text.slice(simple.span.end, simple.span.end + 1);
  if (after !== '' && !/^[\n\r;"']$/.test(after)) return undefined;
  const names = step.packages.map((pkg) => kubeName(pkg.name)).filter((name): name is string => name !== undefined);
  return { title: `Hold ${names.join(', ')} after installing`, edits: [{ span: { start: simple.span.end, end: simple.span.end }, newText: ` && apt-mark hold ${[...new Set(names)].join(' ')}` }] };
}

const KUBE_PACKAGES_HELD = 'kube-packages-held';

export default defineRule({
  placeholders: ['packages', 'them'],
  check,
  fixes: { 'hold-kube-packages': { provide: holdKubePackages } },
  crossFile: {
    publish: (doc) => (holdsKubePackages(doc) ? [{ name: KUBE_PACKAGES_HELD, note: 'holds Kubernetes packages' }] : []),
    // A role installs in one task file and holds in another (or a sysprep role holds every package): Ansible files configure the same hosts.
    complete: (findings, format, others) => (format === 'ansible' && others.named(KUBE_PACKAGES_HELD, 1, (fact) => SAME_HOSTS.has(fact.format)).length > 0 ? [] : findings),
  },
});
