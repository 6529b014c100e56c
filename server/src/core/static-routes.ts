import type { CommandStep, ProvisioningDocument, SimpleCommand, Step } from './model';

/** A static route as `ip route add` writes it: what netplan can declare, and what a route rule asks about. */
export interface StaticRoute {
  to: string;
  via?: string;
  metric?: string;
  table?: string;
  dev: string;
  step: CommandStep;
}

const ROUTE_WORDS = new Set(['route', 'r', 'ro', 'rou', 'rout']);
export const ADD_WORDS = new Set(['add', 'a', 'replace', 'append']);
const KEYWORDS = new Set(['via', 'dev', 'metric', 'table', 'proto', 'scope', 'src', 'onlink', 'mtu', 'type']);

/** `ip route add <to> [via <gw>] dev <dev> [metric N] [table N]`, nothing else: those map to netplan. */
export function staticRoute(step: CommandStep, command: SimpleCommand): StaticRoute | undefined {
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
