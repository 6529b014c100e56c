import { ruleSpec } from './spec';

ruleSpec('first-boot-package-upgrade', {
  fires: [
    {
      name: 'package_upgrade: true, fixed to false',
      text: `
        #cloud-config
        package_update: true
        package_upgrade: true
      `,
      flagged: ['package_upgrade: true'],
      fixed: `
        #cloud-config
        package_update: true
        package_upgrade: false
      `,
    },
    {
      name: 'alias apt_upgrade',
      text: `
        #cloud-config
        apt_upgrade: true
      `,
      flagged: ['apt_upgrade: true'],
    },
  ],
  clean: [
    {
      name: 'package_update alone refreshes lists only',
      text: `
        #cloud-config
        package_update: true
        package_upgrade: false
      `,
    },
  ],
});

ruleSpec('first-boot-package-upgrade', {
  fires: [],
  clean: [
    {
      name: 'a Multipass blueprint is a developer VM, not a fleet',
      fileName: 'data/multipass/cloud-init-dev.yaml',
      text: `
        #cloud-config
        package_update: true
        package_upgrade: true
      `,
    },
  ],
});
