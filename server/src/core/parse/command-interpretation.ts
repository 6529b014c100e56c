import { shellFileWrites } from './shell-writes';
import type { DebconfStep, Lifecycle, Phase, RelatedPlace, SimpleCommand, Span, Step, Word } from '../model';

/** When a script's commands run, beyond their phase: a unit's lifecycle, and what runs the script. */
export interface RunContext {
  lifecycle?: Lifecycle;
  runBy?: RelatedPlace[];
}

/** What every step derived from one command shares. */
export interface StepContext extends RunContext {
  phase: Phase;
  order: number;
  origin: string;
  statement?: Span;
}

const APT = new Set(['apt', 'apt-get', 'aptitude']);
const RPM = new Set(['yum', 'dnf', 'microdnf', 'zypper']);
const SYSTEMCTL_ACTIONS = new Set([
  'start',
  'stop',
  'restart',
  'reload',
  'try-restart',
  'reload-or-restart',
  'try-reload-or-restart',
  'reload-or-try-restart',
  'enable',
  'disable',
  'mask',
  'unmask',
]);
/** Every variant that may restart the service. */
const RESTART_VARIANTS = new Set(['try-restart', 'reload-or-restart', 'try-reload-or-restart', 'reload-or-try-restart', 'force-reload']);
const SSH_NAMES = /^(ssh|openssh|22)(\/tcp)?$/i;

type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>;

/** Options of package managers that take a separate value (`-o Dpkg::Options::=…`, `-t bookworm`). */
const OPTIONS_WITH_VALUE = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--setopt', '--enablerepo', '--disablerepo', '-X', '--repository']);

function operands(args: Word[]): Word[] {
  return args.filter((arg, i) => !arg.value.startsWith('-') && !OPTIONS_WITH_VALUE.has(args[i - 1]?.value ?? ''));
}

/** `apt-mark hold a b`, `dnf versionlock add a`, `echo "a hold" | dpkg --set-selections`: packages kept at their version. */
function holdSteps(command: SimpleCommand, ctx: StepContext): StepOf<'package'>[] {
  const words = operands(command.args);
  const hold = (packages: Word[]) =>
    packages.length > 0
      ? [
          {
            kind: 'package' as const,
            manager: command.program,
            action: 'hold' as const,
            span: command.span,
            ...ctx,
            packages: packages.map((word) => ({ name: word.value, span: word.span })),
          },
        ]
      : [];
  // With no names, `apt-mark hold` holds what its input lists (`… | xargs apt-mark hold`), which the file does not say.
  if (command.program === 'apt-mark' && words[0]?.value === 'hold') return hold(words.length > 1 ? words.slice(1) : [{ value: '*', span: words[0].span }]);
  if (RPM.has(command.program) && words[0]?.value === 'versionlock' && ['add', 'exclude'].includes(words[1]?.value ?? '')) return hold(words.slice(2));
  if (command.program === 'dpkg' && command.args.some((arg) => arg.value === '--set-selections')) {
    // The selections come from the command before it in the pipeline: `name hold` pairs.
    const feeder = command.pipeline?.[command.pipeline.indexOf(command) - 1];
    const said =
      feeder && ['echo', 'printf'].includes(feeder.program)
        ? feeder.args.flatMap((arg) => [...arg.value.matchAll(/([a-z0-9][a-z0-9+.:-]*)\s+hold\b/g)].map((found) => ({ value: found[1], span: arg.span })))
        : [];
    return hold(said);
  }
  return [];
}

function packageSteps(command: SimpleCommand, ctx: StepContext): StepOf<'package'>[] {
  const manager = command.program;
  if (!APT.has(manager) && !RPM.has(manager) && manager !== 'apk') return [];
  const [verb, ...rest] = operands(command.args);
  if (!verb) return [];
  const base = { kind: 'package' as const, manager, span: command.span, ...ctx };
  const named = rest.map((word) => {
    const [name, version] = word.value.split('=');
    return { name, version, span: word.span };
  });
  switch (verb.value) {
    case 'install':
    case 'add':
      return [{ ...base, action: 'install', packages: named }];
    case 'remove':
    case 'purge':
    case 'del':
    case 'erase':
      return [{ ...base, action: 'remove', packages: named }];
    case 'upgrade':
    case 'dist-upgrade':
    case 'full-upgrade':
    case 'update':
      if (verb.value === 'update' && !RPM.has(manager)) return [{ ...base, action: 'update-index', packages: [] }];
      return named.length > 0 && verb.value !== 'dist-upgrade' && verb.value !== 'full-upgrade'
        ? [{ ...base, action: 'install', packages: named }]
        : [{ ...base, action: 'upgrade-all', packages: [] }];
    default:
      return [];
  }
}

function normaliseAction(action: string): StepOf<'service'>['action'] {
  if (RESTART_VARIANTS.has(action)) return 'restart';
  return action as StepOf<'service'>['action'];
}

