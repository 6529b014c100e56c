import fc from 'fast-check';
import { parseDocument } from 'yaml';
import type { Analysis, Engine } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/finding';
import { maskJinja } from '../../server/src/core/text/jinja';
import { applyEdits } from '../helpers';

/** Lint time a single document of the generated sizes must stay under. */
export const TIME_LIMIT_MS = 2000;

/**
 * The engine's promises for any text: it does not throw, no rule fails, every range lies inside the
 * document, it finishes in bounded time, and every fix leaves a document that still parses, no
 * longer has that finding, and gains no new parse error. Returns what broke, empty when nothing did.
 */
export function violations(engine: Engine, fileName: string, text: string): string[] {
  const out: string[] = [];
  const start = performance.now();
  let analysis;
  try {
    analysis = engine.analyse(fileName, text);
  } catch (error) {
    return [`threw: ${(error as Error).stack}`];
  }
  const elapsed = performance.now() - start;
  if (elapsed > TIME_LIMIT_MS) out.push(`took ${elapsed.toFixed(0)} ms`);
  for (const failure of analysis.failures) out.push(`rule ${failure.ruleId} failed: ${failure.error.stack}`);
  for (const finding of analysis.findings) {
    if (finding.span.start < 0 || finding.span.end > text.length || finding.span.start > finding.span.end)
      out.push(`${finding.ruleId} range ${JSON.stringify(finding.span)} outside 0..${text.length}`);
  }
  const yaml = analysis.doc && analysis.doc.format !== 'dockerfile' && analysis.doc.format !== 'user-data-script';
  // YAML is checked the way the adapter reads it: cloud-init masks Jinja (a template is not YAML
  // until rendered), Ansible does not (Ansible requires Jinja in quotes).
  const masked = analysis.doc?.format === 'cloud-init';
  const yamlErrors = (source: string) => parseDocument(masked ? maskJinja(source) : source).errors.length;
  const errorsBefore = yaml ? yamlErrors(text) : 0;
  for (const finding of analysis.findings) {
    const fix = engine.fixes(analysis, finding)[0];
    if (!fix) continue;
    const fixed = applyEdits(text, fix.edits);
    let after;
    try {
      after = engine.analyse(fileName, fixed);
    } catch (error) {
      out.push(`fix "${fix.title}" made the engine throw: ${(error as Error).message}`);
      continue;
    }
    if (yaml && yamlErrors(fixed) > errorsBefore) out.push(`fix "${fix.title}" broke the YAML:\n${fixed}`);
    const flagged = text.slice(finding.span.start, finding.span.end);
    const count = (findings: typeof analysis.findings, source: string) =>
      findings.filter((other) => other.ruleId === finding.ruleId && source.slice(other.span.start, other.span.end) === flagged).length;
    if (count(after.findings, fixed) >= count(analysis.findings, text)) out.push(`fix "${fix.title}" left ${finding.ruleId} in place:\n${fixed}`);
  }
  for (const finding of analysis.findings) out.push(...ignoreViolations(engine, fileName, text, analysis, finding));
  return out;
}

/** Every command a document runs, as program and arguments. */
function commandsOf(analysis: Analysis): string[] {
  return (analysis.doc?.steps ?? [])
    .flatMap((step) => (step.kind === 'command' ? step.flat.map((command) => [command.program, ...command.args.map((arg) => arg.value)].join(' ')) : []))
    .sort();
}

/**
 * "Ignore for this line" must suppress its finding, keep every line of the file byte for byte (it
 * only adds one) and keep every command the file runs: a pragma inside a quoted or folded scalar
 * would turn the rest of the command into a comment.
 */
function ignoreViolations(engine: Engine, fileName: string, text: string, analysis: Analysis, finding: Finding): string[] {
  const [line] = engine.ignoreFixes(analysis, finding);
  if (!line) return [];
  const fixed = applyEdits(text, line.edits);
  const after = engine.analyse(fileName, fixed);
  const out: string[] = [];
  const lines = fixed.split('\n');
  let at = 0;
  for (const original of text.split('\n')) {
    while (at < lines.length && lines[at] !== original) at++;
    if (at === lines.length) {
      out.push(`ignore for ${finding.ruleId} changed the line ${JSON.stringify(original)}:\n${fixed}`);
      break;
    }
    at++;
  }
  if (JSON.stringify(commandsOf(after)) !== JSON.stringify(commandsOf(analysis))) out.push(`ignore for ${finding.ruleId} changed the commands:\n${fixed}`);
  const inserted = line.edits[0].newText.length;
  const moved = finding.span.start >= line.edits[0].span.start ? finding.span.start + inserted : finding.span.start;
  if (after.findings.some((other) => other.ruleId === finding.ruleId && other.span.start === moved)) out.push(`ignore for ${finding.ruleId} does not cover it:\n${fixed}`);
  return out;
}

