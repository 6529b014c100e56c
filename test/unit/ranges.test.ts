import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CommandStep, ProvisioningDocument } from '../../server/src/core/model';
import { initParsers } from '../../server/src/core/grammars';
import { maskJinja } from '../../server/src/core/text/jinja';
import { dedent, parseCloudConfig, testEngine } from '../helpers';

before(() => initParsers());

/** The source text under every simple command of the document, in order. */
function commandTexts(doc: ProvisioningDocument): string[] {
  return doc.steps
    .filter((step): step is CommandStep => step.kind === 'command')
    .flatMap((step) => step.flat.map((command) => doc.text.slice(command.span.start, command.span.end)));
}

function argTexts(doc: ProvisioningDocument, program: string): string[] {
  return doc.steps
    .filter((step): step is CommandStep => step.kind === 'command')
    .flatMap((step) => step.flat.filter((command) => command.program === program))
    .flatMap((command) => command.args.map((arg) => doc.text.slice(arg.span.start, arg.span.end)));
}

describe('source ranges of shell inside YAML', () => {
  it('plain, single- and double-quoted scalars', () => {
    const doc = parseCloudConfig(
      dedent(`
      #cloud-config
      runcmd:
        - echo plain && ls -l
        - 'echo ''single'' quoted'
        - "printf \\"%s\\\\n\\" double"
    `),
    );
    assert.deepEqual(commandTexts(doc), ['echo plain', 'ls -l', "echo ''single'' quoted", 'printf \\"%s\\\\n\\" double']);
  });

  it('literal and folded block scalars, with continuation lines', () => {
    const doc = parseCloudConfig(
      dedent(`
      #cloud-config
      runcmd:
        - |
          apt-get update
          apt-get install -y \\
            nginx
        - >
          systemctl enable
          nginx
    `),
    );
    assert.deepEqual(commandTexts(doc), ['apt-get update', 'apt-get install -y \\\n      nginx', 'systemctl enable\n    nginx']);
  });

  it('list form: every word keeps its own range', () => {
    const doc = parseCloudConfig('#cloud-config\nbootcmd:\n  - [ip, route, add, "10.0.0.0/8", via, 10.1.1.1]\n');
    assert.deepEqual(argTexts(doc, 'ip'), ['route', 'add', '"10.0.0.0/8"', 'via', '10.1.1.1']);
  });

  it('CRLF line endings and a BOM do not shift ranges', () => {
    const text = '\uFEFF#cloud-config\r\nruncmd:\r\n  - ip route add 10.0.0.0/8 dev eth0\r\n';
    assert.deepEqual(commandTexts(parseCloudConfig(text)), ['ip route add 10.0.0.0/8 dev eth0']);
  });

  it('Jinja expressions neither break parsing nor ranges', () => {
    const text = dedent(`
      ## template: jinja
      #cloud-config
      {% if v1.distro == 'ubuntu' %}
      runcmd:
        - {{ cmd }}
        - ip route add {{ ds.meta_data.cidr }} via 10.0.0.1
      {% endif %}
    `);
    const doc = parseCloudConfig(text);
    assert.deepEqual(doc.problems, []);
    assert.deepEqual(commandTexts(doc), ['{{ cmd }}', 'ip route add {{ ds.meta_data.cidr }} via 10.0.0.1']);
    assert.equal(maskJinja(text).length, text.length);
  });
});

describe('a parse problem covers the text it is about', () => {
  it('in every face: the engine reports it without the line break and indentation after it', async () => {
    const text = readFileSync(path.resolve(__dirname, '../../examples/user-data'), 'utf8').replace('\n  - jq\n', '\n - jq\n');
    const problem = (await testEngine()).analyse('user-data', text).problems.find((each) => /Implicit map keys/.test(each.message))!;
    assert.equal(text.slice(problem.span.start, problem.span.end), '- jq');
  });
});
