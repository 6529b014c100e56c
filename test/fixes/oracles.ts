import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { isMap, isSeq, parseDocument } from 'yaml';

/** What a consuming tool said about a file: accepted or not, and its words. */
export interface Verdict {
  accepted: boolean;
  tool: string;
  detail: string;
}

function run(tool: string, command: string, args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Verdict {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000, ...options });
  const detail = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  return { accepted: result.status === 0, tool, detail };
}

/** Renders a Jinja template with every variable undefined but printable, as a stand-in for cloud-init's instance data. */
const RENDER = `
import sys, jinja2
class Lenient(jinja2.Undefined):
    def __getattr__(self, name): return Lenient()
    def __getitem__(self, name): return Lenient()
    def __str__(self): return 'x'
    def __iter__(self): return iter([])
    def __bool__(self): return True
env = jinja2.Environment(undefined=Lenient)
sys.stdout.write(env.from_string(sys.stdin.read()).render())
`;

function renderJinja(text: string): { text?: string; verdict: Verdict } {
  const result = spawnSync('python3', ['-c', RENDER], { input: text, encoding: 'utf8' });
  return { text: result.status === 0 ? result.stdout : undefined, verdict: { accepted: result.status === 0, tool: 'jinja2', detail: result.stderr.trim() } };
}

/** The files a cloud-config's write_files would write, as (path, content) for plain-text entries. */
function writtenFiles(text: string): { path: string; content: string }[] {
  const doc = parseDocument(text, { uniqueKeys: false });
  const writeFiles = isMap(doc.contents) ? doc.contents.get('write_files') : undefined;
  if (!isSeq(writeFiles)) return [];
  return writeFiles.items.flatMap((item) => {
    if (!isMap(item)) return [];
    const file = item.get('path');
    const content = item.get('content');
    const encoding = item.get('encoding');
    return typeof file === 'string' && typeof content === 'string' && encoding === undefined ? [{ path: file, content }] : [];
  });
}

/** The interpreter cloud-init runs with (its script's first line), so that cloud-init's own modules can be imported. */
function cloudInitPython(): string {
  const which = spawnSync('sh', ['-c', 'command -v cloud-init'], { encoding: 'utf8' });
  const script = which.stdout.trim();
  const shebang = script ? /^#!\s*(\S+)/.exec(readFileSync(script, 'utf8'))?.[1] : undefined;
  return shebang ?? 'python3';
}

const RENDER_CLOUD_INIT_NETPLAN = `
import json, sys, tempfile, os
from cloudinit.net import netplan, network_state
target = tempfile.mkdtemp()
state = network_state.parse_net_config_data(json.loads(sys.argv[1]))
netplan.Renderer({"netplan_path": "etc/netplan/50-cloud-init.yaml", "postcmds": False}).render_network_state(state, target=target)
sys.stdout.write(open(os.path.join(target, "etc/netplan/50-cloud-init.yaml")).read())
`;

/** A route a datasource gave cloud-init for every NIC: it must survive whatever a fix adds. */
export const CLOUD_INIT_ROUTE = '192.0.2.0/24';

/**
 * The 50-cloud-init.yaml that cloud-init's own netplan renderer writes on a host with these NICs:
 * DHCP on each, matched by MAC and named by `set-name` (its fallback configuration), plus a route.
 */
function cloudInitNetplan(nics: string[]): string {
  const ethernets = Object.fromEntries(
    nics.map((nic, i) => [
      nic,
      { dhcp4: true, 'set-name': nic, match: { macaddress: `02:00:00:00:00:${(i + 1).toString(16).padStart(2, '0')}` }, routes: [{ to: CLOUD_INIT_ROUTE, via: '10.0.0.1' }] },
    ]),
  );
  const result = spawnSync(cloudInitPython(), ['-c', RENDER_CLOUD_INIT_NETPLAN, JSON.stringify({ version: 2, ethernets })], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`cloud-init could not render its netplan file: ${result.stderr}`);
  return result.stdout;
}

/** The Ethernet NICs a document's route commands name (`dev eth0`): the links cloud-init configures on that host. */
export function nicsNamedByRoutes(text: string): string[] {
  const nics = [...text.matchAll(/\bip\b[^\n]*\broute\b[^\n]*\bdev\s+((?:en|eth|em)[a-z0-9]+)\b/g)].map((match) => match[1]);
  return [...new Set(nics)];
}