const SHELL = [
  'ip route add 10.0.0.0/8 via 10.1.1.1 dev eth0',
  'ip rule add from 10.2.0.0/16 table 7',
  'curl -fsSL https://example.com/i.sh | sh',
  'bash <(curl -s https://x)',
  'sh -c "$(wget -qO- https://y)"',
  'systemctl restart systemd-networkd',
  'netplan apply',
  'ufw enable',
  'ufw allow ssh',
  'apt-get install -y unattended-upgrades frr',
  'NEEDRESTART_MODE=a apt-get -y dist-upgrade',
  'echo "unbalanced',
  'cat <<EOF > /etc/x\nhello\nEOF',
  'for i in 1 2; do ip route add 10.$i.0.0/16 dev eth0; done',
  'x=$(( 1 + ',
  '{{ jinja }} | sh',
];

const YAML_NOISE = ['', '  ', '\t', '- ', ': ', '|', '>', '"', "'", '{', '[', '&a', '*a', '!!binary', '#', '---', '...', '\r', '\uFEFF', '\u0000'];

const line = fc.oneof(fc.constantFrom(...SHELL), fc.string({ maxLength: 40 }), fc.constantFrom(...YAML_NOISE));

/** cloud-config with runcmd/bootcmd/write_files built from shell snippets and noise. */
export const cloudConfig = fc
  .record({
    run: fc.array(line, { maxLength: 12 }),
    boot: fc.array(line, { maxLength: 4 }),
    files: fc.array(
      fc.record({
        path: fc.constantFrom('/etc/rc.local', '/etc/apt/apt.conf.d/20auto-upgrades', '/etc/needrestart/conf.d/a.conf', '/etc/systemd/networkd.conf.d/x.conf', '/tmp/x'),
        body: fc.array(line, { maxLength: 4 }),
      }),
      { maxLength: 3 },
    ),
    packageUpgrade: fc.boolean(),
    packages: fc.array(fc.constantFrom('frr', 'unattended-upgrades', 'nginx', '[frr, "1.0"]'), { maxLength: 3 }),
  })
  .map(({ run, boot, files, packageUpgrade, packages }) =>
    [
      '#cloud-config',
      `package_upgrade: ${packageUpgrade}`,
      packages.length ? `packages:\n${packages.map((pkg) => `  - ${pkg}`).join('\n')}` : '',
      boot.length ? `bootcmd:\n${boot.map((item) => `  - ${item}`).join('\n')}` : '',
      files.length ? `write_files:\n${files.map((file) => `  - path: ${file.path}\n    content: |\n${file.body.map((body) => `      ${body}`).join('\n')}`).join('\n')}` : '',
      run.length ? `runcmd:\n${run.map((item) => `  - ${item}`).join('\n')}` : '',
    ].join('\n'),
  );

/** Ansible plays and tasks with risky modules, in mapping and free-form shapes. */
export const playbook = fc
  .array(
    fc.oneof(
      line.map((command) => `    - shell: ${JSON.stringify(command)}`),
      fc.constantFrom(
        '    - apt: name=unattended-upgrades',
        '    - apt:\n        upgrade: dist',
        '    - systemd: name=systemd-networkd state=restarted',
        '    - ufw: state=enabled',
        '    - ufw: rule=allow port=22',
        '    - reboot:',
        '    - template: {src: "{{ item }}.j2", dest: "/etc/apt/apt.conf.d/{{ item }}"}\n      loop: [a, b]',
        '    - block:\n        - command: ip route add 1.2.3.0/24 dev eth0',
      ),
      fc.string({ maxLength: 30 }).map((noise) => `    ${noise}`),
    ),
    { maxLength: 10 },
  )
  .chain((tasks) =>
    fc
      .record({ hosts: fc.constantFrom('all', 'localhost', 'web', 'db1.example.com'), serial: fc.boolean() })
      .map(({ hosts, serial }) => `- hosts: ${hosts}\n${serial ? '  serial: 1\n' : ''}  tasks:\n${tasks.join('\n')}\n`),
  );

/** Dockerfiles with stages, continuations, heredocs and exec form. */
export const dockerfile = fc
  .array(
    fc.oneof(
      fc.constantFrom('FROM ubuntu', 'FROM debian:stretch-slim AS build', 'FROM build', 'FROM scratch', 'ARG BASE=node:16', 'FROM ${BASE}', 'FROM python:3.7@sha256:abc'),
      line.map((command) => `RUN ${command}`),
      line.map((command) => `RUN apt-get update \\\n    && ${command}`),
      fc.constantFrom(
        'COPY id_rsa /root/.ssh/id_rsa',
        'ENV API_TOKEN=abc',
        'ARG NPM_TOKEN',
        'RUN ["sh", "-c", "curl x | sh"]',
        'RUN <<EOT\ncurl y | bash\nEOT',
        'ONBUILD RUN curl z | sh',
        '# escape=`',
      ),
      fc.string({ maxLength: 30 }),
    ),
    { maxLength: 12 },
  )
  .map((lines) => lines.join('\n'));

