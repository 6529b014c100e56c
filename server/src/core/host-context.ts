import { batching } from './batching';
import { LOCAL_HOSTS, NOT_A_FLEET } from './local-targets';
import type { ReadAs } from './model';
import type { PlayScope, ProvisioningDocument, Step } from './model';

/**
 * Where a step runs, as far as the configuration says: what kind of machine, which OS family,
 * which network manager. Rules declare where they apply (`appliesTo`); a context that is not known
 * keeps every rule on, so nothing is lost where the configuration says nothing.
 */

/** A fleet host serving traffic, a single (developer or lab) machine, the machine an image is built on, or a test harness. */
export type HostRole = 'fleet' | 'single-host' | 'image-build' | 'test-harness';
export type OsFamily = 'debian' | 'rhel' | 'alpine' | 'suse' | 'windows' | 'macos';
export type NetworkManagerKind = 'systemd-networkd' | 'NetworkManager' | 'ifupdown' | 'dhcpcd' | 'wicked';

/** A value inferred from the configuration, and what it was inferred from (shown on hover). */
export interface Inferred<T> {
  value: T;
  why: string;
}

export interface HostContext {
  role?: Inferred<HostRole>;
  os?: Inferred<OsFamily>;
  network?: Inferred<NetworkManagerKind>;
  /** Why the step reaches its hosts in batches (a play's `serial`), when it does. */
  batched?: string;
}

/** Where a rule applies: a known context outside a list turns its findings off. */
export interface AppliesTo {
  hosts?: HostRole[];
  os?: OsFamily[];
  network?: NetworkManagerKind[];
}

const ROLE_NAMES: Record<HostRole, string> = { fleet: 'fleet host', 'single-host': 'single machine', 'image-build': 'image build', 'test-harness': 'test harness' };
const OS_NAMES: Record<OsFamily, string> = { debian: 'Debian family', rhel: 'RHEL family', alpine: 'Alpine', suse: 'SUSE family', windows: 'Windows', macos: 'macOS' };

/** Folders whose files are test scaffolding (a role's `tests/`, Molecule scenarios), by project-relative path. */
const TEST_FOLDER = /(^|\/)(tests|molecule|testdata)\//;
/** Folders of developer-VM definitions (Multipass blueprints, Vagrant boxes). */
const DEV_VM_FOLDER = /(^|\/)[^/]*(multipass|vagrant)[^/]*\//i;

/** What a project-relative path says about the host: test scaffolding, a developer VM, an OS-specific task file. */
export function contextFromPath(relativePath: string): HostContext {
  const context: HostContext = {};
  const test = TEST_FOLDER.exec(relativePath);
  const devVm = DEV_VM_FOLDER.exec(relativePath);
  if (test) context.role = { value: 'test-harness', why: `it is in a ${test[2]}/ folder` };
  else if (devVm) context.role = { value: 'single-host', why: `it is in ${devVm[0].replace(/^\//, '')}, a developer VM definition` };
  const named = hostFromName(relativePath.slice(relativePath.lastIndexOf('/') + 1), 'its file name names it');
  return { ...context, ...named };
}

/** What the files that run this one say: every play that runs it rolls out in batches. */
export function contextFromReaders(readAs: ReadAs | undefined): HostContext {
  return readAs?.format === 'ansible' && readAs.batched ? { batched: 'every play that runs it rolls out in batches (serial)' } : {};
}

/**
 * Distributions task files are named for (a whole word of the name), with the network manager they run when it is not
 * networkd: the most specific name in a file name wins (`setup-debian-raspbian-buster.yml`).
 */
const DISTRIBUTIONS: { pattern: RegExp; os: OsFamily; network?: NetworkManagerKind }[] = [
  { pattern: /^(raspbian|raspberry)$/, os: 'debian', network: 'dhcpcd' },
  { pattern: /^(pve|proxmox)$/, os: 'debian', network: 'ifupdown' },
  { pattern: /^(elementary|linuxmint|pop_?os)$/, os: 'debian', network: 'NetworkManager' },
  { pattern: /^(opensuse|suse|sles)$/, os: 'suse', network: 'wicked' },
  { pattern: /^(macosx?|osx|darwin)$/, os: 'macos' },
  { pattern: /^(redhat|rhel|centos|rocky|almalinux|fedora|oraclelinux|amazon|scientific)$/, os: 'rhel' },
  { pattern: /^(alpine)$/, os: 'alpine', network: 'ifupdown' },
  { pattern: /^(windows)$/, os: 'windows' },
  { pattern: /^(debian|ubuntu)$/, os: 'debian' },
];

