import { ruleSpec } from './spec';

ruleSpec('automatic-reboot', {
  fires: [
    {
      name: 'Automatic-Reboot in 50unattended-upgrades',
      text: `
        #cloud-config
        write_files:
          - path: /etc/apt/apt.conf.d/50unattended-upgrades
            content: |
              Unattended-Upgrade::Automatic-Reboot "true";
              Unattended-Upgrade::Automatic-Reboot-Time "02:00";
      `,
      flagged: ['Unattended-Upgrade::Automatic-Reboot "true";'],
    },
    {
      name: 'Automatic-Reboot written with echo | tee in a user-data script',
      text: `
        #!/bin/bash
        echo 'Unattended-Upgrade::Automatic-Reboot "true";' | sudo tee -a /etc/apt/apt.conf.d/50unattended-upgrades
      `,
      flagged: [`'Unattended-Upgrade::Automatic-Reboot "true";'`],
    },
    {
      name: 'Automatic-Reboot in a here-document, fixed in place',
      text: `
        #!/bin/bash
        cat > /etc/apt/apt.conf.d/52reboot <<'EOF'
        Unattended-Upgrade::Automatic-Reboot "true";
        EOF
      `,
      flagged: ['Unattended-Upgrade::Automatic-Reboot "true";'],
      fixed: `
        #!/bin/bash
        cat > /etc/apt/apt.conf.d/52reboot <<'EOF'
        Unattended-Upgrade::Automatic-Reboot "false";
        EOF
      `,
    },
    {
      name: 'dnf-automatic set to reboot when needed (sed in runcmd)',
      text: `
        #cloud-config
        runcmd:
          - sed -i 's/^reboot = never/reboot = when-needed/' /etc/dnf/automatic.conf
      `,
      flagged: [`'s/^reboot = never/reboot = when-needed/'`],
    },
    {
      name: 'dnf-automatic reboot in a written automatic.conf, fixed to never',
      text: `
        #cloud-config
        write_files:
          - path: /etc/dnf/automatic.conf
            content: |
              [commands]
              apply_updates = yes
              reboot = when-needed
      `,
      flagged: ['reboot = when-needed'],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/dnf/automatic.conf
            content: |
              [commands]
              apply_updates = yes
              reboot = never
      `,
    },
  ],
  clean: [
    {
      name: 'package_reboot_if_required: one reboot at first boot, before the host serves, is not a recurring reboot',
      text: `
        #cloud-config
        package_upgrade: true
        package_reboot_if_required: true
        apt_reboot_if_required: true
      `,
    },
    {
      name: 'a Multipass developer VM is not a fleet',
      fileName: 'multipass/blueprints/dev.yaml',
      text: `
        #cloud-config
        write_files:
          - path: /etc/apt/apt.conf.d/50unattended-upgrades
            content: |
              Unattended-Upgrade::Automatic-Reboot "true";
      `,
    },
    {
      name: 'echo to the terminal or /dev/null writes no file',
      text: `
        #!/bin/bash
        echo 'Unattended-Upgrade::Automatic-Reboot "true";'
        echo 'Unattended-Upgrade::Automatic-Reboot "true";' > /dev/null
      `,
    },
    {
      name: 'reboot off',
      text: `
        #cloud-config
        package_reboot_if_required: false
        write_files:
          - path: /etc/apt/apt.conf.d/50unattended-upgrades
            content: |
              Unattended-Upgrade::Automatic-Reboot "false";
      `,
    },
  ],
});

ruleSpec('automatic-reboot', {
  fires: [
    {
      name: 'Ansible: blockinfile into 50unattended-upgrades',
      fileName: 'roles/base/tasks/main.yml',
      text: `
        - blockinfile:
            path: /etc/apt/apt.conf.d/50unattended-upgrades
            block: |
              Unattended-Upgrade::Automatic-Reboot "true";
      `,
      flagged: ['Unattended-Upgrade::Automatic-Reboot "true";'],
    },
  ],
  clean: [
    {
      name: 'Ansible: templated value is not evaluated',
      fileName: 'roles/base/tasks/main.yml',
      text: `
        - lineinfile:
            path: /etc/apt/apt.conf.d/50unattended-upgrades
            line: 'Unattended-Upgrade::Automatic-Reboot "{{ reboot }}";'
      `,
    },
  ],
});
