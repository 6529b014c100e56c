import { ruleSpec } from './spec';

ruleSpec('floating-base-image', {
  fires: [
    {
      name: 'no tag, latest, and an ARG default that resolves to no tag; a builder stage too',
      fileName: 'Dockerfile',
      text: `
        ARG BASE=ubuntu
        FROM golang AS build
        FROM \${BASE}
        FROM alpine:latest
      `,
      flagged: ['golang', '${BASE}', 'alpine:latest'],
    },
  ],
  clean: [
    {
      name: 'tags, digests, scratch, earlier stages, unknown ARG values',
      fileName: 'Dockerfile',
      text: `
        ARG VARIANT
        FROM debian:bookworm-slim AS base
        FROM base AS test
        FROM scratch
        FROM ubuntu@sha256:2e863c44b718727c860746568e1d54afd13b2fa71b160f5cd9058fc436217b30
        FROM python:\${VARIANT}
        FROM registry.example.com:5000/team/app:1.4.2
      `,
    },
  ],
});

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
        FROM debian:bookworm-slim
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
  ],
  clean: [
    {
      name: 'supported releases, and versions that only share a prefix',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm
        FROM python:3.12-slim
        FROM node:22
        FROM ubuntu:24.04
        FROM python:3.70
        FROM mycorp/debian:stretch-tools-2
      `,
    },
  ],
});

ruleSpec('secret-in-image-layer', {
  fires: [
    {
      name: 'private key copied then deleted; fix turns it into a secret mount',
      fileName: 'Dockerfile',
      text: `
        FROM alpine:3.20
        COPY id_rsa /root/.ssh/id_rsa
        RUN git clone git@example.com:team/repo.git /src
      `,
      flagged: ['id_rsa'],
      fixed: `
        FROM alpine:3.20
        RUN --mount=type=secret,id=id_rsa,target=/root/.ssh/id_rsa git clone git@example.com:team/repo.git /src
      `,
    },
    {
      name: 'ENV with a secret name or value; ARG used by RUN',
      fileName: 'Dockerfile',
      text: `
        FROM node:22-slim
        ENV API_TOKEN=abc123 AWS_KEY=AKIAIOSFODNN7EXAMPLE
        ARG NPM_TOKEN
        RUN echo "//registry.npmjs.org/:_authToken=\${NPM_TOKEN}" > .npmrc && npm ci && rm .npmrc
      `,
      flagged: ['API_TOKEN=abc123', 'AWS_KEY=AKIAIOSFODNN7EXAMPLE', 'NPM_TOKEN'],
    },
    {
      name: 'a stage the final image is built on ships its layers',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm-slim AS base
        COPY .npmrc /root/.npmrc
        FROM base
        RUN true
      `,
      flagged: ['.npmrc'],
    },
  ],
  clean: [
    {
      name: 'a builder stage keeps the secret out of the final image',
      fileName: 'Dockerfile',
      text: `
        FROM golang:1.23 AS build
        COPY id_rsa /root/.ssh/id_rsa
        ENV GITHUB_TOKEN=abc
        RUN go build -o /app .
        FROM gcr.io/distroless/static:nonroot
        COPY --from=build /app /app
      `,
    },
    {
      name: 'non-secret names, file pointers, GPG key fingerprints, public keys, unused ARG',
      fileName: 'Dockerfile',
      text: `
        FROM postgres:16
        ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D PGDATA=/var/lib/postgresql/data
        ENV POSTGRES_PASSWORD_FILE=/run/secrets/pg TOKEN_URL=https://auth.example.com/token
        ENV DB_PASSWORD=
        ARG APP_SECRET
        ARG VERSION=1.0
        COPY id_rsa.pub /root/.ssh/authorized_keys
        COPY server.crt /etc/ssl/certs/
        RUN echo "\${VERSION}"
      `,
    },
  ],
});

ruleSpec('remote-script-piped-to-shell', {
  fires: [
    {
      name: 'Dockerfile: pipe on the next continuation line, heredoc, exec form, ONBUILD',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm-slim
        RUN apt-get update && \\
            curl -fsSL https://deb.nodesource.com/setup_22.x \\
            | bash -
        RUN <<EOT
        set -e
        curl -sSL https://install.example.com | sh
        EOT
        RUN ["sh", "-c", "curl -fsSL https://x.example.com | sh"]
        ONBUILD RUN wget -qO- https://y.example.com | sh
      `,
      flagged: [
        'curl -fsSL https://deb.nodesource.com/setup_22.x \\\n    | bash -',
        'curl -sSL https://install.example.com | sh',
        'curl -fsSL https://x.example.com | sh',
        'wget -qO- https://y.example.com | sh',
      ],
    },
  ],
  clean: [
    {
      name: 'Dockerfile: heredoc written to a file is data, ADD with checksum',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm-slim
        RUN cat <<EOF > /usr/local/bin/setup
        curl -sSL https://install.example.com | sh
        EOF
        ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.tgz /opt/
      `,
    },
  ],
});

ruleSpec('unattended-upgrades-enabled', {
  fires: [],
  clean: [
    {
      name: 'a container never runs the upgrade timer',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y unattended-upgrades
      `,
    },
  ],
});
