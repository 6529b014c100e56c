import { parse as parseIni } from 'ini';
import * as path from 'node:path';
import { isMap, parseDocument, type YAMLMap } from 'yaml';
import type { ReadFile } from '../../file-cache';
import { LOCAL_HOSTS, NOT_A_FLEET } from '../../local-targets';

/** Where a role's test play or a CI play keeps the inventory it runs against, beside the playbook. */
const INVENTORY_NAMES = ['inventory', 'inventory.ini', 'hosts', 'hosts.ini', 'inventory.yml', 'inventory.yaml', 'hosts.yml', 'hosts.yaml'];

interface InventoryHost {
  name: string;
  connection?: string;
}

/** Hosts of an INI inventory: the first word of each line of a host section (`[group]`, not `:vars`/`:children`). */
function iniHosts(text: string): InventoryHost[] {
  const parsed = parseIni(text) as Record<string, unknown>;
  const hostLines = (section: Record<string, unknown>) =>
    Object.entries(section).flatMap(([key, value]) => (typeof value === 'object' ? [] : [`${key}${value === true ? '' : `=${String(value)}`}`]));
  const lines = [
    ...hostLines(parsed),
    ...Object.entries(parsed).flatMap(([section, value]) =>
      typeof value === 'object' && value && !/:(vars|children)$/.test(section) ? hostLines(value as Record<string, unknown>) : [],
    ),
  ];
  return lines.map((line) => ({ name: line.split(/\s+/)[0], connection: /\bansible_connection=(\S+)/.exec(line)?.[1] }));
}

/** Hosts of a YAML inventory: every `hosts:` mapping, with its `ansible_connection`. */
function yamlHosts(text: string): InventoryHost[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return [];
  const out: InventoryHost[] = [];
  const visit = (node: unknown): void => {
    if (!isMap(node)) return;
    for (const pair of (node as YAMLMap).items) {
      const key = String((pair.key as { value?: unknown })?.value ?? '');
      if (key === 'hosts' && isMap(pair.value)) {
        for (const host of (pair.value as YAMLMap).items) {
          const vars = host.value;
          out.push({ name: String((host.key as { value?: unknown })?.value ?? ''), connection: isMap(vars) ? (vars.get('ansible_connection') as string | undefined) : undefined });
        }
      } else visit(pair.value);
    }
  };
  visit(doc.contents);
  return out;
}

/**
 * The Vagrantfile that runs a playbook with its Ansible provisioner, in the playbook's folder or
 * the two above it: the hosts are a lab VM on a laptop, not a fleet.
 */
export function vagrantProvisioner(playbook: string, readFile: ReadFile): string | undefined {
  let dir = path.dirname(playbook);
  for (let level = 0; level < 3; level++) {
    const text = readFile(path.join(dir, 'Vagrantfile'));
    if (text !== undefined && /\.provision\b[^\n]*["']ansible(_local)?["']/.test(text) && text.includes(path.basename(playbook))) {
      return level === 0 ? 'the Vagrantfile beside it' : `the Vagrantfile ${level} folder${level === 1 ? '' : 's'} up`;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

/**
 * The inventory beside a playbook, when every host in it is the controller or a container (a
 * role's `tests/inventory` of `localhost`, a CI inventory of docker hosts): the plays there are
 * test scaffolding, not a rollout to a fleet. Undefined when there is no such inventory.
 */
export function localInventory(playbook: string, readFile: ReadFile): string | undefined {
  const dir = path.dirname(playbook);
  for (const name of INVENTORY_NAMES) {
    const file = path.join(dir, name);
    const text = readFile(file);
    if (text === undefined) continue;
    const hosts = /\.ya?ml$/.test(name) ? yamlHosts(text) : iniHosts(text);
    const local = hosts.length > 0 && hosts.every((host) => LOCAL_HOSTS.has(host.name) || (host.connection !== undefined && NOT_A_FLEET.test(host.connection)));
    return local ? name : undefined;
  }
  return undefined;
}
