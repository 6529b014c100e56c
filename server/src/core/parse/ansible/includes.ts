import { parse as parseIni } from 'ini';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { ReadFile } from '../../file-cache';
import type { ParseProblem, PlayScope, Span, Step } from '../../model';

/** What a play or a task file runs from other files: a role by name, or a task file by path. */
export type Use = ({ kind: 'role'; name: string; tasksFrom?: string; handlersFrom?: string } | { kind: 'tasks'; path: string; phase: 'converge' | 'handler' }) & {
  /** The file that names it. */
  from: string;
  /** Where it runs in the execution order of that file: every step it brings runs there. */
  order: number;
  /** Where it is named, for saying what was not followed. */
  span?: Span;
};

/** Parses a task or handler file (the adapter), with the files already on the way there. */
export type ParseTaskFile = (file: string, text: string, phase: 'converge' | 'handler') => { steps: Step[]; uses: Use[] };

/** How far up from a playbook `roles/` folders and `ansible.cfg` are looked for. */
const MAX_LEVELS_UP = 6;

function ancestors(dir: string): string[] {
  const out = [dir];
  for (let level = 0; level < MAX_LEVELS_UP; level++) {
    const parent = path.dirname(out[out.length - 1]);
    if (parent === out[out.length - 1]) break;
    out.push(parent);
  }
  return out;
}

/** `roles_path` of the nearest `ansible.cfg` above `dir`, as folders. */
function rolesPath(dir: string, readFile: ReadFile): string[] {
  for (const folder of ancestors(dir)) {
    const text = readFile(path.join(folder, 'ansible.cfg'));
    if (text !== undefined) return parsedRolesPath(folder, text);
  }
  return [];
}

/** Every role a repository's playbooks use is looked up through the same `ansible.cfg`: it is parsed once per content. */
const rolesPathCache = new Map<string, string[]>();

function parsedRolesPath(folder: string, text: string): string[] {
  const key = `${folder}\0${text}`;
  let folders = rolesPathCache.get(key);
  if (!folders) {
    const value = (parseIni(text) as { defaults?: { roles_path?: unknown } }).defaults?.roles_path;
    folders = typeof value === 'string' ? value.split(':').map((entry) => path.resolve(folder, entry.trim().replace(/^~(?=\/)/, '/nonexistent-home'))) : [];
    if (rolesPathCache.size >= 64) rolesPathCache.clear();
    rolesPathCache.set(key, folders);
  }
  return folders;
}

/**
 * A role's folder, searched as Ansible does for a playbook at `from`: `roles/` beside it, the
 * `roles_path` of its `ansible.cfg`, then the `roles/` folders of the folders above it (the standard
 * places a repository keeps them). A collection role (`ns.coll.role`) is not guessed.
 */
export function findRole(from: string, name: string, readFile: ReadFile, tasksFrom?: string): string | undefined {
  if (name.includes('{{') || name.split('.').length === 3) return undefined;
  const dir = path.dirname(from);
  const candidates = new Set([
    path.join(dir, 'roles', name),
    ...rolesPath(dir, readFile).map((folder) => path.join(folder, name)),
    ...ancestors(dir).map((folder) => path.join(folder, 'roles', name)),
  ]);
  const markers = [
    // `defaults/main/` and `vars/main/` may be folders of files.
    ...['tasks', 'handlers', 'meta', 'defaults', 'vars'].flatMap((sub) => [`${sub}/main.yml`, `${sub}/main.yaml`, `${sub}/main/main.yml`]),
    ...(tasksFrom ? [`tasks/${tasksFrom}`, `tasks/${tasksFrom}.yml`, `tasks/${tasksFrom}.yaml`] : []),
  ];
  return [...candidates].find((candidate) => markers.some((marker) => readFile(path.join(candidate, marker)) !== undefined));
}

/** A task file named by `import_tasks`/`include_tasks`: beside the file that names it, then in its role. */
function findTaskFile(from: string, file: string, readFile: ReadFile): string | undefined {
  if (file.includes('{{')) return undefined;
  const dir = path.dirname(from);
  const roleRoot = /[\\/](tasks|handlers)$/.test(dir) ? path.dirname(dir) : undefined;
  const candidates = path.isAbsolute(file) ? [file] : [path.join(dir, file), ...(roleRoot ? [path.join(roleRoot, 'tasks', file), path.join(roleRoot, file)] : [])];
  return candidates.find((candidate) => readFile(candidate) !== undefined);
}

function withExtension(readFile: ReadFile, base: string): string | undefined {
  return [`${base}.yml`, `${base}.yaml`, base].find((candidate) => readFile(candidate) !== undefined);
}

interface UsedFile {
  file: string;
  phase: 'converge' | 'handler';
}

/**
 * What the include graph found, per way of reading files: many plays use the same roles, so each
 * lookup and each file's flattened steps are worked out once, until files change.
 */
let graphs = new WeakMap<ReadFile, { files: Map<string, UsedFile[]>; steps: Map<string, Step[]>; roles: Map<string, string | undefined> }>();

/** Files were created, changed or deleted: roles and task files are looked up and read again. */
export function forgetIncludeGraph(): void {
  graphs = new WeakMap();
}

function graphOf(readFile: ReadFile) {
  let graph = graphs.get(readFile);
  if (!graph) graphs.set(readFile, (graph = { files: new Map(), steps: new Map(), roles: new Map() }));
  return graph;
}

