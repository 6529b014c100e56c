import type { FirewallAction, HandedFile, PackageRef, Phase, PlayScope, ServiceAction, Span, Step, TaskInfo } from '../../model';
import { commandFromArgv, parseScript } from '../../shell/commands';
import { MappedText } from '../../text/mapped-text';
import { commandSteps } from '../command-steps';
import type { ParseProblem } from '../../model';
import type { ParseContext } from '../../formats/format';
import { phaseLifecycle } from '../../lifecycle';
import { fileKindOf, installedPath } from '../file-kinds';
import { fileWriteSteps } from '../file-write';
import { REBOOT_CRON } from '../hook-lines';
import { isFalse, isTrue, type ArgValue, type ModuleArgs } from './module-args';

export interface ModuleContext {
  phase: Phase;
  order: number;
  origin: string;
  task: TaskInfo;
  play?: PlayScope;
  /** Items of the task's `loop`/`with_items`, for `name: "{{ item }}"`. */
  loopItems?: ArgValue[];
  /** The repository file a `src` names (in the role's `files/` or `templates/`, or beside the task file), when it exists. */
  findSource: (src: string, kind: 'files' | 'templates') => string | undefined;
  readFile: (file: string) => string | undefined;
  /** A repository file the task hands to the host to run (`script:`). */
  handOver: (handed: HandedFile) => void;
  problems: ParseProblem[];
  embed: ParseContext['embed'];
}

const PACKAGE_MODULES = new Set(['apt', 'package', 'dnf', 'yum', 'dnf5', 'zypper', 'apk', 'snap']);
const SERVICE_MODULES = new Set(['systemd', 'systemd_service', 'service', 'sysvinit']);
const SERVICE_STATES = new Map<string, ServiceAction>([
  ['started', 'start'],
  ['stopped', 'stop'],
  ['restarted', 'restart'],
  ['reloaded', 'reload'],
]);
const SSH_PORT = /^(22|ssh)(\/tcp)?$/i;

function base(ctx: ModuleContext, span: Span) {
  return { phase: ctx.phase, order: ctx.order, origin: ctx.origin, span, statement: ctx.task.span, task: ctx.task, play: ctx.play };
}

/** Package names from a string, a comma list, a YAML list, or the loop items when the name is `{{ item }}`. */
function packageRefs(arg: ArgValue | undefined, ctx: ModuleContext): PackageRef[] {
  if (!arg) return [];
  const values = arg.items ?? [arg];
  return values.flatMap((value) => {
    if (typeof value.value !== 'string') return [];
    if (/^\{\{\s*item\s*\}\}$/.test(value.value.trim()) && ctx.loopItems) return packageRefs({ value: undefined, span: value.span, items: ctx.loopItems }, ctx);
    let offset = 0;
    return value.value.split(',').flatMap((part) => {
      const start = offset + part.length - part.trimStart().length;
      offset += part.length + 1;
      const name = part.trim();
      if (!name) return [];
      const span = value.text ? value.text.toSource(start, start + name.length) : value.span;
      const [bare, version] = name.split('=');
      return [{ name: bare, version, span }];
    });
  });
}

function packageSteps(module: string, args: ModuleArgs, ctx: ModuleContext): Step[] {
  const manager = module === 'package' ? 'system' : module;
  const names = packageRefs(args.first('name', 'pkg', 'package'), ctx);
  const state = (args.string('state') ?? 'present').toLowerCase();
  const at = ctx.task.moduleSpan;
  const steps: Step[] = [];
  if (isTrue(args.string('update_cache', 'update-cache'))) steps.push({ kind: 'package', manager, action: 'update-index', packages: [], ...base(ctx, at) });
  const upgrade = args.string('upgrade');
  const everything = names.length === 1 && names[0].name === '*' && state === 'latest';
  if ((upgrade && !isFalse(upgrade)) || everything) {
    const arg = args.get(upgrade ? 'upgrade' : 'name');
    steps.push({ kind: 'package', manager, action: 'upgrade-all', packages: [], ...base(ctx, arg?.pairSpan ?? arg?.span ?? at) });
    return steps;
  }
  if (names.length === 0) return steps;
  const action = state === 'absent' || state === 'removed' ? 'remove' : 'install';
  steps.push({ kind: 'package', manager, action, packages: names, latest: state === 'latest', ...base(ctx, at) });
  return steps;
}

