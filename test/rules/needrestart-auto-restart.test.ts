import { ruleSpec } from './spec';

ruleSpec('needrestart-auto-restart', {
  fires: [
    {
      name: 'the common sed idiom that uncomments automatic mode',
      text: `
        #!/bin/bash
        sed -i "s/#\\$nrconf{restart} = 'i';/\\$nrconf{restart} = 'a';/" /etc/needrestart/needrestart.conf
      `,
      flagged: [`"s/#\\$nrconf{restart} = 'i';/\\$nrconf{restart} = 'a';/"`],
    },
    {
      name: 'echo into conf.d, and sudo with NEEDRESTART_MODE=a',
      text: `
        #cloud-config
        runcmd:
          - echo "\\$nrconf{restart} = 'a';" | sudo tee /etc/needrestart/conf.d/50-autorestart.conf
          - sudo NEEDRESTART_MODE=a apt-get install -y -o DPkg::Lock::Timeout=600 nginx
      `,
      flagged: [`"\\$nrconf{restart} = 'a';"`, 'NEEDRESTART_MODE=a'],
    },
    {
      name: 'needrestart conf in automatic mode, fixed to list mode',
      text: `
        #cloud-config
        write_files:
          - path: /etc/needrestart/conf.d/50-auto.conf
            content: |
              $nrconf{restart} = 'a';
      `,
      flagged: ["$nrconf{restart} = 'a';"],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/needrestart/conf.d/50-auto.conf
            content: |
              $nrconf{restart} = 'l';
      `,
    },
    {
      name: 'NEEDRESTART_MODE=a on a command and exported',
      text: `
        #cloud-config
        runcmd:
          - NEEDRESTART_MODE=a apt-get -y upgrade
          - export NEEDRESTART_MODE=a
      `,
      flagged: ['NEEDRESTART_MODE=a', 'NEEDRESTART_MODE=a'],
    },
  ],
  clean: [
    {
      name: 'list mode, interactive mode, and a commented line',
      text: `
        #cloud-config
        write_files:
          - path: /etc/needrestart/needrestart.conf
            content: |
              # $nrconf{restart} = 'a';
              $nrconf{restart} = 'l';
        runcmd:
          - NEEDRESTART_MODE=l apt-get -y upgrade
      `,
    },
  ],
});

ruleSpec('needrestart-auto-restart', {
  fires: [
    {
      name: 'Ansible: environment on a task and on a play; fix sets list mode',
      fileName: 'site.yml',
      text: `
        - hosts: localhost
          environment:
            NEEDRESTART_MODE: a
          tasks:
            - apt: name=nginx
              environment:
                NEEDRESTART_MODE: "a"
      `,
      flagged: ['NEEDRESTART_MODE: a', 'NEEDRESTART_MODE: "a"'],
    },
  ],
  clean: [
    {
      name: 'Ansible: list mode',
      fileName: 'site.yml',
      text: `
        - hosts: localhost
          environment: {NEEDRESTART_MODE: l}
          tasks: []
      `,
    },
  ],
});
