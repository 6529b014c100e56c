import * as path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ReadFile } from '../../file-cache';
import type { ParseContext } from '../../formats/format';
import type { HandedFile, ParseProblem, PlayScope, ProvisioningDocument, Span, Step, Suppression, TaskInfo } from '../../model';
import { BoundedCache, PARSED_CACHE_BYTES, parsedWeight } from '../../bounded-cache';
import { startsComment } from '../../text/comments';
import { scalarText } from '../../text/yaml-scalar';
import { localInventory, vagrantProvisioner } from './inventory';
import { findPair, mapPairs, parseYamlSource, scalarString, spanOfNode, spanOfPair, yamlProblems } from '../yaml-nodes';
import { notFollowed, stepsOfUses, type ParseTaskFile, type Use } from './includes';
import { ROLE_INCLUDES, shortModuleName, TASK_INCLUDES, TASK_KEYWORDS } from './keywords';
import { ModuleArgs, type ArgValue } from './module-args';
import { moduleSteps } from './module-steps';

interface Context {
  source: string;
  file: string;
  steps: Step[];
  problems: ParseProblem[];
  whole: Span;
  order: { next: number };
  readFile: ReadFile;
  embed: ParseContext['embed'];
  /** The role the file is in (its `tasks/` or `handlers/` parent), else its folder: where `files/` and `templates/` are. */
  roleRoot: string;
  /** Files the tasks hand to the host to run (`script:`). */
  handsOver: HandedFile[];
  /** What the file's tasks run from other files (roles, task files), for task files. */
  uses: Use[];
  /** What the file names that could not be followed. */
  notices: ParseProblem[];
  /** The inventory and Vagrantfile around the playbook: looked up once, for its first play. */
  surroundings?: Pick<PlayScope, 'localInventory' | 'vagrant'>;
}

/** What the files beside and above a playbook say of every play in it: a local inventory, a Vagrantfile that provisions it. */
function surroundingsOf(ctx: Context): Pick<PlayScope, 'localInventory' | 'vagrant'> {
  ctx.surroundings ??= { localInventory: localInventory(ctx.file, ctx.readFile), vagrant: vagrantProvisioner(ctx.file, ctx.readFile) };
  return ctx.surroundings;
}

function firstModuleKey(task: YAMLMap): Pair | undefined {
  return task.items.find((pair) => {
    const key = scalarString(pair.key);
    return key !== undefined && !TASK_KEYWORDS.has(key) && !key.startsWith('with_');
  });
}

/** `run_once: true` or `delegate_to:` another host: the task runs on one host, not on each host of the play. */
function oneHost(task: unknown): boolean {
  return /^(true|yes|on)$/i.test(scalarString(findPair(task, 'run_once')?.value) ?? '') || findPair(task, 'delegate_to') !== undefined;
}

