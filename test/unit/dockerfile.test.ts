import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { detectFormat } from '../../server/src/core/formats/registry';
import { Engine } from '../../server/src/core/engine';
import type { CommandStep, ProvisioningDocument, Step } from '../../server/src/core/model';
import { parseImageReference } from '../../server/src/core/parse/dockerfile/image-reference';
import { initParsers } from '../../server/src/core/grammars';
import { dedent, parseDockerfile } from '../helpers';

before(() => initParsers());

function ofKind<K extends Step['kind']>(steps: Step[], kind: K): Extract<Step, { kind: K }>[] {
  return steps.filter((step): step is Extract<Step, { kind: K }> => step.kind === kind);
}

function commandTexts(doc: ProvisioningDocument): string[] {
  return ofKind(doc.steps, 'command').flatMap((step: CommandStep) => step.flat.map((command) => doc.text.slice(command.span.start, command.span.end)));
}

describe('Dockerfile detection', () => {
  it('by name and by editor language', () => {
    for (const name of ['Dockerfile', 'dir/Containerfile', 'Dockerfile.prod', 'Dockerfile-dev', 'Dockerfile_prod', 'api.Dockerfile', 'web-Dockerfile', 'x.containerfile']) {
      assert.deepEqual(detectFormat(name, 'FROM alpine\n'), { format: 'dockerfile' }, name);
    }
    assert.deepEqual(detectFormat('build.txt', 'FROM alpine\n', 'dockerfile'), { format: 'dockerfile' });
    assert.equal(detectFormat('Dockerfile-notes.md', 'FROM alpine\n'), undefined);
  });
});

describe('Dockerfile adapter', () => {
  it('RUN ranges land on the command text across continuation lines', () => {
    const doc = parseDockerfile(
      dedent(`
      FROM debian:bookworm-slim
      RUN --mount=type=cache,target=/var/cache/apt apt-get update \\
          && apt-get install -y \\
             curl \\
          && rm -rf /var/lib/apt/lists/*
    `),
    );
    assert.deepEqual(commandTexts(doc), ['apt-get update', 'apt-get install -y \\\n       curl', 'rm -rf /var/lib/apt/lists/*']);
    assert.deepEqual(
      ofKind(doc.steps, 'command').map((step) => step.phase),
      ['build'],
    );
  });

  it('heredocs are parsed as the script they are, with exact ranges', () => {
    const doc = parseDockerfile('FROM alpine:3.20\nRUN <<EOT\n  apk add curl\n  curl -sS https://x | sh\nEOT\n');
    assert.deepEqual(commandTexts(doc), ['apk add curl', 'curl -sS https://x', 'sh']);
  });

  it('honours the escape directive', () => {
    const doc = parseDockerfile('# escape=`\nFROM alpine:3.20\nRUN apk add curl `\n    && curl -sS https://x | sh\n');
    assert.deepEqual(commandTexts(doc), ['apk add curl', 'curl -sS https://x', 'sh']);
  });

  it('exec form maps each string inside its quotes', () => {
    const doc = parseDockerfile('FROM alpine:3.20\nRUN ["/bin/sh", "-c", "ip route show"]\n');
    const [step] = ofKind(doc.steps, 'command');
    assert.deepEqual(
      step.flat.map((command) => [command.program, doc.text.slice(command.span.start, command.span.end)]),
      [
        ['sh', '["/bin/sh", "-c", "ip route show"]'],
        ['ip', 'ip route show'],
      ],
    );
  });

  it('stages, ARG defaults in FROM, COPY/ADD flags, ENV', () => {
    const doc = parseDockerfile(
      dedent(`
      ARG REGISTRY=docker.io
      ARG TAG=3.12-slim
      FROM --platform=linux/amd64 \${REGISTRY}/library/python:\${TAG} AS build
      COPY --chmod=600 --from=context a.txt b.txt /dst/
      ADD --checksum=sha256:abc https://example.com/x.tgz /opt/
      FROM build
      ENV A=1 B="two words"
    `),
    );
    assert.deepEqual(
      ofKind(doc.steps, 'image').map((image) => [image.resolved, image.repository, image.tag, image.notAnImage]),
      [
        ['docker.io/library/python:3.12-slim', 'python', '3.12-slim', false],
        ['build', 'build', undefined, true],
      ],
    );
    assert.deepEqual(
      doc.stages!.map((stage) => [stage.name, stage.isFinal, stage.shipped, stage.parent?.name]),
      [
        ['build', false, true, undefined],
        [undefined, true, true, 'build'],
      ],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'copy').map((copy) => [copy.instruction, copy.sources.map((source) => source.value), copy.destination?.value, copy.from, copy.checksum]),
      [
        ['COPY', ['a.txt', 'b.txt'], '/dst/', 'context', undefined],
        ['ADD', ['https://example.com/x.tgz'], '/opt/', undefined, 'sha256:abc'],
      ],
    );
    assert.deepEqual(
      ofKind(doc.steps, 'environment')
        .filter((step) => step.stage)
        .map((step) => [step.name, step.value]),
      [
        ['A', '1'],
        ['B', 'two words'],
      ],
    );
  });

  it('splits image references as registries do', () => {
    assert.deepEqual(parseImageReference('debian'), { registry: undefined, repository: 'debian', tag: undefined, digest: undefined });
    assert.deepEqual(parseImageReference('localhost:5000/app:1.0@sha256:ab'), { registry: 'localhost:5000', repository: 'app', tag: '1.0', digest: 'sha256:ab' });
    assert.deepEqual(parseImageReference('docker.io/library/ubuntu:24.04'), { registry: 'docker.io', repository: 'ubuntu', tag: '24.04', digest: undefined });
    assert.deepEqual(parseImageReference('bitnami/redis:7'), { registry: undefined, repository: 'bitnami/redis', tag: '7', digest: undefined });
  });
});

describe('end-of-life dates are compared with today', () => {
  it('a release is reported from the day after its end of support, with the date in the message', async () => {
    const text = 'FROM python:3.10-slim\n';
    const on = await Engine.create({ today: () => new Date('2026-10-31T12:00:00Z') });
    assert.deepEqual(
      on.analyse('Dockerfile', text).findings.filter((finding) => finding.ruleId === 'eol-base-image'),
      [],
    );
    const after = await Engine.create({ today: () => new Date('2026-11-01T00:00:00Z') });
    const [finding] = after.analyse('Dockerfile', text).findings.filter((candidate) => candidate.ruleId === 'eol-base-image');
    assert.match(finding.message, /Python 3\.10, which reached end of life on 2026-10-31.*Move to python:3\.14-slim/);
  });
});
