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