function serviceSteps(args: ModuleArgs, ctx: ModuleContext): Step[] {
  const unit = args.string('name', 'unit', 'service');
  if (!unit) return [];
  const steps: Step[] = [];
  const push = (action: ServiceAction, key: string) => steps.push({ kind: 'service', unit, action, ...base(ctx, args.get(key)?.pairSpan ?? ctx.task.moduleSpan) });
  const state = args.string('state');
  const action = state === undefined ? undefined : SERVICE_STATES.get(state);
  if (action) push(action, 'state');
  const enabled = args.string('enabled');
  if (enabled !== undefined) push(isTrue(enabled) ? 'enable' : 'disable', 'enabled');
  const masked = args.string('masked');
  if (masked !== undefined) push(isTrue(masked) ? 'mask' : 'unmask', 'masked');
  return steps;
}

function commandModuleSteps(args: ModuleArgs, ctx: ModuleContext): Step[] {
  const argv = args.get('argv');
  if (argv?.items) {
    const words = argv.items.flatMap((item) => (item.text ? [{ value: item.text.text, text: item.text, span: item.span }] : []));
    const command = words.length > 0 ? commandFromArgv(words, argv.span) : undefined;
    return command ? commandSteps([command], ctx.phase, ctx.order, ctx.origin, ctx.task.span) : [];
  }
  const script = args.first('_raw_params', 'cmd');
  if (!script?.text) return [];
  return commandSteps(parseScript(script.text), ctx.phase, ctx.order, ctx.origin, ctx.task.span);
}

const LOOP_ITEM = /\{\{\s*item\s*\}\}/g;

/** The values a string takes over the task's loop (`{{ item }}` replaced), or the string itself. */
function overLoop(value: string, ctx: ModuleContext): string[] {
  if (!LOOP_ITEM.test(value) || !ctx.loopItems) return [value];
  return ctx.loopItems.flatMap((item) => (typeof item.value === 'string' ? [value.replace(LOOP_ITEM, item.value)] : []));
}

/** An Ansible `cron` job at `special_time: reboot`: its command runs at every boot, not when the play runs. */
function rebootCronSteps(args: ModuleArgs, ctx: ModuleContext): Step[] {
  const job = args.get('job');
  if (args.string('special_time') !== 'reboot' || args.string('state') === 'absent' || !job?.text) return [];
  return commandSteps(parseScript(job.text), 'every-boot', ctx.order, `${ctx.origin} cron @reboot`, ctx.task.span, { lifecycle: REBOOT_CRON });
}

/** An Ansible `script:` task: the repository file runs on the host, as the play runs. */
function scriptSteps(args: ModuleArgs, ctx: ModuleContext): Step[] {
  const name = (args.string('cmd') ?? args.string('_raw_params'))?.trim().split(/\s+/)[0];
  const file = name && !name.includes('{{') ? ctx.findSource(name, 'files') : undefined;
  if (file) {
    ctx.handOver({
      file,
      readAs: { format: 'script', phase: ctx.phase, lifecycle: phaseLifecycle(ctx.phase) },
      span: ctx.task.moduleSpan,
      note: `is run on the host by ${ctx.origin}`,
    });
  }
  return commandModuleSteps(args, ctx);
}

