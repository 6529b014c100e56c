import { ruleSpec } from './spec';

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

ruleSpec('secret-in-image-layer', {
  fires: [
    {
      name: 'ENV in the legacy space form, a LICENSE_KEY and a ROOTPASS name',
      fileName: 'Dockerfile',
      text: `
        FROM ruby:3.4
        ENV LICENSE_KEY lgNvGyhnQ8f2kLmZ0pXr
        ENV LDAP_ROOTPASS=s3cr3tpassw0rd
      `,
      flagged: ['LICENSE_KEY lgNvGyhnQ8f2kLmZ0pXr', 'LDAP_ROOTPASS=s3cr3tpassw0rd'],
    },
    {
      name: 'a copied .ssh folder (no secret-mount rewrite for a folder)',
      fileName: 'Dockerfile',
      text: `
        FROM ruby:3.4
        COPY .ssh/ /root/.ssh/
        RUN bundle install
      `,
      flagged: ['.ssh/'],
    },
    {
      name: 'a real credential on a RUN line is kept in the image history',
      fileName: 'Dockerfile',
      text: `
        FROM ruby:3.4
        RUN GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789 bundle install
      `,
      flagged: ['GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    },
  ],
  clean: [
    {
      name: 'a placeholder on a RUN line so asset precompilation runs',
      fileName: 'Dockerfile',
      text: `
        FROM ruby:3.4
        RUN SECRET_KEY_BASE=dummy bundle exec rake assets:precompile
        RUN SECRET_KEY_BASE=1 RAILS_MASTER_KEY=$MASTER_KEY bin/rails assets:precompile
      `,
    },
  ],
});