/** The networkd `.network` files netplan generated, by name, in the order networkd consults them. */
export type NetworkFiles = [name: string, content: string][];

/**
 * netplan generate over what the host has (cloud-init's file for `nics`) and the netplan files a
 * cloud-config writes; undefined when there is nothing to generate from.
 */
function netplan(files: { path: string; content: string }[], nics: string[]): { verdict: Verdict; network: NetworkFiles } | undefined {
  const plans = files.filter((file) => /^\/etc\/netplan\/[^/]+\.ya?ml$/.test(file.path));
  if (plans.length === 0 && nics.length === 0) return undefined;
  if (nics.length > 0) plans.unshift({ path: '/etc/netplan/50-cloud-init.yaml', content: cloudInitNetplan(nics) });
  const root = mkdtempSync(path.join(tmpdir(), 'hindsight-netplan-'));
  try {
    for (const plan of plans) {
      const target = path.join(root, plan.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, plan.content);
      chmodSync(target, 0o600);
    }
    const verdict = run('netplan generate', 'netplan', ['generate', '--root-dir', root]);
    const dir = path.join(root, 'run/systemd/network');
    let names: string[] = [];
    try {
      names = readdirSync(dir)
        .filter((name) => name.endsWith('.network'))
        .sort();
    } catch {
      names = [];
    }
    return { verdict, network: names.map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(
    `^${glob
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/** The `.network` files whose [Match] takes this NIC (by `Name=` or the MAC cloud-init gave it); networkd uses the first. */
export function networkFilesFor(network: NetworkFiles, nic: string, nics: string[]): NetworkFiles {
  const mac = `02:00:00:00:00:${(nics.indexOf(nic) + 1).toString(16).padStart(2, '0')}`;
  return network.filter(([, content]) => {
    const names = [...content.matchAll(/^Name=(.+)$/gm)].flatMap((match) => match[1].split(/\s+/));
    return names.some((name) => globToRegExp(name).test(nic)) || content.includes(`MACAddress=${mac}`);
  });
}

/** apt-config dump over the apt.conf.d files a cloud-config writes: the effective value of each key. */
function aptConfig(files: { path: string; content: string }[]): { verdict: Verdict; dump: string } | undefined {
  const confs = files.filter((file) => /^\/etc\/apt\/apt\.conf\.d\/[^/]+$/.test(file.path));
  if (confs.length === 0) return undefined;
  const root = mkdtempSync(path.join(tmpdir(), 'hindsight-apt-'));
  try {
    mkdirSync(path.join(root, 'etc/apt/apt.conf.d'), { recursive: true });
    for (const conf of confs) writeFileSync(path.join(root, conf.path), conf.content);
    // apt reads APT_CONFIG before its parts folder, so that is where the folder is moved.
    writeFileSync(path.join(root, 'apt.conf'), `Dir::Etc "${path.join(root, 'etc/apt')}";\nDir::Etc::main "/dev/null";\n`);
    const verdict = run('apt-config dump', 'apt-config', ['dump'], { env: { ...process.env, APT_CONFIG: path.join(root, 'apt.conf') } });
    return { verdict, dump: verdict.detail };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * systemd-analyze verify over service units: it exits 0 on unknown keys and bad lines and only
 * warns, so any warning naming one of the units is a rejection.
 */
function verifyUnits(units: { path: string; content: string }[]): Verdict | undefined {
  if (units.length === 0) return undefined;
  const root = mkdtempSync(path.join(tmpdir(), 'hindsight-units-'));
  try {
    const files = units.map((unit) => {
      const file = path.join(root, path.basename(unit.path));
      writeFileSync(file, unit.content);
      return file;
    });
    const verdict = run('systemd-analyze verify', 'systemd-analyze', ['verify', ...files]);
    return { ...verdict, accepted: verdict.accepted && !verdict.detail.includes(root) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const SERVICE_PATH = /^\/etc\/systemd\/system\/[^/]+\.service$/;

/** The consuming tools' verdicts on a file, by the format Hindsight read it as. */
export function judge(format: string, fileName: string, text: string, workdir: string, nics: string[] = []): Verdict[] {
  const file = path.join(workdir, path.basename(fileName));
  if (format === 'cloud-init') {
    const templated = /^##\s*template:\s*jinja/i.test(text);
    const rendered = templated ? renderJinja(text) : { text, verdict: undefined };
    if (rendered.text === undefined) return [rendered.verdict!];
    writeFileSync(file, rendered.text);
    const verdicts = [...(rendered.verdict ? [rendered.verdict] : []), run('cloud-init schema', 'cloud-init', ['schema', '--config-file', file])];
    const files = writtenFiles(rendered.text);
    const plans = netplan(files, nics);
    const apt = aptConfig(files);
    const units = verifyUnits(files.filter((written) => SERVICE_PATH.test(written.path)));
    return [...verdicts, ...(plans ? [plans.verdict] : []), ...(apt ? [apt.verdict] : []), ...(units ? [units] : [])];
  }
  if (format === 'systemd-unit') return [verifyUnits([{ path: fileName, content: text }])!];
  if (format === 'user-data-script') return [run('bash -n', 'bash', ['-n'], { input: text })];
  if (format === 'dockerfile') {
    const errors = validate(text).filter((diagnostic) => diagnostic.severity === 1);
    return [{ accepted: errors.length === 0, tool: 'dockerfile-utils', detail: errors.map((error) => error.message).join('; ') }];
  }
  if (format === 'ansible') {
    const playbook = /^\s*-\s+(hosts|import_playbook)\s*:/m.test(text);
    writeFileSync(file, text);
    const target = playbook ? file : path.join(workdir, 'wrapper-playbook.yml');
    if (!playbook) writeFileSync(target, `- hosts: all\n  gather_facts: false\n  tasks:\n    - ansible.builtin.import_tasks: ${path.basename(file)}\n`);
    return [
      run('ansible-playbook --syntax-check', 'ansible-playbook', ['--syntax-check', '-i', 'localhost,', target], { cwd: workdir, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } }),
    ];
  }
  if (fileName.endsWith('.j2')) return [renderJinja(text).verdict];
  return [];
}

/**
 * What a host provisioned by this cloud-config ends up with, for the route and periodic-off fixes
 * to be judged on their effect and not only accepted: the `.network` files networkd would use
 * (on a host with `nics`) and apt's effective configuration.
 */
export function effects(text: string, nics: string[]): { network?: NetworkFiles; apt?: string } {
  const files = writtenFiles(text);
  return { network: netplan(files, nics)?.network, apt: aptConfig(files)?.dump };
}

/**
 * What a route fix must leave on a host with `nics`, judged on the networkd files netplan generated
 * before and after: no second definition for a link (networkd would use only one), DHCP and
 * cloud-init's own route still on each link, and every route the fix declares on the link it names.
 */
export function routeEffectProblems(before: string, after: string, nics: string[]): string[] {
  const now = effects(after, nics).network;
  if (!now) return [];
  const was = effects(before, nics).network ?? [];
  const problems: string[] = [];
  for (const nic of nics) {
    const [oldFiles, newFiles] = [networkFilesFor(was, nic, nics), networkFilesFor(now, nic, nics)];
    if (newFiles.length > oldFiles.length) problems.push(`${nic} is now matched by ${newFiles.map(([name]) => name).join(' and ')}; networkd uses only the first`);
    const [oldUsed, used] = [oldFiles[0]?.[1] ?? '', newFiles[0]?.[1] ?? ''];
    if (oldUsed.includes('DHCP=ipv4') && !used.includes('DHCP=ipv4')) problems.push(`${nic} no longer gets DHCP`);
    if (oldUsed.includes(`Destination=${CLOUD_INIT_ROUTE}`) && !used.includes(`Destination=${CLOUD_INIT_ROUTE}`)) problems.push(`${nic} lost the route cloud-init configured`);
  }
  const declared = new Set([...after.matchAll(/^\s+- to: (\S+)$/gm)].map((match) => match[1]));
  for (const to of declared) {
    const dev = new RegExp(`\\bip\\b[^\\n]*\\broute\\b[^\\n]*\\s${to.replace(/[./]/g, '\\$&')}\\s[^\\n]*\\bdev\\s+(\\S+)`).exec(after)?.[1];
    const files = dev && nics.includes(dev) ? networkFilesFor(now, dev, nics).slice(0, 1) : now;
    if (!files.some(([, content]) => content.includes(`Destination=${to}`))) problems.push(`networkd does not get the route to ${to}${dev ? ` on ${dev}` : ''}`);
  }
  return problems;
}