/** A role use's folder, looked up once per folder it is named from. */
function roleOf(use: Use & { kind: 'role' }, readFile: ReadFile): string | undefined {
  const { roles } = graphOf(readFile);
  const key = [path.dirname(use.from), use.name, use.tasksFrom].join('\0');
  if (!roles.has(key)) roles.set(key, findRole(use.from, use.name, readFile, use.tasksFrom));
  return roles.get(key);
}

/** The files a use runs, with the phase their tasks run in. */
function filesOf(use: Use, readFile: ReadFile): UsedFile[] {
  const { files } = graphOf(readFile);
  const key = [path.dirname(use.from), use.kind, ...(use.kind === 'tasks' ? [use.path, use.phase] : [use.name, use.tasksFrom, use.handlersFrom])].join('\0');
  let found = files.get(key);
  if (!found) files.set(key, (found = lookUp(use, readFile)));
  return found;
}

/** The roles a role's `meta/main.yml` lists under `dependencies` (names, or `role:`/`name:` of an entry). */
function dependencies(role: string, readFile: ReadFile): string[] {
  const file = withExtension(readFile, path.join(role, 'meta', 'main'));
  const text = file && readFile(file);
  if (!text) return [];
  const listed = parseDocument(text).get('dependencies');
  return (isSeq(listed) ? listed.items : []).flatMap((item) => {
    const name = isScalar(item) ? item.value : isMap(item) ? (item.get('role') ?? item.get('name')) : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

/**
 * A task file by path, or a role's tasks and handlers, after those of the roles it depends on
 * (Ansible runs dependencies first). `resolving`: the roles on the way here, so a cycle stops.
 */
function lookUp(use: Use, readFile: ReadFile, resolving: ReadonlySet<string> = new Set()): UsedFile[] {
  if (use.kind === 'tasks') {
    const file = findTaskFile(use.from, use.path, readFile);
    return file ? [{ file, phase: use.phase }] : [];
  }
  const role = roleOf(use, readFile);
  if (!role || resolving.has(role)) return [];
  const inner = new Set([...resolving, role]);
  const required = dependencies(role, readFile).flatMap((name) => lookUp({ kind: 'role', name, from: use.from, order: use.order }, readFile, inner));
  const tasks = withExtension(readFile, path.join(role, 'tasks', use.tasksFrom ?? 'main'));
  const handlers = withExtension(readFile, path.join(role, 'handlers', use.handlersFrom ?? 'main'));
  return [...required, ...(tasks ? [{ file: tasks, phase: 'converge' as const }] : []), ...(handlers ? [{ file: handlers, phase: 'handler' as const }] : [])];
}

/**
 * Every step a task file runs, its own and those of the files it uses, each with its own file's
 * coordinates (`task.file`). A file on the way to itself is not read again: cycles are cut.
 */
function stepsOfFile(used: UsedFile, readFile: ReadFile, visiting: ReadonlySet<string>, parse: ParseTaskFile): Step[] {
  const { steps } = graphOf(readFile);
  const key = `${used.phase}\0${used.file}`;
  const known = steps.get(key);
  if (known) return known;
  const text = readFile(used.file);
  if (text === undefined) return [];
  const own = parse(used.file, text, used.phase);
  const inner = new Set([...visiting, used.file]);
  const found = [
    ...own.steps.map((step) => ({ ...step, task: step.task && { ...step.task, file: used.file } })),
    ...own.uses.flatMap((use) => filesOf(use, readFile).flatMap((next) => (inner.has(next.file) ? [] : stepsOfFile(next, readFile, inner, parse)))),
  ];
  steps.set(key, found);
  return found;
}

/**
 * Every step a list of uses runs, read from the other files and followed through their own uses;
 * each runs where its use does (`order`), in the play that runs it. Each step is copied once per use.
 */
export function stepsOfUses(uses: Use[], readFile: ReadFile, visiting: ReadonlySet<string>, parse: ParseTaskFile, play?: PlayScope): Step[] {
  const out: Step[] = [];
  for (const use of uses) {
    for (const used of filesOf(use, readFile)) {
      if (visiting.has(used.file)) continue;
      for (const step of stepsOfFile(used, readFile, visiting, parse)) out.push({ ...step, order: use.order, ...(play ? { play } : {}) });
    }
  }
  return out;
}

/** Why a use leads to no file: said in the output rather than skipped in silence. */
function whyNotFollowed(use: Use): string {
  if (use.kind === 'tasks') return use.path.includes('{{') ? 'its path is a template' : 'no such file beside the file that names it or in its role';
  if (use.name.includes('{{')) return 'its name is a template';
  if (use.name.split('.').length === 3) return 'a collection role, not in this repository';
  return 'no such role in roles/ beside the playbook, the roles_path of ansible.cfg, or the roles/ folders above';
}

/** Whether a use names nothing Hindsight can read: a role it cannot find, a task file that is not there. */
function leadsNowhere(use: Use, readFile: ReadFile): boolean {
  return use.kind === 'role' ? roleOf(use, readFile) === undefined : filesOf(use, readFile).length === 0;
}

/** The uses of a file that lead to no file (a collection role, a templated include, a role installed elsewhere). */
export function notFollowed(uses: Use[], readFile: ReadFile): ParseProblem[] {
  return uses.flatMap((use) =>
    use.span && leadsNowhere(use, readFile)
      ? [{ message: `${use.kind === 'role' ? `role ${use.name}` : `task file ${use.path}`} not followed: ${whyNotFollowed(use)}`, span: use.span }]
      : [],
  );
}
