import { allowSshFirst } from '../../fixes/command-rewrites';
import type { FirewallStep, ProvisioningDocument } from '../../model';
import type { Match } from '../matchers';
import { defineRule } from '../rule-code';

/** ufw, iptables and firewalld keep separate rule sets: an allow only counts for its own tool. */
function family(tool: string): string {
  return tool === 'ip6tables' ? 'iptables' : tool;
}

function before(a: FirewallStep, b: FirewallStep): boolean {
  return a.order < b.order || (a.order === b.order && a.span.start < b.span.start);
}

/**
 * A default-deny firewall switched on with no SSH allow rule of the same tool earlier in execution
 * order, in this file or in a file it imports before that point.
 */
function firewallBeforeSshAllow(doc: ProvisioningDocument): Match[] {
  const steps = doc.steps.filter((step): step is FirewallStep => step.kind === 'firewall');
  const closes = steps.some((step) => step.action === 'enable' || step.action === 'default-deny');
  const importedAllows = closes ? (doc.imported?.() ?? []).filter((step): step is FirewallStep => step.kind === 'firewall' && step.action === 'allow-ssh') : [];
  const out: Match[] = [];
  for (const step of steps) {
    if (step.action !== 'enable' && step.action !== 'default-deny') continue;
    const allows = steps.filter((other) => other.action === 'allow-ssh' && family(other.tool) === family(step.tool));
    if (allows.some((allow) => before(allow, step))) continue;
    if (importedAllows.some((allow) => family(allow.tool) === family(step.tool) && allow.order < step.order)) continue;
    const later = allows.find((allow) => before(step, allow));
    // An image build ships only the final rules, and the build's own SSH session is established before the firewall closes.
    if (later && step.phase === 'image-build') continue;
    out.push({
      span: step.span,
      subject: { step },
      values: { detail: later ? 'SSH is allowed only afterwards' : 'SSH is never allowed' },
      related: later ? [{ span: later.span, message: 'SSH is allowed here, after the firewall is already closed' }] : undefined,
    });
  }
  return out;
}

export default defineRule({
  placeholders: ['detail'],
  check: firewallBeforeSshAllow,
  fixes: { 'allow-ssh-first': { structural: true, provide: allowSshFirst } },
});