/** `setup-RedHat.yml`, `setup-debian-raspbian-buster.yml`: the OS a task file is for, by the convention roles include them with. */
function hostFromName(name: string, why: string): Pick<HostContext, 'os' | 'network'> {
  const words = name
    .toLowerCase()
    .replace(/\.ya?ml$/, '')
    .split(/[-_.\s]+/);
  const found = DISTRIBUTIONS.find((distribution) => words.some((word) => distribution.pattern.test(word)));
  if (!found) return {};
  return { os: { value: found.os, why }, ...(found.network ? { network: { value: found.network, why } } : {}) };
}

/** The OS family an Ansible `when:` limits a task to (`ansible_os_family == "RedHat"`, `ansible_distribution in ['Ubuntu']`). */
function osFromCondition(when: string | undefined): OsFamily | undefined {
  if (!when || /!=|\bnot\b/.test(when)) return undefined;
  const facts = /ansible(?:_facts)?(?:\[['"]|\.|_)(os_family|distribution|pkg_mgr)(?:['"]\])?\s*(==|in)\s*([^)]*)/.exec(when);
  if (!facts) return undefined;
  const names = [...facts[3].matchAll(/['"]([\w!.-]+)['"]/g)].map((name) => (facts[1] === 'pkg_mgr' ? familyOfManager(name[1]) : hostFromName(name[1], '').os?.value));
  const families = new Set(names);
  return families.size === 1 ? names[0] : undefined;
}

const MANAGER_FAMILIES: Record<string, OsFamily> = {
  apt: 'debian',
  'apt-get': 'debian',
  aptitude: 'debian',
  dpkg: 'debian',
  dpkg_selections: 'debian',
  yum: 'rhel',
  dnf: 'rhel',
  dnf5: 'rhel',
  microdnf: 'rhel',
  rpm: 'rhel',
  yum_versionlock: 'rhel',
  apk: 'alpine',
  zypper: 'suse',
};

function familyOfManager(manager: string): OsFamily | undefined {
  return MANAGER_FAMILIES[manager];
}

/** Commands only Windows runs (`.exe` programs: PowerShell itself runs on Linux too), and Ansible's Windows modules. */
const WINDOWS_PROGRAM = /^powershell\.exe$|\.exe$/i;
const WINDOWS_MODULE = /^[ \t]*(?:-[ \t]+)?(?:(?:ansible|community)\.windows\.)?win_[a-z_]+:/m;
const WINDOWS_CONNECTION = /\bansible_connection:[ \t]*['"]?(winrm|psrp)\b|^[ \t]*connection:[ \t]*['"]?(winrm|psrp)\b/m;

/** What the document's own steps say about the OS: the package manager they use (only one), or Windows tooling. */
function osFromSteps(doc: ProvisioningDocument): Inferred<OsFamily> | undefined {
  // An embedded document's text is its host's whole file: only a playbook's own text says which modules it uses.
  if (doc.format === 'ansible' && (WINDOWS_MODULE.test(doc.text) || WINDOWS_CONNECTION.test(doc.text))) {
    return { value: 'windows', why: 'it uses Ansible Windows modules or a WinRM connection' };
  }
  const families = new Map<OsFamily, string>();
  for (const step of doc.steps) {
    if (step.kind === 'package') {
      const family = familyOfManager(step.manager);
      if (family && !families.has(family)) families.set(family, `it installs with ${step.manager}`);
    } else if (step.kind === 'command') {
      const windows = step.flat.find((command) => WINDOWS_PROGRAM.test(command.programPath ?? command.program));
      if (windows && !families.has('windows')) families.set('windows', `it runs ${windows.program}`);
    } else if (step.kind === 'image' && step.repository && /(^|\/)(windows|nanoserver|servercore)/i.test(step.repository)) {
      families.set('windows', `it is built from ${step.repository}`);
    }
  }
  if (families.size !== 1) return undefined;
  const [[value, why]] = families;
  return { value, why };
}

/** What the steps say about the network manager: networkd files or netplan, or NetworkManager's own tool. */
function networkFromSteps(doc: ProvisioningDocument): Inferred<NetworkManagerKind> | undefined {
  for (const step of doc.steps) {
    if (step.kind === 'file' && ['netplan', 'networkd-conf', 'networkd-network'].includes(step.fileKind)) return { value: 'systemd-networkd', why: `it writes ${step.path}` };
    if (step.kind === 'service' && /^systemd-networkd(\.service)?$/.test(step.unit) && !['stop', 'disable', 'mask'].includes(step.action)) {
      return { value: 'systemd-networkd', why: `it ${step.action}s systemd-networkd` };
    }
  }
  const nmcli = doc.steps.some((step) => step.kind === 'command' && step.flat.some((command) => command.program === 'nmcli'));
  return nmcli ? { value: 'NetworkManager', why: 'it configures links with nmcli' } : undefined;
}

/** The last text looked at: the documents embedded in one file share its text, and ask once each. */
let amazonLinux: { text: string; names: boolean } | undefined;

/** Whether the document's text names Amazon Linux, worked out once per text (steps ask it per finding). */
function namesAmazonLinux(doc: ProvisioningDocument): boolean {
  if (amazonLinux?.text !== doc.text) amazonLinux = { text: doc.text, names: /amazon|al2023|amzn/i.test(doc.text) };
  return amazonLinux.names;
}

/** The network manager an OS family implies, when the steps do not say: RHEL-family hosts run NetworkManager. */
function networkOfFamily(doc: ProvisioningDocument, os: Inferred<OsFamily> | undefined): Inferred<NetworkManagerKind> | undefined {
  // Amazon Linux 2023 installs with dnf but runs networkd: only the RHEL distributions themselves imply NetworkManager.
  if (os?.value !== 'rhel' || namesAmazonLinux(doc)) return undefined;
  return { value: 'NetworkManager', why: `${os.why}, and RHEL-family hosts manage links with NetworkManager` };
}

/** The document's own context: what its path and the files that run it said (set on recognition), then what its steps say. */
export function inferDocumentContext(doc: ProvisioningDocument, known: HostContext = {}): HostContext {
  const os = known.os ?? osFromSteps(doc);
  const network = os?.value === 'windows' || os?.value === 'macos' ? undefined : (networkFromSteps(doc) ?? known.network);
  return { ...(known.role ? { role: known.role } : {}), ...(os ? { os } : {}), ...(network ? { network } : {}), ...(known.batched ? { batched: known.batched } : {}) };
}

/** A play aimed at one machine, its controller or containers: localhost, an address, one host of a group, a local inventory, a Vagrant box. */
export function playRole(play: PlayScope): Inferred<HostRole> {
  if (play.imageBuild) return { value: 'image-build', why: 'only a Packer build runs this playbook' };
  if (play.connection && NOT_A_FLEET.test(play.connection)) return { value: 'single-host', why: `the play's connection is ${play.connection}` };
  if (play.localInventory) return { value: 'single-host', why: `the inventory beside it (${play.localInventory}) holds only the controller or containers` };
  if (play.vagrant) return { value: 'single-host', why: `${play.vagrant} provisions it (a lab VM)` };
  if (LOCAL_HOSTS.has(play.hosts)) return { value: 'single-host', why: `the play targets ${play.hosts}` };
  if (/^[\w.-]+\[-?\d+\]$/.test(play.hosts)) return { value: 'single-host', why: `the play targets one host of a group (${play.hosts})` };
  const oneName = !/[,:*!&[\]{}\s]/.test(play.hosts) && (/^\d+\.\d+\.\d+\.\d+$/.test(play.hosts) || /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(play.hosts));
  if (oneName) return { value: 'single-host', why: `the play targets one named host (${play.hosts})` };
  return { value: 'fleet', why: `the play targets the group ${play.hosts}` };
}

/** The context of one step: its play and its task's conditions first, then its document's. */
export function stepContext(doc: ProvisioningDocument, step: Step): HostContext {
  const own = doc.context ?? {};
  const pathRole = own.role?.value === 'test-harness' ? own.role : undefined;
  const role =
    step.phase === 'image-build' ? { value: 'image-build' as const, why: 'it runs while an image is built' } : (pathRole ?? (step.play ? playRole(step.play) : own.role));
  const conditionOs = osFromCondition(step.task?.when);
  const taskFile = step.task?.file ? hostFromName(step.task.file.slice(step.task.file.lastIndexOf('/') + 1), 'its task file is named for it') : {};
  const os = conditionOs ? { value: conditionOs, why: `the task runs when ${step.task!.when}` } : (taskFile.os ?? own.os);
  const network = os?.value === 'windows' || os?.value === 'macos' ? undefined : (taskFile.network ?? own.network ?? networkOfFamily(doc, os));
  const batched = step.play ? (batching(step.play.serial).kind === 'batched' ? `the play sets serial: ${step.play.serial}` : undefined) : own.batched;
  return { ...(role ? { role } : {}), ...(os ? { os } : {}), ...(network ? { network } : {}), ...(batched ? { batched } : {}) };
}

/** Whether a rule applies in a context: every aspect that is known is one the rule lists. */
export function appliesIn(appliesTo: AppliesTo | undefined, context: HostContext): boolean {
  if (!appliesTo) return true;
  const within = <T>(listed: T[] | undefined, inferred: Inferred<T> | undefined) => !listed || !inferred || listed.includes(inferred.value);
  return within(appliesTo.hosts, context.role) && within(appliesTo.os, context.os) && within(appliesTo.network, context.network);
}

/** The context as the hover says it: `fleet host (the play targets the group web); Debian family (it installs with apt)`. */
export function describeContext(context: HostContext): string | undefined {
  const parts = [
    context.role && `${ROLE_NAMES[context.role.value]} (${context.role.why})`,
    context.os && `${OS_NAMES[context.os.value]} (${context.os.why})`,
    context.network && `${context.network.value} (${context.network.why})`,
    context.batched && `rolled out in batches (${context.batched})`,
  ].filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
