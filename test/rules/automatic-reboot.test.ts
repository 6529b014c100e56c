import { ruleSpec } from './spec';

ruleSpec('automatic-reboot', {
  fires: [
    {
      name: 'package_reboot_if_required, fixed to false',
      text: `
        #cloud-config
        package_reboot_if_required: true
      `,
      flagged: ['package_reboot_if_required: true'],
      fixed: `
        #cloud-config
        package_reboot_if_required: false
      `,
    },
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
      name: 'alias apt_reboot_if_required',
      text: `
        #cloud-config
        apt_reboot_if_required: true
      `,
      flagged: ['apt_reboot_if_required: true'],
    },
  ],
  clean: [
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
