import type { ProvisioningDocument } from '../model';
import { ADD_WORDS, staticRoute, type StaticRoute } from '../static-routes';
import type { Finding } from '../finding';
import { appendWriteFile } from './text-edits';
import type { Fix, TextEdit } from './types';

/** Route commands that are a whole runcmd/bootcmd item. */
function fixableRoutes(doc: ProvisioningDocument): StaticRoute[] {
  return doc.steps.flatMap((step) => {
    if (step.kind !== 'command' || step.commands.length !== 1 || step.flat.length !== 1) return [];
    if (!/^(runcmd|bootcmd)\[/.test(step.origin)) return [];
    const route = staticRoute(step, step.commands[0]);
    return route ? [route] : [];
  });
}

function netplanLines(dev: string, routes: StaticRoute[]): string[] {
  const lines = ['network:', '  version: 2', '  ethernets:', `    ${dev}:`, '      routes:'];
  for (const route of routes) {
    lines.push(`        - to: ${route.to}`);
    if (route.via) lines.push(`          via: ${route.via}`);
    if (route.metric) lines.push(`          metric: ${route.metric}`);
    if (route.table) lines.push(`          table: ${route.table}`);
  }
  return lines;
}

/**
 * Declares every static route for the finding's interface in one netplan file, where networkd
 * re-applies them on every restart, reconfigure and boot. The boot commands stay, as `ip route
 * replace`: netplan files written by write_files are read only at the next boot or apply, and
 * `replace` is a no-op once netplan has put the route there. All routes of that interface go into
 * one file because netplan does not merge one interface's route lists across files.
 */
export function routeToNetplan(doc: ProvisioningDocument, finding: Finding): Fix | undefined {
  if (doc.format !== 'cloud-init' || finding.subject.step.kind !== 'command' || !finding.subject.command) return undefined;
  const target = staticRoute(finding.subject.step, finding.subject.command);
  if (!target) return undefined;
  const routes = fixableRoutes(doc).filter((route) => route.dev === target.dev);
  if (!routes.some((route) => route.step === finding.subject.step)) return undefined;
  const edits: TextEdit[] = [];
  for (const route of routes) {
    const verb = route.step.commands[0].args.find((arg) => ADD_WORDS.has(arg.value));
    if (!verb || doc.text.slice(verb.span.start, verb.span.end) !== verb.value) return undefined;
    if (verb.value !== 'replace') edits.push({ span: verb.span, newText: 'replace' });
  }
  const write = appendWriteFile(doc.text, { path: `/etc/netplan/60-static-routes-${target.dev}.yaml`, permissions: '0600', content: netplanLines(target.dev, routes) });
  if (!write) return undefined;
  edits.push(write);
  return {
    title: `Declare the ${routes.length === 1 ? 'route' : `${routes.length} routes`} for ${target.dev} in netplan (the boot command stays as \`ip route replace\` for this boot)`,
    edits,
    removes: routes.map((route) => route.step.span),
  };
}
