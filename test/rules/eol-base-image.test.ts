import { ruleSpec } from './spec';

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
