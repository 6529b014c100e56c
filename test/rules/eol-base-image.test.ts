import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Engine } from '../../server/src/core/engine';
import { applyEdits } from '../helpers';
import { ruleSpec, ruleTests } from './spec';

ruleSpec('eol-base-image', {
  fires: [
    {
      name: 'Debian codename, fixed to the successor keeping the variant',
      fileName: 'Dockerfile',
      text: `
        FROM debian:stretch-slim
        RUN apt-get update
      `,
      flagged: ['debian:stretch-slim'],
      fixed: `
        FROM debian:trixie-slim
        RUN apt-get update
      `,
    },
    {
      name: 'language images by version, and by the distribution named in the tag',
      fileName: 'app.Dockerfile',
      text: `
        FROM node:16-alpine AS assets
        FROM python:3.11-slim-buster
        COPY --from=assets /out /app
      `,
      flagged: ['node:16-alpine', 'python:3.11-slim-buster'],
    },
    {
      name: 'CentOS and Ubuntu by version number',
      fileName: 'Containerfile',
      text: `
        FROM centos:7
        FROM ubuntu:18.04
      `,
      flagged: ['centos:7', 'ubuntu:18.04'],
    },
    {
      name: 'Python 2 and Python 3.5 on Alpine',
      fileName: 'Dockerfile',
      text: `
        FROM python:2-alpine AS legacy
        FROM python:3.5-alpine
      `,
      flagged: ['python:2-alpine', 'python:3.5-alpine'],
    },
    {
      name: 'Alpine 3.18 to 3.21',
      fileName: 'Dockerfile',
      text: `
        FROM alpine:3.18 AS a
        FROM alpine:3.19.4 AS b
        FROM alpine:3.20 AS c
        FROM alpine:3.21
      `,
      flagged: ['alpine:3.18', 'alpine:3.19.4', 'alpine:3.20', 'alpine:3.21'],
    },
    {
      name: 'Node.js 20, moved to Node.js 24',
      fileName: 'Dockerfile',
      text: `
        FROM node:20
        RUN npm ci
      `,
      flagged: ['node:20'],
      fixed: `
        FROM node:24
        RUN npm ci
      `,
    },
    {
      name: 'a codename alone as the tag of a language image',
      fileName: 'Dockerfile',
      text: `
        FROM rust:buster
        RUN cargo build
      `,
      flagged: ['rust:buster'],
      fixed: `
        FROM rust:trixie
        RUN cargo build
      `,
    },
    {
      name: 'MySQL 5.7',
      fileName: 'Dockerfile',
      text: `
        FROM mysql:5.7
      `,
      flagged: ['mysql:5.7'],
    },
    {
      name: 'Ubuntu interim releases',
      fileName: 'Dockerfile',
      text: `
        FROM ubuntu:24.10 AS a
        FROM ubuntu:plucky
      `,
      flagged: ['ubuntu:24.10', 'ubuntu:plucky'],
    },
    {
      name: 'CentOS Stream 8 on quay.io and on Docker Hub',
      fileName: 'Dockerfile',
      text: `
        FROM quay.io/centos/centos:stream8 AS a
        FROM centos:stream8
      `,
      flagged: ['quay.io/centos/centos:stream8', 'centos:stream8'],
    },
  ],
  clean: [
    {
      name: 'supported releases, and versions that only share a prefix',
      fileName: 'Dockerfile',
      text: `
        FROM debian:trixie
        FROM python:3.14-slim
        FROM node:24
        FROM ubuntu:26.04
        FROM alpine:3.24
        FROM python:3.70
        FROM alpine:3.2x
        FROM mycorp/debian:stretch-tools-2
      `,
    },
    {
      name: 'floating tags, which say no release (floating-base-image reports them)',
      fileName: 'Dockerfile',
      text: `
        FROM debian:stable-slim
        FROM node:lts-alpine
      `,
    },
  ],
});

