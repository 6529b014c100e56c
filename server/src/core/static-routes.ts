import type { CommandStep, ConfigEntry, ProvisioningDocument, SimpleCommand, Step } from './model';

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

/** netplan's `match: name:` is a shell glob (`*`, `?`, `[…]`). */
function globMatches(pattern: string, name: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
    .replace(/\[!/g, '[^');
  try {
    return new RegExp(`^${source}$`).test(name);
  } catch {
    return false;
  }
}

export interface NetplanDefinition {
  id: string;
  kind: string;
}

/** The settings of the netplan files a document writes, gathered once per document. */
const netplanEntriesOf = new WeakMap<ProvisioningDocument, ConfigEntry[]>();

function netplanEntries(doc: ProvisioningDocument): ConfigEntry[] {
  let entries = netplanEntriesOf.get(doc);
  if (!entries) {
    entries = doc.steps.flatMap((step) => (step.kind === 'file' && step.fileKind === 'netplan' ? step.entries : []));
    netplanEntriesOf.set(doc, entries);
  }
  return entries;
}

/** The netplan definitions the document writes that apply to interface `dev`: by id, `set-name` or `match: name:`. */
export function netplanDefinitionsFor(doc: ProvisioningDocument, dev: string): NetplanDefinition[] {
  const entries = netplanEntries(doc);
  const kinds = new Map(entries.filter((entry) => entry.key === 'kind').map((entry) => [entry.section!, entry.value]));
  const found = new Map<string, string>();
  for (const entry of entries) {
    const id = entry.section!;
    const applies = (entry.key === 'kind' && id === dev) || (entry.key === 'set-name' && entry.value === dev) || (entry.key === 'match-name' && globMatches(entry.value, dev));
    if (applies) found.set(id, kinds.get(id) ?? 'ethernets');
  }
  return [...found].map(([id, kind]) => ({ id, kind }));
}

/** The `.network` files a document writes: the link names each matches and the route destinations it declares, gathered once per document. */
const networkFilesOf = new WeakMap<ProvisioningDocument, { names: string[]; destinations: Set<string> }[]>();

function networkFiles(doc: ProvisioningDocument): { names: string[]; destinations: Set<string> }[] {
  let files = networkFilesOf.get(doc);
  if (!files) {
    files = doc.steps.flatMap((step) =>
      step.kind === 'file' && step.fileKind === 'networkd-network'
        ? [
            {
              names: step.entries.filter((entry) => entry.section === 'Match' && entry.key === 'Name').flatMap((entry) => entry.value.split(/\s+/)),
              destinations: new Set(step.entries.filter((entry) => entry.section === 'Route' && entry.key === 'Destination').map((entry) => entry.value)),
            },
          ]
        : [],
    );
    networkFilesOf.set(doc, files);
  }
  return files;
}

/** Whether a `.network` file the document writes has a `[Route]` to `to` for a link named `dev` (its `[Match] Name=` globs, if any). */
function declaredInNetworkFile(doc: ProvisioningDocument, dev: string, to: string): boolean {
  return networkFiles(doc).some((file) => file.destinations.has(to) && (file.names.length === 0 || file.names.some((name) => globMatches(name, dev))));
}

/** Whether a route command declares a route the document also writes into netplan or a `.network` file for the same interface. */
export function declaredForNetworkd(doc: ProvisioningDocument, step: Step, command: SimpleCommand): boolean {
  const route = step.kind === 'command' ? staticRoute(step, command) : undefined;
  if (!route) return false;
  const ids = new Set([route.dev, ...netplanDefinitionsFor(doc, route.dev).map((definition) => definition.id)]);
  return netplanEntries(doc).some((entry) => ids.has(entry.section!) && entry.key === 'route' && entry.value === route.to) || declaredInNetworkFile(doc, route.dev, route.to);
}
