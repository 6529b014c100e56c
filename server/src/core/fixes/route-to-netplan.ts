import type { CommandStep, ProvisioningDocument, SimpleCommand, Step } from '../model';
import type { Finding } from '../finding';
import { appendWriteFile } from './text-edits';
import type { Fix, TextEdit } from './types';

interface StaticRoute {
  to: string;
  via?: string;
  metric?: string;
  table?: string;
  dev: string;
  step: CommandStep;
}

const ROUTE_WORDS = new Set(['route', 'r', 'ro', 'rou', 'rout']);
const ADD_WORDS = new Set(['add', 'a', 'replace', 'append']);
const KEYWORDS = new Set(['via', 'dev', 'metric', 'table', 'proto', 'scope', 'src', 'onlink', 'mtu', 'type']);

/** `ip route add <to> [via <gw>] dev <dev> [metric N] [table N]`, nothing else: those map to netplan. */
function staticRoute(step: CommandStep, command: SimpleCommand): StaticRoute | undefined {
  if (command.program !== 'ip') return undefined;
  const words = command.args.map((arg) => arg.value);
  if (words.some((word) => word.startsWith('-') && word !== '-4')) return undefined;
  const operands = words.filter((word) => word !== '-4');
  if (!ROUTE_WORDS.has(operands[0]) || !ADD_WORDS.has(operands[1])) return undefined;
  const rest = operands.slice(2);
  const to = rest[0] === 'to' ? rest[1] : rest[0];
  if (!to || KEYWORDS.has(to) || to.includes('$') || to.includes('_')) return undefined;
  const options: Record<string, string> = {};
  for (let i = rest[0] === 'to' ? 2 : 1; i < rest.length; i += 2) {
    if (!['via', 'dev', 'metric', 'table'].includes(rest[i]) || rest[i + 1] === undefined) return undefined;
    options[rest[i]] = rest[i + 1];
  }
  if (!options.dev || /[$_{}]/.test(Object.values(options).join(''))) return undefined;
  return { to, via: options.via, metric: options.metric, table: options.table, dev: options.dev, step };
}

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

/** Whether a route command declares a route the document also writes into netplan for the same interface. */
export function declaredInNetplan(doc: ProvisioningDocument, step: Step, command: SimpleCommand): boolean {
  const route = step.kind === 'command' ? staticRoute(step, command) : undefined;
  return (
    route !== undefined &&
    doc.steps.some(
      (file) =>
        file.kind === 'file' && file.fileKind === 'netplan' && file.entries.some((entry) => entry.section === route.dev && entry.key === 'route' && entry.value === route.to),
    )
  );
}
