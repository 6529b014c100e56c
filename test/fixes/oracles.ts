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

/** netplan generate over the netplan files a cloud-config writes; the networkd files it produced, concatenated. */
function netplan(files: { path: string; content: string }[]): { verdict: Verdict; networkd: string } | undefined {
  const plans = files.filter((file) => /^\/etc\/netplan\/[^/]+\.ya?ml$/.test(file.path));
  if (plans.length === 0) return undefined;
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
    let networkd = '';
    try {
      networkd = readdirSync(dir)
        .map((name) => readFileSync(path.join(dir, name), 'utf8'))
        .join('\n');
    } catch {
      networkd = '';
    }
    return { verdict, networkd };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
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

/** The consuming tools' verdicts on a file, by the format Hindsight read it as. */
export function judge(format: string, fileName: string, text: string, workdir: string): Verdict[] {
  const file = path.join(workdir, path.basename(fileName));
  if (format === 'cloud-init') {
    const templated = /^##\s*template:\s*jinja/i.test(text);
    const rendered = templated ? renderJinja(text) : { text, verdict: undefined };
    if (rendered.text === undefined) return [rendered.verdict!];
    writeFileSync(file, rendered.text);
    const verdicts = [...(rendered.verdict ? [rendered.verdict] : []), run('cloud-init schema', 'cloud-init', ['schema', '--config-file', file])];
    const files = writtenFiles(rendered.text);
    const plans = netplan(files);
    const apt = aptConfig(files);
    return [...verdicts, ...(plans ? [plans.verdict] : []), ...(apt ? [apt.verdict] : [])];
  }
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

/** Details a netplan route fix and a periodic-off fix must have effect on (not only be accepted). */
export function effects(text: string): { networkd?: string; apt?: string } {
  const files = writtenFiles(text);
  return { networkd: netplan(files)?.networkd, apt: aptConfig(files)?.dump };
}
