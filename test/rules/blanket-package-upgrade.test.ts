import { ruleSpec } from './spec';

ruleSpec('blanket-package-upgrade', {
  fires: [
    {
      name: 'apt upgrade: dist, name "*" state latest, and apt-get dist-upgrade in a command',
      fileName: 'roles/patch/tasks/main.yml',
      text: `
        - apt:
            upgrade: dist
        - ansible.builtin.dnf:
            name: "*"
            state: latest
        - yum: name=* state=latest
        - command: apt-get -y dist-upgrade
        - package: {name: "*", state: latest}
      `,
      flagged: ['upgrade: dist', 'name: "*"', 'name=*', 'apt-get -y dist-upgrade', 'name: "*"'],
    },
  ],
  clean: [
    {
      name: 'named packages, pinned or latest with update_only; kubespray kube module state latest',
      fileName: 'roles/web/tasks/main.yml',
      text: `
        - apt:
            name: nginx=1.24.0-1
        - package:
            name: nginx
            state: latest
            update_only: true
        - apt: name=openssl state=latest only_upgrade=yes
        - kube:
            name: calico
            kubectl: /usr/local/bin/kubectl
            filename: /etc/kubernetes/calico.yml
            state: latest
        - apt:
            upgrade: no
      `,
    },
    {
      name: 'cloud-init first boot is covered by first-boot-package-upgrade, not this rule',
      text: `
        #cloud-config
        runcmd:
          - apt-get -y dist-upgrade
      `,
    },
  ],
});

ruleSpec('blanket-package-upgrade', {
  fires: [],
  clean: [
    {
      name: 'a play that rolls out in batches',
      fileName: 'upgrade.yml',
      text: `
        - hosts: web
          serial: [1, "20%"]
          tasks:
            - apt: {upgrade: dist}
      `,
    },
    {
      name: 'a play on localhost (an ansible-lint fixture, a workstation) is not a fleet',
      fileName: 'playbooks/package-check.yml',
      text: `
        - hosts: localhost
          tasks:
            - apt: {name: "*", state: latest}
      `,
    },
    {
      name: "a role's tests/ play is test scaffolding",
      fileName: 'roles/base/tests/test.yml',
      text: `
        - hosts: all
          tasks:
            - apt: {upgrade: dist}
      `,
    },
  ],
});