/** copy/template/lineinfile/blockinfile/get_url/unarchive: a file write analysed by its target path, once per loop item. */
function fileSteps(module: string, args: ModuleArgs, ctx: ModuleContext): Step[] {
  const target = args.first('dest', 'path', 'name');
  if (typeof target?.value !== 'string' || (module !== 'copy' && module !== 'template' && args.string('state') === 'absent')) return [];
  const src = args.get('src');
  const paths = overLoop(target.value, ctx);
  const sources = typeof src?.value === 'string' ? overLoop(src.value, ctx) : [];
  return paths.flatMap((dest, index) => {
    let content: MappedText | undefined;
    const path = installedPath(dest, sources[index]?.replace(/\.j2$/, ''));
    const installedFrom =
      (module === 'copy' || module === 'template') && src && sources[index] !== undefined && !sources[index].includes('{{')
        ? ctx.findSource(sources[index], module === 'copy' ? 'files' : 'templates')
        : undefined;
    if (module === 'copy') content = args.get('content')?.text;
    else if (module === 'lineinfile') content = args.get('line')?.text;
    else if (module === 'blockinfile') content = args.first('block', 'content')?.text;
    // A unit is read in its own file (its own format, its lines): not again here.
    else if (module === 'template' && installedFrom && fileKindOf(path, undefined) !== 'systemd-unit') {
      const text = ctx.readFile(installedFrom);
      if (text !== undefined) content = MappedText.opaque(text, src!.span);
    }
    const url = module === 'get_url' || module === 'unarchive' ? args.string('url', 'src') : undefined;
    const source = url && /^[a-z]+:\/\//i.test(url) ? url : undefined;
    const input = {
      path,
      pathSpan: target.span,
      content,
      append: module === 'lineinfile' || module === 'blockinfile',
      span: ctx.task.span,
      order: ctx.order,
      origin: ctx.origin,
      source,
      // `copy: src: dir/` installs the folder's files under `dest`, not one file at it.
      installedFrom: installedFrom && !sources[index].endsWith('/') ? installedFrom : undefined,
    };
    return fileWriteSteps(input, ctx.problems, ctx.embed);
  });
}

/** An argument's string values (a list's items too), each kept where it is written. */
function argWords(arg: ArgValue | undefined): { value: string; text: MappedText; span: Span }[] {
  return (arg?.items ?? (arg ? [arg] : [])).flatMap((item) =>
    typeof item.value === 'string' ? [{ value: item.value, text: item.text ?? MappedText.opaque(item.value, item.span), span: item.span }] : [],
  );
}

/** A module read as the command it stands for: fixed words (placed at the module's name) and then its arguments. */
function standInSteps(stands: string[], values: ReturnType<typeof argWords>, ctx: ModuleContext): Step[] {
  if (values.length === 0) return [];
  const at = ctx.task.moduleSpan;
  const command = commandFromArgv([...stands.map((value) => ({ value, text: MappedText.opaque(value, at), span: at })), ...values], at);
  return command ? commandSteps([command], ctx.phase, ctx.order, ctx.origin, ctx.task.span) : [];
}

/**
 * kubernetes.core `k8s` and `helm` deploy software to the cluster the host is in, as `kubectl apply
 * -f <src>` and `helm install <release> <chart>` would: read as those commands, so what they deploy
 * (a CNI that installs routes) counts the same whichever way it is written.
 */
function clusterDeploySteps(module: string, args: ModuleArgs, ctx: ModuleContext): Step[] {
  if (args.string('state') === 'absent') return [];
  if (module === 'k8s') return standInSteps(['kubectl', 'apply', '-f'], argWords(args.get('src')), ctx);
  const release = argWords(args.first('release_name', 'name'));
  const chart = argWords(args.first('chart_ref'));
  return release.length > 0 && chart.length > 0 ? standInSteps(['helm', 'install'], [...release, ...chart], ctx) : [];
}

/** `dpkg_selections: {name, selection: hold}`, `yum_versionlock: {name: [...]}`: packages kept at their version. */
function holdSteps(module: string, args: ModuleArgs, ctx: ModuleContext): Step[] {
  const held = module === 'dpkg_selections' ? args.string('selection') === 'hold' : (args.string('state') ?? 'present') === 'present';
  const packages = held ? packageRefs(args.first('name', 'package'), ctx) : [];
  return packages.length > 0 ? [{ kind: 'package', manager: module, action: 'hold', packages, ...base(ctx, ctx.task.moduleSpan) }] : [];
}

/**
 * Repository and key modules, read as the commands they stand for (as `k8s` is `kubectl apply`):
 * `apt_key` is `apt-key add <url>` or `apt-key adv --keyserver <server>`, the repository modules
 * `add-apt-repository <line>` / `yum-config-manager --add-repo <baseurl>`.
 */
