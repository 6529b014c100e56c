import { parse as parseIni } from 'ini';
import * as path from 'node:path';
import type { ReadFile } from '../../file-cache';
import type { PlayScope, Step } from '../../model';

/** What a play or a task file runs from other files: a role by name, or a task file by path. */
export type Use = ({ kind: 'role'; name: string; tasksFrom?: string; handlersFrom?: string } | { kind: 'tasks'; path: string; phase: 'converge' | 'handler' }) & {
  /** The file that names it. */
  from: string;
  /** Where it runs in the execution order of that file: every step it brings runs there. */
  order: number;
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
    ...['tasks', 'handlers', 'meta'].flatMap((sub) => [`${sub}/main.yml`, `${sub}/main.yaml`]),
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

/** The files a use runs, with the phase their tasks run in. */
function filesOf(use: Use, readFile: ReadFile): { file: string; phase: 'converge' | 'handler' }[] {
  if (use.kind === 'tasks') {
    const file = findTaskFile(use.from, use.path, readFile);
    return file ? [{ file, phase: use.phase }] : [];
  }
  const role = findRole(use.from, use.name, readFile, use.tasksFrom);
  if (!role) return [];
  const tasks = withExtension(readFile, path.join(role, 'tasks', use.tasksFrom ?? 'main'));
  const handlers = withExtension(readFile, path.join(role, 'handlers', use.handlersFrom ?? 'main'));
  return [...(tasks ? [{ file: tasks, phase: 'converge' as const }] : []), ...(handlers ? [{ file: handlers, phase: 'handler' as const }] : [])];
}

/**
 * Every step a list of uses runs, read from the other files and followed through their own uses;
 * each keeps its own file's coordinates (`task.file`) and runs where the outermost use does
 * (`order`). Each step is copied once, however deep. A file on the way to itself is not read
 * again: cycles are cut.
 */
export function stepsOfUses(uses: Use[], readFile: ReadFile, visiting: ReadonlySet<string>, parse: ParseTaskFile, play?: PlayScope, order?: number): Step[] {
  const out: Step[] = [];
  for (const use of uses) {
    const at = order ?? use.order;
    for (const { file, phase } of filesOf(use, readFile)) {
      if (visiting.has(file)) continue;
      const text = readFile(file);
      if (text === undefined) continue;
      const own = parse(file, text, phase);
      for (const step of own.steps) out.push({ ...step, order: at, task: step.task && { ...step.task, file }, ...(play ? { play } : {}) });
      out.push(...stepsOfUses(own.uses, readFile, new Set([...visiting, file]), parse, play, at));
    }
  }
  return out;
}
