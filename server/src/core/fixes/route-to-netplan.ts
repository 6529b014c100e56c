import type { ProvisioningDocument } from '../model';
import { ADD_WORDS, netplanDefinitionsFor, staticRoute, type NetplanDefinition, type StaticRoute } from '../static-routes';
import type { Finding } from '../finding';
import { appendWriteFile } from './text-edits';
import type { Fix, TextEdit } from './types';

/** Where a route command is a whole statement the fix can keep as `ip route replace`: a runcmd/bootcmd item, or a start command of a unit written by write_files. */
const FIXABLE_ORIGIN = /^(runcmd|bootcmd)\[|^write_files\[\d+\] \S+\.service ExecStart(Pre|Post)?$/;

/** Route commands that are a whole runcmd/bootcmd item or unit command line. */
function fixableRoutes(doc: ProvisioningDocument): StaticRoute[] {
  return doc.steps.flatMap((step) => {
    if (step.kind !== 'command' || step.commands.length !== 1 || step.flat.length !== 1) return [];
    if (!FIXABLE_ORIGIN.test(step.origin)) return [];
    const route = staticRoute(step, step.commands[0]);
    return route ? [route] : [];
  });
}

function netplanLines(definition: NetplanDefinition, routes: StaticRoute[]): string[] {
  const lines = ['network:', '  version: 2', `  ${definition.kind}:`, `    ${definition.id}:`, '      routes:'];
  for (const route of routes) {
    lines.push(`        - to: ${route.to}`);
    if (route.via) lines.push(`          via: ${route.via}`);
    if (route.metric) lines.push(`          metric: ${route.metric}`);
    if (route.table) lines.push(`          table: ${route.table}`);
  }
  return lines;
}

/** How cloud-init names a NIC it configures (its netplan id is the interface name): en*, eth*, em*. */
const CLOUD_INIT_NIC = /^(en|eth|em)[a-z0-9]+$/;

/**
 * The netplan definition the routes join: of the definitions for the link — those the document
 * writes and, for a NIC, the one cloud-init renders in 50-cloud-init.yaml under the interface name —
 * the one networkd uses. Each id becomes `10-netplan-<id>.network` and networkd takes the first
 * matching file by name (systemd.network(5)); netplan concatenates one id's route lists across files
 * (netplan-generate(8)), so the routes add to that definition. A new id would make another `.network`
 * file for the link: ignored, or shadowing its DHCP configuration.
 */
function definitionToJoin(doc: ProvisioningDocument, dev: string): NetplanDefinition | { withheld: string } {
  const written = netplanDefinitionsFor(doc, dev);
  const candidates = CLOUD_INIT_NIC.test(dev) && !written.some((definition) => definition.id === dev) ? [...written, { id: dev, kind: 'ethernets' }] : written;
  const networkFile = (definition: NetplanDefinition) => `10-netplan-${definition.id}.network`;
  const [used] = candidates.sort((a, b) => (networkFile(a) < networkFile(b) ? -1 : 1));
  return used ?? { withheld: `${dev} is not an Ethernet NIC that cloud-init names, and no netplan definition for it is written here; declare the routes where ${dev} is defined` };
}

/**
 * Declares every static route for the finding's interface in one netplan file, where networkd
 * re-applies them on every restart, reconfigure and boot. The boot commands stay, as `ip route
 * replace`: netplan files written by write_files are read only at the next boot or apply, and
 * `replace` is a no-op once netplan has put the route there. All routes of that interface go into
 * one file, which adds them to the interface's existing netplan definition (see `definitionToJoin`).
 */
export function routeToNetplan(doc: ProvisioningDocument, finding: Finding): Fix | { withheld: string } | undefined {
  if (finding.subject.step.kind !== 'command' || !finding.subject.command) return undefined;
  const target = staticRoute(finding.subject.step, finding.subject.command);
  if (!target) return undefined;
  if (doc.format !== 'cloud-init') {
    // A unit, or a script a unit runs, cannot say which netplan or `.network` file configures the link: no file is written for it.
    const runOnItsOwn = doc.format === 'systemd-unit' || doc.format === 'installed-file' || finding.subject.step.lifecycle !== undefined;
    return runOnItsOwn
      ? {
          withheld: `this file does not say which netplan or .network file configures ${target.dev}; add the route there (a [Route] section with Destination=${target.to}), where networkd re-applies it`,
        }
      : undefined;
  }
  const routes = fixableRoutes(doc).filter((route) => route.dev === target.dev);
  if (!routes.some((route) => route.step === finding.subject.step)) return undefined;
  const definition = definitionToJoin(doc, target.dev);
  if ('withheld' in definition) return definition;
  const edits: TextEdit[] = [];
  for (const route of routes) {
    const verb = route.step.commands[0].args.find((arg) => ADD_WORDS.has(arg.value));
    if (!verb || doc.text.slice(verb.span.start, verb.span.end) !== verb.value) return undefined;
    if (verb.value !== 'replace') edits.push({ span: verb.span, newText: 'replace' });
  }
  const write = appendWriteFile(doc.text, { path: `/etc/netplan/60-static-routes-${target.dev}.yaml`, permissions: '0600', content: netplanLines(definition, routes) });
  if (!write) return undefined;
  edits.push(write);
  return {
    title: `Declare the ${routes.length === 1 ? 'route' : `${routes.length} routes`} for ${target.dev} in netplan (the boot command stays as \`ip route replace\` for this boot)`,
    edits,
    removes: routes.map((route) => route.step.span),
  };
}
