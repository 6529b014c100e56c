import { ruleSpec } from './spec';

ruleSpec('apt-lock-race', {
  fires: [
    {
      name: 'apt-get in runcmd, fixed with a lock timeout',
      text: `
        #cloud-config
        runcmd:
          - DEBIAN_FRONTEND=noninteractive sudo apt-get install -y nginx
      `,
      flagged: ['DEBIAN_FRONTEND=noninteractive sudo apt-get install -y nginx'],
      fixed: `
        #cloud-config
        runcmd:
          - DEBIAN_FRONTEND=noninteractive sudo apt-get -o DPkg::Lock::Timeout=600 install -y nginx
      `,
    },
    {
      name: 'apt update and aptitude in bootcmd',
      text: `
        #cloud-config
        bootcmd:
          - apt update && aptitude safe-upgrade -y
      `,
      flagged: ['apt update', 'aptitude safe-upgrade -y'],
    },
    {
      name: 'a shell user-data script and dpkg -i (no rewrite for dpkg)',
      text: `
        #!/bin/bash
        set -e
        curl -fsSLo /tmp/agent.deb https://example.com/agent.deb
        dpkg -i /tmp/agent.deb
      `,
      flagged: ['dpkg -i /tmp/agent.deb'],
    },
    {
      name: 'an argument vector in runcmd (no rewrite: the option would join the program name)',
      text: `
        #cloud-config
        runcmd:
          - [apt-get, install, -y, jq]
      `,
      flagged: ['[apt-get, install, -y, jq]'],
    },
    {
      name: 'a Packer provisioner on the build machine',
      fileName: 'packer.json',
      text: `
        {"builders": [], "provisioners": [{"type": "shell", "inline": ["sudo apt-get install -y docker.io"]}]}
      `,
      flagged: ['sudo apt-get install -y docker.io'],
    },
    {
      name: 'a wait loop elsewhere in a script does not hide an unguarded apt-get',
      text: `
        #!/bin/sh
        apt-get install -y nginx
        until curl -fs http://localhost/; do sleep 1; done
      `,
      flagged: ['apt-get install -y nginx'],
    },
  ],
  clean: [
    {
      name: 'with a lock timeout',
      text: `
        #cloud-config
        runcmd:
          - apt-get -o DPkg::Lock::Timeout=600 update
          - apt-get -o Dpkg::Lock::Timeout=300 install -y nginx
      `,
    },
    {
      name: 'the timeout written to apt.conf.d',
      text: `
        #cloud-config
        write_files:
          - path: /etc/apt/apt.conf.d/99lock-timeout
            content: |
              DPkg::Lock::Timeout "600";
        runcmd:
          - apt-get install -y nginx
      `,
    },
    {
      name: 'the apt timers stopped first',
      text: `
        #cloud-config
        runcmd:
          - systemctl stop apt-daily.timer apt-daily-upgrade.timer
          - apt-get install -y nginx
      `,
    },
    {
      name: 'a wait on the lock files',
      text: `
        #!/bin/bash
        while fuser /var/lib/dpkg/lock-frontend >/dev/null 2>&1; do sleep 5; done
        apt-get install -y nginx
      `,
    },
    {
      name: 'timers masked before installing',
      text: `
        #cloud-config
        runcmd:
          - systemctl mask apt-daily.service apt-daily-upgrade.service
          - apt-get install -y nginx
      `,
    },
    {
      name: 'a retry loop',
      text: `
        #!/bin/sh
        until apt-get update; do sleep 5; done
      `,
    },
    {
      name: 'cloud-init packages and read-only apt commands',
      text: `
        #cloud-config
        packages: [nginx]
        runcmd:
          - apt-cache policy nginx
          - apt-get -s upgrade
      `,
    },
    {
      name: 'a Dockerfile: no timers run in a build',
      fileName: 'Dockerfile',
      text: `
        FROM debian:bookworm-slim
        RUN apt-get update && apt-get install -y curl
      `,
    },
  ],
});
