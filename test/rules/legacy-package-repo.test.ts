import assert from 'node:assert/strict';
import { it } from 'node:test';
import { testEngine } from '../helpers';
import { ruleSpec, ruleTests } from './spec';

ruleSpec('legacy-package-repo', {
  fires: [
    {
      name: 'the legacy Kubernetes apt repository and apt-key in runcmd',
      text: `
        #cloud-config
        runcmd:
          - curl -fsSL https://packages.cloud.google.com/apt/doc/apt-key.gpg | apt-key add -
          - echo "deb https://apt.kubernetes.io/ kubernetes-xenial main" > /etc/apt/sources.list.d/kubernetes.list
      `,
      flagged: ['https://packages.cloud.google.com/apt/doc/apt-key.gpg', 'apt-key', '"deb https://apt.kubernetes.io/ kubernetes-xenial main"'],
    },
    {
      name: 'Ansible apt_key and apt_repository',
      fileName: 'site.yml',
      text: `
        - hosts: k8s
          tasks:
            - apt_key:
                url: https://packages.cloud.google.com/apt/doc/apt-key.gpg
            - apt_repository:
                repo: deb https://apt.kubernetes.io/ kubernetes-xenial main
      `,
      flagged: ['apt_key:', 'https://packages.cloud.google.com/apt/doc/apt-key.gpg', 'deb https://apt.kubernetes.io/ kubernetes-xenial main'],
    },
    {
      name: 'an SKS keyserver in cloud-init apt sources and a yum repository file',
      text: `
        #cloud-config
        apt:
          sources:
            docker:
              source: deb [arch=amd64] https://download.docker.com/linux/ubuntu focal stable
              keyid: 9DC858229FC7DD38854AE2D88D81803C0EBFCD88
              keyserver: hkp://pool.sks-keyservers.net
        write_files:
          - path: /etc/yum.repos.d/kubernetes.repo
            content: |
              [kubernetes]
              baseurl=https://packages.cloud.google.com/yum/repos/kubernetes-el7-x86_64
      `,
      flagged: ['hkp://pool.sks-keyservers.net', 'packages.cloud.google.com/yum/repos/kubernetes'],
    },
  ],
  clean: [
    {
      name: 'the old repository named only in a comment of the sources file',
      text: `
        #cloud-config
        write_files:
          - path: /etc/apt/sources.list.d/kubernetes.list
            content: |
              # was: deb https://apt.kubernetes.io/ kubernetes-xenial main
              deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /
      `,
    },
    {
      name: 'pkgs.k8s.io with a signed-by keyring',
      text: `
        #cloud-config
        runcmd:
          - curl -fsSL https://pkgs.k8s.io/core:/stable:/v1.30/deb/Release.key | gpg --dearmor -o /etc/apt/keyrings/kubernetes-apt-keyring.gpg
          - echo "deb [signed-by=/etc/apt/keyrings/kubernetes-apt-keyring.gpg] https://pkgs.k8s.io/core:/stable:/v1.30/deb/ /" > /etc/apt/sources.list.d/kubernetes.list
      `,
    },
    {
      name: 'Ansible deb822_repository with signed_by, and other Google packages',
      fileName: 'site.yml',
      text: `
        - hosts: all
          tasks:
            - deb822_repository:
                name: kubernetes
                uris: https://pkgs.k8s.io/core:/stable:/v1.30/deb/
                suites: /
                signed_by: https://pkgs.k8s.io/core:/stable:/v1.30/deb/Release.key
            - apt_repository:
                repo: deb https://packages.cloud.google.com/apt cloud-sdk main
      `,
    },
  ],
});

ruleTests('legacy-package-repo: each retirement links its own incident', () => {
  it('the Kubernetes repository, apt-key and the SKS pool each lead with their own post-mortem or report', async () => {
    const text = '#!/bin/sh\napt-key adv --keyserver hkp://pool.sks-keyservers.net --recv-keys ABC\necho "deb https://apt.kubernetes.io/ kubernetes-xenial main" > /etc/apt/sources.list.d/k8s.list\n';
    const analysis = (await testEngine()).analyse('user-data', text);
    assert.deepEqual(
      analysis.findings.filter((finding) => finding.ruleId === 'legacy-package-repo').map((finding) => [text.slice(finding.span.start, finding.span.end), analysis.ruleSet.incidentsFor(finding)[0].id]),
      [
        ['apt-key', 'debops-2025-10-22-apt-key-trixie'],
        ['hkp://pool.sks-keyservers.net', 'gosu-2021-06-sks-keyservers'],
        ['"deb https://apt.kubernetes.io/ kubernetes-xenial main"', 'kubernetes-2023-08-31-legacy-repos'],
      ],
    );
  });
});
