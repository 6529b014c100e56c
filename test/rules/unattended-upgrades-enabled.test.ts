import { ruleSpec } from './spec';

ruleSpec('unattended-upgrades-enabled', {
  fires: [
    {
      name: 'Ansible: a task that starts and enables dnf-automatic-install.timer is one switch',
      fileName: 'roles/security/tasks/main.yml',
      text: `
        - name: Ensure dnf-automatic is running and enabled on boot.
          service:
            name: dnf-automatic-install.timer
            state: started
            enabled: yes
      `,
      flagged: ['state: started'],
    },
    {
      name: 'installed, and only unattended-upgrades.service (the shutdown helper) disabled: apt-daily-upgrade.timer still upgrades',
      text: `
        #cloud-config
        packages: [unattended-upgrades]
        runcmd:
          - systemctl disable unattended-upgrades.service --now
      `,
      flagged: ['unattended-upgrades'],
    },
    {
      name: 'APT::Periodic written with echo into apt.conf.d',
      text: `
        #!/bin/bash
        echo 'APT::Periodic::Unattended-Upgrade "1";' > /etc/apt/apt.conf.d/20auto-upgrades
      `,
      flagged: [`'APT::Periodic::Unattended-Upgrade "1";'`],
    },
    {
      name: 'dnf-automatic told to apply updates (sed), and its install timer',
      text: `
        #!/bin/bash
        dnf install -y dnf-automatic
        sed -i 's/apply_updates = no/apply_updates = yes/' /etc/dnf/automatic.conf
        systemctl enable --now dnf-automatic-install.timer
      `,
      flagged: [`'s/apply_updates = no/apply_updates = yes/'`, 'systemctl enable --now dnf-automatic-install.timer'],
    },
    {
      name: 'yum-cron told to apply updates in its config',
      text: `
        #cloud-config
        packages: [yum-cron]
        write_files:
          - path: /etc/yum/yum-cron.conf
            content: |
              [commands]
              apply_updates = yes
      `,
      flagged: ['apply_updates = yes'],
    },
    {
      name: 'package installed with nothing turning it off; fix writes 99-hindsight-no-unattended-upgrades',
      text: `
        #cloud-config
        packages:
          - curl
          - unattended-upgrades
      `,
      flagged: ['unattended-upgrades'],
      fixed: `
        #cloud-config
        packages:
          - curl
          - unattended-upgrades
        write_files:
          - path: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            content: |
              APT::Periodic::Update-Package-Lists "0";
              APT::Periodic::Unattended-Upgrade "0";
      `,
    },
    {
      name: 'periodic setting written as "1"; fix sets it to "0"',
      text: `
        #cloud-config
        write_files:
          - path: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            content: |
              APT::Periodic::Update-Package-Lists "1";
              APT::Periodic::Unattended-Upgrade "1";
      `,
      flagged: ['APT::Periodic::Unattended-Upgrade "1";'],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            content: |
              APT::Periodic::Update-Package-Lists "1";
              APT::Periodic::Unattended-Upgrade "0";
      `,
    },
    {
      name: 'nested apt.conf syntax in any apt.conf.d file, and apt: conf',
      text: `
        #cloud-config
        apt:
          conf: |
            APT {
              Periodic {
                Unattended-Upgrade "1";
              };
            };
      `,
      flagged: ['Unattended-Upgrade "1";'],
    },
    {
      name: 'debconf preseed and timer enabled from runcmd',
      text: `
        #cloud-config
        debconf_selections: |
          unattended-upgrades unattended-upgrades/enable_auto_updates boolean true
        runcmd:
          - systemctl enable --now apt-daily-upgrade.timer
      `,
      flagged: ['unattended-upgrades unattended-upgrades/enable_auto_updates boolean true', 'systemctl enable --now apt-daily-upgrade.timer'],
    },
    {
      name: 'apt-get install and dpkg-reconfigure in runcmd',
      text: `
        #cloud-config
        runcmd:
          - apt-get install -y unattended-upgrades
          - dpkg-reconfigure -f noninteractive unattended-upgrades
      `,
      flagged: ['unattended-upgrades', 'dpkg-reconfigure -f noninteractive unattended-upgrades'],
    },
    {
      name: 'base64-encoded apt.conf: the whole content is flagged',
      text: `
        #cloud-config
        write_files:
          - path: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            encoding: b64
            content: QVBUOjpQZXJpb2RpYzo6VW5hdHRlbmRlZC1VcGdyYWRlICIxIjsK
      `,
      flagged: ['QVBUOjpQZXJpb2RpYzo6VW5hdHRlbmRlZC1VcGdyYWRlICIxIjsK'],
    },
  ],
  clean: [
    {
      name: 'installed but periodic upgrades written to "0"',
      text: `
        #cloud-config
        packages: [unattended-upgrades]
        write_files:
          - path: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            content: |
              APT::Periodic::Update-Package-Lists "0";
              APT::Periodic::Unattended-Upgrade "0";
      `,
    },
    {
      name: 'installed, then the timer that runs it disabled',
      text: `
        #cloud-config
        packages: [unattended-upgrades]
        runcmd:
          - systemctl disable --now apt-daily-upgrade.timer
      `,
    },
    {
      name: 'dnf-automatic installed but left to download only (apply_updates stays no)',
      text: `
        #!/bin/bash
        dnf install -y dnf-automatic
        systemctl enable --now dnf-automatic.timer
      `,
    },
    {
      name: 'the switch is a template variable: the file does not say it is on',
      fileName: 'roles/uu/tasks/main.yml',
      text: `
        - apt: name=unattended-upgrades
        - lineinfile:
            path: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            line: 'APT::Periodic::Unattended-Upgrade "{{ uu_enabled | ternary(1, 0) }}";'
      `,
    },
    {
      name: 'removed',
      text: `
        #cloud-config
        runcmd:
          - apt-get purge -y unattended-upgrades
      `,
    },
    {
      name: 'other periodic settings are not upgrades',
      text: `
        #cloud-config
        write_files:
          - path: /etc/apt/apt.conf.d/10periodic
            content: |
              APT::Periodic::AutocleanInterval "7";
      `,
    },
    {
      name: 'a file outside apt.conf.d',
      text: `
        #cloud-config
        write_files:
          - path: /root/apt-notes.txt
            content: |
              APT::Periodic::Unattended-Upgrade "1";
      `,
    },
  ],
});

ruleSpec('unattended-upgrades-enabled', {
  fires: [
    {
      name: 'Ansible: apt install, debconf preseed, lineinfile into apt.conf.d, timer enabled',
      fileName: 'roles/base/tasks/main.yml',
      text: `
        - apt: name=unattended-upgrades state=present
        - debconf:
            name: unattended-upgrades
            question: unattended-upgrades/enable_auto_updates
            value: "true"
            vtype: boolean
        - lineinfile:
            path: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            line: 'APT::Periodic::Unattended-Upgrade "1";'
        - systemd: name=apt-daily-upgrade.timer enabled=yes
      `,
      flagged: ['debconf:', 'APT::Periodic::Unattended-Upgrade "1";', 'enabled=yes'],
    },
    {
      name: 'Ansible: package from a loop',
      fileName: 'roles/base/tasks/main.yml',
      text: `
        - apt:
            name: "{{ item }}"
          loop:
            - curl
            - unattended-upgrades
      `,
      flagged: ['unattended-upgrades'],
    },
  ],
  clean: [
    {
      name: 'Ansible: installed and turned off',
      fileName: 'roles/base/tasks/main.yml',
      text: `
        - apt: name=unattended-upgrades
        - copy:
            dest: /etc/apt/apt.conf.d/99-hindsight-no-unattended-upgrades
            content: |
              APT::Periodic::Unattended-Upgrade "0";
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
