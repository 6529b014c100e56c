import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseConfig } from '../../server/src/core/config/config-file';
import { defaultRulesDir } from '../../server/src/core/rules/load';
import { testEngine } from '../helpers';

const BILLION_LAUGHS =
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n';

describe('hostile input', () => {
  const cases: [string, string, string][] = [
    ['deeply nested flow sequences', 'user-data', `#cloud-config\nruncmd: ${'['.repeat(20000)}${']'.repeat(20000)}\n`],
    ['deeply nested block sequences', 'user-data', `#cloud-config\nruncmd:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}- `).join('\n')}x\n`],
    ['a YAML alias bomb', 'user-data', `#cloud-config\n${BILLION_LAUGHS}runcmd: *e\n`],
    ['a 2 MB line', 'user-data', `#cloud-config\nruncmd:\n  - curl -s https://x | sh ${'x'.repeat(2_000_000)}\n`],
    ['binary content named as user-data', 'user-data', `#!/bin/sh\n${Array.from({ length: 5000 }, (_, i) => String.fromCharCode(i % 256)).join('')}`],
    ['invalid UTF-8 read as replacement characters', 'user-data', `#cloud-config\nruncmd:\n  - echo \uFFFD\uFFFD | sh\n`],
    ['NUL bytes in a Dockerfile', 'Dockerfile', 'FROM alpine\u0000\nRUN \u0000curl x | sh\n'],
    ['5,000 nested command substitutions', 'user-data', `#!/bin/sh\n${'$('.repeat(5000)}x${')'.repeat(5000)}`],
    ['2,000 nested Ansible blocks', 'site.yml', `- hosts: all\n  tasks:\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(4 + i * 2)}- block:`).join('\n')}\n`],
    ['an empty file', 'user-data', ''],
    ['BOM, CRLF and tabs', 'user-data', '\uFEFF#cloud-config\r\nruncmd:\r\n\t- curl x | sh\r\n'],
    ['1,500 nested template directives', 'x.tpl', `#!/bin/sh\n${'%{if a}'.repeat(1500)}${'%{endif}'.repeat(1500)}`],
    ['100,000 interpolations on one line of a heredoc', 'main.tf', `resource "x" "y" {\n  user_data = <<EOT\n#!/bin/sh\n${'${a}'.repeat(100_000)}\nEOT\n}\n`],
    [
      'an unclosed Fn::Sub placeholder repeated',
      'stack.yaml',
      `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  W:\n    Type: AWS::EC2::Instance\n    Properties:\n      UserData: !Sub "${'${'.repeat(100_000)}"\n`,
    ],
  ];
  for (const [name, file, text] of cases) {
    it(`${name}: no exception, no rule failure, ranges inside, bounded time`, async () => {
      const engine = await testEngine();
      const start = performance.now();
      const analysis = engine.analyse(file, text);
      assert.ok(performance.now() - start < 3000, 'lint time bounded');
      assert.deepEqual(analysis.failures, []);
      assert.deepEqual(
        analysis.problems.filter((problem) => /could not be read/.test(problem.message)),
        [],
        'the reader did not fail',
      );
      for (const finding of analysis.findings) assert.ok(finding.span.start >= 0 && finding.span.end <= text.length);
    });
  }

  it('a YAML stream of 150,000 list items and a second document is joined without overflowing the stack', async () => {
    // More items than a function call takes arguments; parsing a megabyte of YAML is not what is timed here.
    const analysis = (await testEngine()).analyse('list.yml', `${'- a: 1\n'.repeat(150_000)}---\n- b: 1\n`);
    assert.deepEqual(
      analysis.problems.filter((problem) => /could not be read/.test(problem.message)),
      [],
    );
  });

  it('a file that runs out of its time budget says which rules did not run, and is not clean', async () => {
    const engine = await testEngine();
    const text = `#cloud-config\nruncmd:\n${Array.from({ length: 3000 }, (_, i) => `  - ip route add 10.${i % 250}.0.0/16 via 10.0.0.1`).join('\n')}\n`;
    const hurried = engine.analyse('user-data', text, {}, { budgetMs: 0 });
    assert.deepEqual(hurried.findings, []);
    assert.match(hurried.problems[0]?.message ?? '', /^checking stopped after 0 s, before \S+, \S+, \S+ and \d+ more could run/);
    const unhurried = engine.analyse('user-data', text);
    assert.deepEqual(unhurried.problems, []);
    assert.equal(unhurried.findings.filter((finding) => finding.ruleId === 'non-persistent-route').length, 3000);
  });

  it('a config file that is an alias bomb is reported, not expanded', () => {
    const config = parseConfig('/x/.hindsight.yaml', BILLION_LAUGHS, defaultRulesDir());
    assert.match(config.problems[0].message, /alias/i);
    assert.deepEqual(config.config, {});
  });
});

describe('CLI on hostile trees', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-hostile-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const cli = path.resolve(__dirname, '../../bin/hindsight.js');

  it('skips symlink loops, reports oversized files, reads empty and binary ones, and writes whole JSON', () => {
    mkdirSync(path.join(dir, 'loop'));
    symlinkSync(path.join(dir, 'loop'), path.join(dir, 'loop', 'again'));
    writeFileSync(path.join(dir, 'user-data'), '');
    writeFileSync(path.join(dir, 'user-data.bin'), Buffer.from([0xff, 0xfe, 0x00, 0x23, 0x21, 0x0a, 0xc3, 0x28]));
    writeFileSync(path.join(dir, 'big.yaml'), `#cloud-config\n# ${'x'.repeat(3 * 1024 * 1024)}\n`);
    writeFileSync(path.join(dir, 'Dockerfile'), 'FROM ubuntu\n');
    const result = spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json'], { cwd: dir, encoding: 'utf8' });
    assert.equal(result.status, 1);
    assert.deepEqual(
      JSON.parse(result.stdout).findings.map((finding: { file: string; ruleId: string }) => `${finding.file} ${finding.ruleId}`),
      ['Dockerfile floating-base-image'],
    );
    assert.match(result.stderr, /big\.yaml: skipped: larger than 2 MB/);
  });
});

describe('files that never end and documents inside documents', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hindsight-endless-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a file Packer or Terraform names under /proc is read only up to the cap', () => {
    writeFileSync(path.join(dir, 'packer.json'), '{"builders": [], "provisioners": [{"type": "shell", "script": "/proc/self/pagemap"}]}\n');
    const result = spawnSync(process.execPath, [path.resolve(__dirname, '../../bin/hindsight.js'), 'scan', '.'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
  });

  it('a broken cloud-config inside a heredoc is a parse problem of the host file', async () => {
    const analysis = (await testEngine()).analyse('main.tf', 'resource "x" "y" {\n  user_data = <<EOT\n#cloud-config\nfoo\nruncmd:\n  - ls\nEOT\n}\n');
    assert.match(analysis.problems.map((problem) => problem.message).join('\n'), /^YAML: /m);
  });
});