/** Shell user-data: the snippets every format uses, with noise, one per line. */
export const shellUserData = fc.array(line, { maxLength: 15 }).map((lines) => `#!/bin/sh\n${lines.join('\n')}\n`);

/** Service units: Exec lines from shell snippets, install sections and networkd bindings, with noise. */
export const systemdUnit = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '[Unit]',
        '[Service]',
        '[Install]',
        'Type=oneshot',
        'RemainAfterExit=yes',
        'WantedBy=multi-user.target',
        'PartOf=systemd-networkd.service',
        'After=systemd-networkd.service',
      ),
      line.map((command) => `ExecStart=${command}`),
      line.map((command) => `ExecStartPost=-/bin/sh -c '${command}'`),
      line.map((command) => `ExecStart=${command} \\\n  ${command}`),
      fc.string({ maxLength: 30 }),
    ),
    { maxLength: 12 },
  )
  .map((lines) => `[Service]\n${lines.join('\n')}\n`);

/** Terraform instances whose user_data is a heredoc, a template call or a quoted string of shell and cloud-config. */
export const terraformUserData = fc
  .array(
    fc.record({
      form: fc.constantFrom('heredoc', 'indented', 'string', 'templatefile'),
      body: fc.array(line, { maxLength: 6 }),
      cloudConfig: fc.boolean(),
    }),
    { maxLength: 4 },
  )
  .map((instances) =>
    instances
      .map(({ form, body, cloudConfig: asCloudConfig }, i) => {
        const script = asCloudConfig ? `#cloud-config\nruncmd:\n${body.map((command) => `  - ${command}`).join('\n')}` : `#!/bin/sh\n${body.join('\n')}`;
        const value = {
          heredoc: `<<EOF\n${script}\nEOF`,
          indented: `<<-EOT\n    ${script.split('\n').join('\n    ')}\n  EOT`,
          string: JSON.stringify(script).replace(/\$\{/g, '$$$${'),
          templatefile: `templatefile("\${path.module}/init-${i}.sh", { region = var.region })`,
        }[form];
        return `resource "aws_instance" "node_${i}" {\n  ami       = var.ami\n  user_data = ${value}\n}\n`;
      })
      .join('\n'),
  );

/** Random edits of a real text: deletions, duplications, insertions of noise, line-ending changes. */
export function mutations(text: string) {
  return fc
    .array(
      fc.record({
        at: fc.nat(),
        length: fc.nat({ max: 40 }),
        kind: fc.constantFrom('delete', 'duplicate', 'insert', 'crlf', 'tabs'),
        noise: fc.constantFrom(...YAML_NOISE, ...SHELL),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) =>
      edits.reduce((current, edit) => {
        const at = current.length === 0 ? 0 : edit.at % current.length;
        switch (edit.kind) {
          case 'delete':
            return current.slice(0, at) + current.slice(at + edit.length);
          case 'duplicate':
            return current.slice(0, at + edit.length) + current.slice(at, at + edit.length) + current.slice(at + edit.length);
          case 'insert':
            return current.slice(0, at) + edit.noise + current.slice(at);
          case 'crlf':
            return current.replace(/\n/g, '\r\n');
          default:
            return current.replace(/ {2}/g, '\t');
        }
      }, text),
    );
}

/** Multi-line scalars of every style, Jinja blocks around items, and a second runcmd key: where pragmas and fixes go wrong. */
export const trickyCloudConfig = fc
  .record({
    style: fc.constantFrom('plain', 'double', 'single', 'folded', 'literal'),
    jinja: fc.boolean(),
    duplicate: fc.boolean(),
    crlf: fc.boolean(),
    commands: fc.array(fc.constantFrom(...SHELL.slice(0, 8)), { minLength: 1, maxLength: 3 }),
  })
  .map(({ style, jinja, duplicate, crlf, commands }) => {
    const body = commands.join(';\n    ');
    const item = {
      plain: `  - echo start;\n    ${body}`,
      double: `  - "echo start;\n    ${body.replace(/["\\]/g, '\\$&')}"`,
      single: `  - 'echo start;\n    ${body.replace(/'/g, "''")}'`,
      folded: `  - >\n    echo start;\n    ${body}`,
      literal: `  - |\n    echo start\n    ${commands.join('\n    ')}`,
    }[style];
    const lines = [
      jinja ? '## template: jinja' : '',
      '#cloud-config',
      duplicate ? 'runcmd:\n  - echo first\nhostname: edge' : '',
      'runcmd:',
      jinja ? `{% if v1.region == "eu" %}\n${item}\n{% endif %}` : item,
    ];
    const text = `${lines.filter(Boolean).join('\n')}\n`;
    return crlf ? text.replace(/\n/g, '\r\n') : text;
  });
