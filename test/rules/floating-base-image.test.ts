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
    {
      name: "debian:stable-slim, the tag of the rule's own incident, and the other Debian suites",
      fileName: 'Dockerfile',
      text: `
        FROM debian:stable-slim AS a
        FROM debian:oldstable AS b
        FROM debian:testing-slim AS c
        FROM debian:sid AS d
        FROM debian:stable-backports
      `,
      flagged: ['debian:stable-slim', 'debian:oldstable', 'debian:testing-slim', 'debian:sid', 'debian:stable-backports'],
    },
    {
      name: 'channels and bare variants',
      fileName: 'Dockerfile',
      text: `
        FROM node:lts-alpine AS a
        FROM ubuntu:rolling AS b
        FROM alpine:edge AS c
        FROM python:slim AS d
        FROM nginx:alpine
      `,
      flagged: ['node:lts-alpine', 'ubuntu:rolling', 'alpine:edge', 'python:slim', 'nginx:alpine'],
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
        FROM debian:stable-slim@sha256:2e863c44b718727c860746568e1d54afd13b2fa71b160f5cd9058fc436217b30
        FROM python:\${VARIANT}
        FROM registry.example.com:5000/team/app:1.4.2
      `,
    },
    {
      name: 'a dated build of a suite, and a variant with its distribution named',
      fileName: 'Dockerfile',
      text: `
        FROM debian:stable-20210816-slim
        FROM python:slim-trixie
        FROM mycorp/stable-tools:2
      `,
    },
  ],
});
