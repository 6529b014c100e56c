/** Task keywords: a task's module is its one key that is none of these. */
export const TASK_KEYWORDS = new Set([
  'name',
  'when',
  'notify',
  'listen',
  'loop',
  'loop_control',
  'register',
  'args',
  'environment',
  'throttle',
  'vars',
  'tags',
  'become',
  'become_user',
  'become_method',
  'become_flags',
  'become_exe',
  'ignore_errors',
  'ignore_unreachable',
  'changed_when',
  'failed_when',
  'delegate_to',
  'delegate_facts',
  'run_once',
  'retries',
  'until',
  'delay',
  'no_log',
  'check_mode',
  'diff',
  'any_errors_fatal',
  'collections',
  'module_defaults',
  'debugger',
  'timeout',
  'async',
  'poll',
  'connection',
  'port',
  'remote_user',
  'local_action',
  'action',
  'block',
  'rescue',
  'always',
  'notify_on',
  'first_available_file',
  'vars_files',
]);

/** Collections whose modules are matched by their short name. */
const KNOWN_COLLECTIONS = /^(ansible\.builtin|ansible\.legacy|ansible\.posix|community\.general|kubernetes\.core)\./;

/** `ansible.builtin.apt` → `apt`; a module of another collection keeps its full name (and matches nothing). */
export function shortModuleName(name: string): string {
  return KNOWN_COLLECTIONS.test(name) ? name.replace(KNOWN_COLLECTIONS, '') : name;
}

export const ROLE_INCLUDES = new Set(['include_role', 'import_role']);
export const TASK_INCLUDES = new Set(['include_tasks', 'import_tasks', 'include']);