function serviceSteps(command: SimpleCommand, ctx: StepContext): StepOf<'service'>[] {
  const words = operands(command.args);
  const steps: StepOf<'service'>[] = [];
  const push = (unit: string, action: StepOf<'service'>['action']) => steps.push({ kind: 'service', unit, action, span: command.span, ...ctx });
  if (command.program === 'systemctl') {
    const [verb, ...units] = words;
    if (!verb || !SYSTEMCTL_ACTIONS.has(verb.value)) return [];
    const now = command.args.some((arg) => arg.value === '--now');
    for (const unit of units) {
      push(unit.value, normaliseAction(verb.value));
      if (now && verb.value === 'enable') push(unit.value, 'start');
      if (now && (verb.value === 'disable' || verb.value === 'mask')) push(unit.value, 'stop');
    }
  } else if (command.program === 'service' && words.length >= 2 && /^(start|stop|restart|reload|force-reload)$/.test(words[1].value)) {
    push(words[0].value, normaliseAction(words[1].value));
  }
  return steps;
}

/** `echo "pkg question type value" | debconf-set-selections` (one or more lines). */
function debconfSteps(command: SimpleCommand, ctx: StepContext): DebconfStep[] {
  if (command.program !== 'debconf-set-selections' || !command.pipeline) return [];
  const feeder = command.pipeline[command.pipeline.indexOf(command) - 1];
  if (!feeder || (feeder.program !== 'echo' && feeder.program !== 'printf')) return [];
  return feeder.args
    .filter((arg) => !arg.value.startsWith('-'))
    .flatMap((arg) => parseDebconfLines(arg.value).map((line) => ({ kind: 'debconf' as const, ...line, valueSpan: arg.span, span: arg.span, ...ctx })));
}

export function parseDebconfLines(text: string): { owner: string; question: string; type: string; value: string }[] {
  return text
    .split(/\\n|\n/)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 3 && fields[0] !== '' && !fields[0].startsWith('#'))
    .map(([owner, question, type, ...value]) => ({ owner, question, type, value: value.join(' ') }));
}

function environmentSteps(command: SimpleCommand, ctx: StepContext): StepOf<'environment'>[] {
  const assignments = command.program === 'export' || command.program === 'declare' ? command.args : command.assignments;
  return assignments
    .map((word) => /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value))
    .flatMap((match, i) => (match ? [{ kind: 'environment' as const, name: match[1], value: match[2], valueSpan: assignments[i].span, span: assignments[i].span, ...ctx }] : []));
}

function firewallSteps(command: SimpleCommand, ctx: StepContext): StepOf<'firewall'>[] {
  const words = command.args.map((arg) => arg.value);
  const step = (action: StepOf<'firewall'>['action']): StepOf<'firewall'>[] => [{ kind: 'firewall', tool: command.program, action, span: command.span, ...ctx }];
  const verbs = operands(command.args).map((arg) => arg.value);
  if (command.program === 'ufw') {
    if (verbs[0] === 'enable') return step('enable');
    if ((verbs[0] === 'allow' || verbs[0] === 'limit') && verbs.slice(1).some((word, i, rest) => SSH_NAMES.test(word) || (word === 'port' && rest[i + 1] === '22'))) {
      return step('allow-ssh');
    }
    return /^(allow|deny|reject|limit|delete|insert|route|reset|disable|reload)$/.test(verbs[0] ?? '') ? step('change-rule') : [];
  }
  if (command.program === 'iptables' || command.program === 'ip6tables') {
    const policy = words.indexOf('-P');
    if (policy >= 0 && words[policy + 1] === 'INPUT' && /^(DROP|REJECT)$/.test(words[policy + 2] ?? '')) return step('default-deny');
    const appends = words.some((word) => word === '-A' || word === '-I') && words.includes('INPUT');
    const port = words.indexOf('--dport');
    if (appends && port >= 0 && SSH_NAMES.test(words[port + 1] ?? '') && words.includes('ACCEPT')) return step('allow-ssh');
    return words.some((word) => /^(-[AIDRFPX]|--(append|insert|delete|replace|flush|policy|delete-chain))$/.test(word)) ? step('change-rule') : [];
  }
  if (command.program === 'firewall-cmd') {
    if (words.some((word) => /^--set-default-zone=(drop|block)$/.test(word))) return step('default-deny');
    if (words.some((word) => /^--add-(service=ssh|port=22\/tcp)$/.test(word))) return step('allow-ssh');
    if (words.some((word) => /^--(add|remove)-|^--(reload|complete-reload|set-default-zone)/.test(word))) return step('change-rule');
  }
  return [];
}

/** Programs any interpretation below reads; everything else can only write files or carry environment assignments. */
const INTERPRETED = new Set([...APT, ...RPM, 'apk', 'apt-mark', 'dpkg', 'systemctl', 'service', 'debconf-set-selections', 'ufw', 'iptables', 'ip6tables', 'firewall-cmd']);

/**
 * The steps a shell command performs, in model terms: files it writes, package operations, service
 * operations, debconf preseeds, environment settings and firewall changes.
 */
export function interpretCommand(command: SimpleCommand, ctx: StepContext): Step[] {
  const writes = shellFileWrites(command, ctx);
  if (!INTERPRETED.has(command.program)) {
    return [...writes, ...(command.assignments.length > 0 || command.program === 'export' || command.program === 'declare' ? environmentSteps(command, ctx) : [])];
  }
  return [
    ...writes,
    ...packageSteps(command, ctx),
    ...holdSteps(command, ctx),
    ...serviceSteps(command, ctx),
    ...debconfSteps(command, ctx),
    ...environmentSteps(command, ctx),
    ...firewallSteps(command, ctx),
  ];
}