function repositorySteps(module: string, args: ModuleArgs, ctx: ModuleContext): Step[] {
  if (args.string('state') === 'absent') return [];
  if (module === 'apt_key') {
    const keyserver = argWords(args.get('keyserver'));
    return keyserver.length > 0
      ? standInSteps(['apt-key', 'adv', '--keyserver'], keyserver, ctx)
      : standInSteps(['apt-key', 'add'], argWords(args.first('url', 'file', 'data')), ctx);
  }
  if (module === 'yum_repository')
    return standInSteps(['yum-config-manager', '--add-repo'], [...argWords(args.first('baseurl', 'mirrorlist', 'metalink')), ...argWords(args.get('gpgkey'))], ctx);
  return standInSteps(['add-apt-repository'], argWords(args.first('repo', 'uris')), ctx);
}

function firewall(ctx: ModuleContext, tool: string, action: FirewallAction): Step[] {
  return [{ kind: 'firewall', tool, action, ...base(ctx, ctx.task.moduleSpan) }];
}

function firewallSteps(module: string, args: ModuleArgs, ctx: ModuleContext): Step[] {
  if (module === 'ufw') {
    if (args.string('state') === 'enabled') return firewall(ctx, 'ufw', 'enable');
    const rule = args.string('rule');
    const port = args.string('port', 'to_port');
    const name = args.string('name', 'app');
    if ((rule === 'allow' || rule === 'limit') && ((port && SSH_PORT.test(port)) || (name && /^(openssh|ssh)$/i.test(name)))) return firewall(ctx, 'ufw', 'allow-ssh');
    return rule !== undefined || args.string('state') !== undefined ? firewall(ctx, 'ufw', 'change-rule') : [];
  }
  if (module === 'iptables') {
    const input = args.string('chain') === 'INPUT';
    if (input && /^(DROP|REJECT)$/.test(args.string('policy') ?? '')) return firewall(ctx, 'iptables', 'default-deny');
    if (input && SSH_PORT.test(args.string('destination_port') ?? '') && args.string('jump') === 'ACCEPT') return firewall(ctx, 'iptables', 'allow-ssh');
    return firewall(ctx, 'iptables', 'change-rule');
  }
  if (module === 'firewalld') {
    if (args.string('state') === 'enabled' && (args.string('service') === 'ssh' || SSH_PORT.test(args.string('port') ?? ''))) return firewall(ctx, 'firewall-cmd', 'allow-ssh');
    return firewall(ctx, 'firewall-cmd', 'change-rule');
  }
  return [];
}

/** The model steps one module call performs. Unknown modules perform none. */
export function moduleSteps(module: string, args: ModuleArgs, ctx: ModuleContext): Step[] {
  let steps: Step[];
  if (PACKAGE_MODULES.has(module)) steps = packageSteps(module, args, ctx);
  else if (SERVICE_MODULES.has(module)) steps = serviceSteps(args, ctx);
  else if (module === 'command' || module === 'shell' || module === 'raw') steps = commandModuleSteps(args, ctx);
  else if (module === 'script') steps = scriptSteps(args, ctx);
  else if (module === 'cron') steps = rebootCronSteps(args, ctx);
  else if (['copy', 'template', 'lineinfile', 'blockinfile', 'get_url', 'unarchive'].includes(module)) steps = fileSteps(module, args, ctx);
  else if (module === 'ufw' || module === 'iptables' || module === 'firewalld') steps = firewallSteps(module, args, ctx);
  else if (module === 'k8s' || module === 'helm') steps = clusterDeploySteps(module, args, ctx);
  else if (module === 'reboot') steps = [{ kind: 'reboot', ...base(ctx, ctx.task.moduleSpan) }];
  else if (module === 'dpkg_selections' || module === 'yum_versionlock') steps = holdSteps(module, args, ctx);
  else if (['apt_key', 'apt_repository', 'deb822_repository', 'yum_repository'].includes(module)) steps = repositorySteps(module, args, ctx);
  else if (module === 'debconf') {
    const value = args.get('value');
    const question = args.string('question');
    steps = question
      ? [
          {
            kind: 'debconf',
            owner: args.string('name') ?? '',
            question,
            type: args.string('vtype') ?? '',
            value: args.string('value') ?? '',
            valueSpan: value?.span ?? ctx.task.moduleSpan,
            ...base(ctx, ctx.task.moduleSpan),
          },
        ]
      : [];
  } else steps = [];
  for (const step of steps) {
    step.task = ctx.task;
    step.play = ctx.play;
  }
  return steps;
}
