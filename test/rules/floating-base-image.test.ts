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
