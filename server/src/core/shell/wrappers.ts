import type { Word } from '../model';

/** Options of wrapper programs that take a separate value, by wrapper. */
const OPTIONS_WITH_VALUE = new Map<string, Set<string>>(
  Object.entries({
    sudo: new Set(['-u', '-g', '-C', '-D', '-h', '-p', '-r', '-t', '-U', '--user', '--group']),
    doas: new Set(['-u', '-C']),
    env: new Set(['-u', '-C', '-S', '--unset', '--chdir']),
    nice: new Set(['-n', '--adjustment']),
    ionice: new Set(['-c', '-n', '-p']),
    timeout: new Set(['-s', '-k', '--signal', '--kill-after']),
    stdbuf: new Set(['-i', '-o', '-e']),
    nohup: new Set(),
    exec: new Set(['-a']),
    time: new Set(['-f', '-o']),
    command: new Set(),
    builtin: new Set(),
    // Runs its program with arguments read from its input: what the input holds, the file does not say.
    xargs: new Set(['-a', '-d', '-E', '-I', '-L', '-n', '-P', '-s', '--arg-file', '--delimiter', '--max-args', '--max-lines', '--max-procs', '--max-chars']),
  }),
);

/** Wrappers whose first operand is not the program (timeout's duration). */
const LEADING_OPERANDS = new Map([['timeout', 1]]);

/**
 * Strips programs that only run another program (`sudo -u x env A=b nohup ip …` → `ip …`),
 * collecting `A=b` given to env or sudo as assignments. Returns undefined for a wrapper with no program.
 */
export function unwrapCommand(words: Word[]): { words: Word[]; assignments: Word[] } | undefined {
  const assignments: Word[] = [];
  let i = 0;
  for (;;) {
    if (i >= words.length) return undefined;
    const name = words[i].value.slice(words[i].value.lastIndexOf('/') + 1);
    const withValue = OPTIONS_WITH_VALUE.get(name);
    if (!withValue) break;
    i++;
    while (i < words.length) {
      const word = words[i].value;
      if ((name === 'env' || name === 'sudo') && /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
        assignments.push(words[i]);
        i++;
      } else if (word === '--') {
        i++;
        break;
      } else if (word.startsWith('-') && word.length > 1) {
        i += withValue.has(word) ? 2 : 1;
      } else {
        break;
      }
    }
    i += LEADING_OPERANDS.get(name) ?? 0;
  }
  return { words: words.slice(i), assignments };
}