ruleTests('eol-base-image on a fixed day', () => {
  const today = new Date('2026-11-27T12:00:00Z');
  const engine = Engine.create({ today: () => today });
  const analysed = async (image: string) => {
    const text = `FROM ${image}\n`;
    const analysis = (await engine).analyse('Dockerfile', text);
    const finding = analysis.findings.find((candidate) => candidate.ruleId === 'eol-base-image');
    const report = finding && (await engine).fixReport(analysis, finding);
    const fixed = report?.fixes[0] && applyEdits(text, report.fixes[0].edits).trim().replace(/^FROM /, '');
    return { message: finding?.message, fixed, withheld: report?.withheld.map((entry) => entry.reason).join('\n') };
  };

  it('keeps the variant: slim stays slim, Alpine stays Alpine on a supported Alpine, an ended distribution becomes its successor', async () => {
    const cases: [string, string][] = [
      ['python:3.9-alpine3.18', 'python:3.14-alpine3.24'],
      ['python:3.8-slim-buster', 'python:3.14-slim-trixie'],
      ['python:3.8.10-slim', 'python:3.14-slim'],
      ['python:3.11-slim-buster', 'python:3.11-slim-trixie'],
      ['node:20-bullseye-slim', 'node:24-trixie-slim'],
      ['node:20-bookworm', 'node:24-bookworm'],
      ['node:iron-alpine', 'node:24-alpine'],
      ['node:bullseye-slim', 'node:trixie-slim'],
      ['php:7.4-fpm-alpine3.16', 'php:8.4-fpm-alpine3.24'],
      ['debian:10.13-slim', 'debian:trixie-slim'],
      ['docker.io/library/python:3.8', 'docker.io/library/python:3.14'],
      ['centos:stream8', 'quay.io/centos/centos:stream9'],
      ['quay.io/centos/centos:stream8', 'quay.io/centos/centos:stream9'],
      ['ubuntu:25.04', 'ubuntu:26.04'],
    ];
    for (const [image, expected] of cases) assert.equal((await analysed(image)).fixed, expected, image);
  });

  it('withholds the fix, saying why, where no rewrite is known to be safe', async () => {
    const cases: [string, RegExp][] = [
      ['mysql:5.7', /data directory only from the release series before/],
      ['postgres:12-alpine', /pg_upgrade/],
      ['python:2.7-slim', /does not run Python 2 code/],
      ['python:3.8-windowsservercore', /`windowsservercore` is not a variant known to exist on python:3\.14/],
      ['rust:1.50-buster', /whether rust 1\.50 is built on debian:trixie is not known/],
      ['registry.example.com/python:3.8', /whether registry\.example\.com carries the successor/],
      ['python:3.8@sha256:2e863c44b718727c860746568e1d54afd13b2fa71b160f5cd9058fc436217b30', /digest/],
    ];
    for (const [image, reason] of cases) {
      const { fixed, withheld } = await analysed(image);
      assert.equal(fixed, undefined, image);
      assert.match(withheld ?? '', reason, image);
    }
  });

  it('says whether the release, the distribution under it, or both ended', async () => {
    assert.match((await analysed('node:20')).message!, /is Node\.js 20, which reached end of life on 2026-04-30: .*Move to node:24\./);
    assert.match(
      (await analysed('python:3.11-slim-buster')).message!,
      /is built on Debian 10 \(buster\), which reached end of life on 2024-06-30 \(Python 3\.11 itself is still supported\).*Move to python:3\.11-slim-trixie\./,
    );
    assert.match((await analysed('python:3.9-alpine3.18')).message!, /is Python 3\.9, which reached end of life on 2025-10-31, built on Alpine 3\.18, which reached end of life on 2025-05-09/);
    assert.match((await analysed('eclipse-temurin:17-jre-focal')).message!, /Move to a tag of eclipse-temurin built on ubuntu:24\.04\./);
  });

  it('reports a release from the day after its date, whether or not the catalog marks it ended', async () => {
    const flagged = async (day: string, image: string) =>
      (await Engine.create({ today: () => new Date(day) })).analyse('Dockerfile', `FROM ${image}\n`).findings.some((finding) => finding.ruleId === 'eol-base-image');
    assert.equal(await flagged('2026-11-01T12:00:00Z', 'alpine:3.21'), false);
    assert.equal(await flagged('2026-11-02T00:00:00Z', 'alpine:3.21'), true);
    assert.equal(await flagged('2027-11-02T00:00:00Z', 'alpine:3.23'), true, 'Alpine 3.23 is not marked ended in the catalog');
  });
});