/** The module key and what follows it on the same line: where task-level findings are underlined. */
function moduleLine(source: string, pair: Span): Span {
  const lineEnd = source.indexOf('\n', pair.start);
  const line = source.slice(pair.start, lineEnd < 0 ? pair.end : Math.min(pair.end, lineEnd));
  const code = line.replace(/\s+#.*$/, '').trimEnd();
  return { start: pair.start, end: pair.start + code.length };
}

function names(node: unknown): string[] {
  if (isSeq(node)) return node.items.flatMap((item) => scalarString(item) ?? []);
  const single = scalarString(node);
  return single ? [single] : [];
}

/** Environment variables set on a play, block or task. */
function environmentSteps(ctx: Context, node: YAMLMap, base: { phase: Step['phase']; order: number; origin: string; play?: PlayScope; task?: TaskInfo }): void {
  for (const pair of mapPairs(findPair(node, 'environment')?.value)) {
    const name = scalarString(pair.key);
    const value = scalarString(pair.value);
    if (!name || value === undefined) continue;
    const valueSpan = spanOfNode(pair.value as Node, ctx.whole);
    ctx.steps.push({ kind: 'environment', name, value, valueSpan, span: spanOfPair(pair, ctx.whole), ...base });
  }
}

function loopItems(ctx: Context, task: YAMLMap): ArgValue[] | undefined {
  const loop = task.items.find((pair) => /^(loop|with_items|with_list)$/.test(scalarString(pair.key) ?? ''));
  if (!loop || !isSeq(loop.value)) return undefined;
  return loop.value.items.map((item) => ({
    value: isScalar(item) ? item.value : undefined,
    span: spanOfNode(item as Node, ctx.whole),
    text: isScalar(item) && typeof item.value === 'string' ? scalarText(item, ctx.source) : undefined,
  }));
}

/** The repository file a `src` names, searched as Ansible does: the role's `files/` or `templates/`, then beside the file. */
function findSource(ctx: Context, src: string, kind: 'files' | 'templates'): string | undefined {
  if (path.isAbsolute(src)) return ctx.readFile(src) === undefined ? undefined : src;
  const dirs = [path.join(ctx.roleRoot, kind), path.join(path.dirname(ctx.file), kind), path.dirname(ctx.file)];
  return dirs.map((dir) => path.join(dir, src)).find((candidate) => ctx.readFile(candidate) !== undefined);
}

/**
 * A task and, for a block, the tasks in it. `blockWhen` is the conditions of the blocks around it:
 * Ansible applies a block's `when` to every task in it.
 */
function addTask(ctx: Context, node: unknown, phase: 'converge' | 'handler', origin: string, play: PlayScope | undefined, uses: Use[], blockWhen: string[] = []): void {
  if (!isMap(node)) return;
  const task = node as YAMLMap;
  const ownWhen = scalarString(findPair(task, 'when')?.value);
  const when = ownWhen === undefined ? blockWhen : [...blockWhen, ownWhen];
  for (const section of ['block', 'rescue', 'always']) {
    const list = findPair(task, section)?.value;
    if (isSeq(list)) {
      environmentSteps(ctx, task, { phase, order: ctx.order.next, origin, play });
      list.items.forEach((child, index) => addTask(ctx, child, phase, `${origin}.${section}[${index}]`, play, uses, when));
    }
  }
  if (findPair(task, 'block')) return;
  const modulePair = firstModuleKey(task) ?? findPair(task, 'action') ?? findPair(task, 'local_action');
  if (!modulePair) return;
  let moduleName = scalarString(modulePair.key)!;
  let moduleValue: unknown = modulePair.value;
  if (moduleName === 'action' || moduleName === 'local_action') {
    // `action: apt name=x`: the first word is the module, the rest its free-form arguments.
    const text = scalarString(modulePair.value) ?? '';
    moduleName = text.split(/\s+/)[0];
    moduleValue = undefined;
  }
  const module = shortModuleName(moduleName);
  const span = spanOfNode(task, ctx.whole);
  const info: TaskInfo = {
    name: scalarString(findPair(task, 'name')?.value),
    module,
    moduleSpan: moduleLine(ctx.source, spanOfPair(modulePair, span)),
    span,
    notify: names(findPair(task, 'notify')?.value),
    listen: phase === 'handler' ? [...names(findPair(task, 'name')?.value), ...names(findPair(task, 'listen')?.value)] : [],
    throttle: scalarString(findPair(task, 'throttle')?.value),
    ...(when.length > 0 ? { when: when.join(' and ') } : {}),
    ...(oneHost(task) ? { oneHost: true } : {}),
  };
  const order = ctx.order.next++;
  environmentSteps(ctx, task, { phase, order, origin, play, task: info });
  const args = new ModuleArgs(module, moduleValue, findPair(task, 'args')?.value, ctx.source, span);
  if (play && module === 'pause' && args.string('prompt') !== undefined) play.asksToConfirm = true;
  if (ROLE_INCLUDES.has(module)) {
    const name = args.string('name');
    if (name) uses.push({ kind: 'role', name, tasksFrom: args.string('tasks_from'), handlersFrom: args.string('handlers_from'), from: ctx.file, order, span: info.moduleSpan });
    return;
  }
  if (TASK_INCLUDES.has(module)) {
    // `import_tasks: file=x.yml` is the free form of `file: x.yml`.
    // A templated name keeps its spaces (`"{{ name }}.yml"`); a plain one ends at the first space.
    const raw = args.string('_raw_params')?.trim();
    const first = raw?.split(/\s+/)[0];
    const file = args.string('file') ?? (first?.startsWith('file=') ? first.slice('file='.length) : raw?.includes('{{') ? raw : first);
    if (file) uses.push({ kind: 'tasks', path: file, phase, from: ctx.file, order, span: info.moduleSpan });
    return;
  }
  ctx.steps.push(
    ...moduleSteps(module, args, {
      phase,
      order,
      origin,
      task: info,
      play,
      loopItems: loopItems(ctx, task),
      findSource: (src, kind) => findSource(ctx, src, kind),
      readFile: ctx.readFile,
      handOver: (handed) => ctx.handsOver.push(handed),
      problems: ctx.problems,
      embed: ctx.embed,
    }),
  );
}

function addTaskList(ctx: Context, node: unknown, phase: 'converge' | 'handler', section: string, play: PlayScope | undefined, uses: Use[]): void {
  if (!isSeq(node)) return;
  node.items.forEach((task, index) => addTask(ctx, task, phase, `${section}[${index}]`, play, uses));
}

/**
 * A task file's own steps and what it uses from other files, parsed once per content: a
 * workspace's playbooks use the same roles over and over, and the steps are copied, never changed,
 * by each play that uses them. What the uses lead to is resolved afresh, so an edit of a file they
 * reach is seen.
 */
const taskFileCache = new BoundedCache<string, { text: string; steps: Step[]; uses: Use[] }>(PARSED_CACHE_BYTES, (_key, parsed) => parsedWeight(parsed.text));

/** Drops every parsed task file (their texts are checked on each use, so this only frees memory). */
export function forgetParsedTaskFiles(): void {
  taskFileCache.clear();
}

function ownSteps(file: string, text: string, readFile: ReadFile, embed: ParseContext['embed'], phase: 'converge' | 'handler'): { steps: Step[]; uses: Use[] } {
  const cached = taskFileCache.get(`${phase}\0${file}`);
  if (cached && cached.text === text) return cached;
  const ctx = newContext(file, text, readFile, embed);
  addTaskList(ctx, parseYaml(ctx), phase, phase === 'handler' ? 'handlers' : 'tasks', undefined, ctx.uses);
  const parsed = { text, steps: finish(ctx, text).steps, uses: ctx.uses };
  taskFileCache.set(`${phase}\0${file}`, parsed);
  return parsed;
}

/** The steps other files add to a run: roles and task files, followed through their own uses. */
function usedSteps(uses: Use[], readFile: ReadFile, embed: ParseContext['embed'], visiting: ReadonlySet<string>, play?: PlayScope): Step[] {
  const parse: ParseTaskFile = (file, text, phase) => ownSteps(file, text, readFile, embed, phase);
  return stepsOfUses(uses, readFile, visiting, parse, play);
}

/** `serial: 2`, or the first batch of `serial: [1, "10%"]`; a list that says nothing readable counts as batched. */
function firstBatch(node: unknown): string | undefined {
  if (isSeq(node)) return scalarString(node.items[0]) ?? '1';
  return scalarString(node);
}

function addPlay(ctx: Context, node: unknown, index: number, plays: PlayScope[]): void {
  if (!isMap(node)) return;
  const hostsPair = findPair(node, 'hosts');
  if (!hostsPair) return;
  const span = spanOfNode(node as Node, ctx.whole);
  const keyStart = spanOfNode(hostsPair.key as Node, span).start;
  const lineStart = ctx.source.lastIndexOf('\n', keyStart - 1) + 1;
  const hosts = names(hostsPair.value).join(',');
  const play: PlayScope = {
    hosts,
    hostsSpan: spanOfNode(hostsPair.value as Node, span),
    hostsPairSpan: spanOfPair(hostsPair, span),
    span,
    serial: firstBatch(findPair(node, 'serial')?.value),
    maxFailPercentage: scalarString(findPair(node, 'max_fail_percentage')?.value),
    anyErrorsFatal: scalarString(findPair(node, 'any_errors_fatal')?.value) === 'true',
    throttle: scalarString(findPair(node, 'throttle')?.value),
    strategy: scalarString(findPair(node, 'strategy')?.value),
    connection: scalarString(findPair(node, 'connection')?.value),
    ...surroundingsOf(ctx),
    ...(findPair(node, 'vars_prompt') ? { asksToConfirm: true } : {}),
    roles: [],
    roleSteps: [],
    indent: ' '.repeat(keyStart - lineStart),
  };
  for (const item of isSeq(findPair(node, 'roles')?.value) ? (findPair(node, 'roles')!.value as { items: unknown[] }).items : []) {
    const name = scalarString(item) ?? scalarString(findPair(item, 'role')?.value) ?? scalarString(findPair(item, 'name')?.value);
    if (name) play.roles.push({ name, span: spanOfNode(item as Node, span) });
  }
  plays.push(play);
  environmentSteps(ctx, node as YAMLMap, { phase: 'converge', order: ctx.order.next, origin: `play[${index}]`, play });
  // Each play is judged with everything it runs: a role shared with another play is read for this one too.
  // A play's roles run before its tasks.
  const uses: Use[] = play.roles.map((role) => ({ kind: 'role', name: role.name, from: ctx.file, order: -1, span: role.span }));
  for (const section of ['pre_tasks', 'tasks', 'post_tasks']) addTaskList(ctx, findPair(node, section)?.value, 'converge', `play[${index}].${section}`, play, uses);
  addTaskList(ctx, findPair(node, 'handlers')?.value, 'handler', `play[${index}].handlers`, play, uses);
  play.roleSteps = usedSteps(uses, ctx.readFile, ctx.embed, new Set([ctx.file]), play);
  ctx.notices.push(...notFollowed(uses, ctx.readFile));
}

/** `# noqa: rule-a rule-b` at the end of a line suppresses those rules for the task that line is in. */
function noqaSuppressions(ctx: Context): Suppression[] {
  const taskSpans = ctx.steps.flatMap((step) => (step.task && !step.task.file ? [step.task.span] : []));
  const out: Suppression[] = [];
  for (const match of ctx.source.matchAll(/#\s*noqa:?\s*([\w\-, ]+)/g)) {
    const at = match.index!;
    if (!startsComment(ctx.source, at)) continue;
    const ruleIds = match[1].split(/[\s,]+/).filter(Boolean);
    const inside = taskSpans.filter((span) => span.start <= at && at <= span.end).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    const lineStart = ctx.source.lastIndexOf('\n', at - 1) + 1;
    out.push({ span: inside ?? { start: lineStart, end: at }, ruleIds });
  }
  return out;
}

function newContext(file: string, text: string, readFile: ReadFile, embed: ParseContext['embed']): Context {
  const dir = path.dirname(file);
  const roleRoot = /[\\/](tasks|handlers)$/.test(dir) ? path.dirname(dir) : dir;
  return {
    source: ansibleSource(text),
    file,
    steps: [],
    problems: [],
    whole: { start: 0, end: text.length },
    order: { next: 0 },
    readFile,
    embed,
    roleRoot,
    handsOver: [],
    uses: [],
    notices: [],
  };
}

function finish(ctx: Context, text: string, plays?: PlayScope[]): ProvisioningDocument {
  ctx.steps.sort((a, b) => a.order - b.order);
  return {
    format: 'ansible',
    text,
    steps: ctx.steps,
    problems: ctx.problems,
    plays,
    suppressions: noqaSuppressions(ctx),
    notices: ctx.notices,
    ...(ctx.handsOver.length > 0 ? { handsOver: ctx.handsOver } : {}),
  };
}

function parseYaml(ctx: Context) {
  const parsed = parseYamlSource(ctx.source);
  ctx.problems.push(...yamlProblems(parsed, 'Ansible'));
  return parsed.contents;
}

/** A list whose items are plays (`hosts:` or `import_playbook:`), not tasks. */
export function holdsPlays(contents: unknown): boolean {
  return isSeq(contents) && contents.items.some((item) => mapPairs(item).some((pair) => /^(hosts|(ansible\.builtin\.)?import_playbook)$/.test(scalarString(pair.key) ?? '')));
}

/** An Ansible file's text as the adapter parses it: a byte-order mark becomes a space, so offsets hold. */
export function ansibleSource(text: string): string {
  return text.replace(/^\uFEFF/, ' ');
}

/**
 * An Ansible file, parsed once. Its kind comes from its place (tasks/handlers folder) or content
 * (a list of plays); for a file of unknown kind (editor language, user setting) the content decides.
 */
export function parseAnsible(
  file: string,
  text: string,
  kind: 'playbook' | 'tasks' | 'handlers' | undefined,
  readFile: ReadFile,
  embed: ParseContext['embed'],
): ProvisioningDocument {
  const ctx = newContext(file, text, readFile, embed);
  const contents = parseYaml(ctx);
  if (kind === 'playbook' || (kind === undefined && holdsPlays(contents))) {
    const plays: PlayScope[] = [];
    if (isSeq(contents)) contents.items.forEach((play, index) => addPlay(ctx, play, index, plays));
    return finish(ctx, text, plays);
  }
  const phase = kind === 'handlers' ? 'handler' : 'converge';
  addTaskList(ctx, contents, phase, phase === 'handler' ? 'handlers' : 'tasks', undefined, ctx.uses);
  ctx.notices.push(...notFollowed(ctx.uses, readFile));
  let imported: Step[] | undefined;
  return { ...finish(ctx, text), imported: () => (imported ??= usedSteps(ctx.uses, readFile, embed, new Set([file]))) };
}
