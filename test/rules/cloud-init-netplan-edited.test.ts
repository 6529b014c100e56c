import { ruleSpec } from './spec';

ruleSpec('cloud-init-netplan-edited', {
  fires: [
    {
      name: 'write_files replaces 50-cloud-init.yaml; the fix writes the same content beside it',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/50-cloud-init.yaml
            permissions: "0600"
            content: |
              network:
                version: 2
                ethernets:
                  eth0:
                    dhcp4: true
                    addresses: [10.0.0.10/24]
      `,
      flagged: ['/etc/netplan/50-cloud-init.yaml'],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/netplan/90-overrides.yaml
            permissions: "0600"
            content: |
              network:
                version: 2
                ethernets:
                  eth0:
                    dhcp4: true
                    addresses: [10.0.0.10/24]
      `,
    },
    {
      name: 'an Ansible template over the rendered file',
      fileName: 'site.yml',
      text: `
        - hosts: all
          tasks:
            - name: Static addresses
              ansible.builtin.template:
                src: netplan.yaml.j2
                dest: /etc/netplan/50-cloud-init.yaml
                mode: "0600"
      `,
      flagged: ['/etc/netplan/50-cloud-init.yaml'],
    },
    {
      name: 'lineinfile into the rendered ifupdown file (no rewrite: a line is not the file)',
      fileName: 'site.yml',
      text: `
        - hosts: all
          tasks:
            - lineinfile:
                path: /etc/network/interfaces.d/50-cloud-init.cfg
                line: "    up ip route add 10.8.0.0/16 via 10.0.0.1"
      `,
      flagged: ['/etc/network/interfaces.d/50-cloud-init.cfg'],
    },
    {
      name: 'sed -i, rm and a glob in runcmd',
      text: `
        #cloud-config
        runcmd:
          - sed -i '/gateway4/d' /etc/netplan/50-cloud-init.yaml
          - rm -f /etc/netplan/*.yaml
          - [mv, /etc/netplan/50-cloud-init.yaml, /root/]
      `,
      flagged: ["sed -i '/gateway4/d' /etc/netplan/50-cloud-init.yaml", 'rm -f /etc/netplan/*.yaml', '[mv, /etc/netplan/50-cloud-init.yaml, /root/]'],
    },
    {
      name: 'a Packer image build: every instance renders the file again at its first boot',
      fileName: 'packer.json',
      text: `
        {"builders": [], "provisioners": [{"type": "shell", "inline": ["sudo cp /tmp/netplan.yaml /etc/netplan/50-cloud-init.yaml"]}]}
      `,
      flagged: ['sudo cp /tmp/netplan.yaml /etc/netplan/50-cloud-init.yaml'],
    },
  ],
  clean: [
    {
      name: 'a netplan file of its own beside the rendered one',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/90-static.yaml
            content: |
              network:
                version: 2
                ethernets:
                  eth0:
                    addresses: [10.0.0.10/24]
      `,
    },
    {
      name: 'network configuration turned off in cloud.cfg.d, so the file is the author’s',
      text: `
        #cloud-config
        write_files:
          - path: /etc/cloud/cloud.cfg.d/99-disable-network-config.cfg
            content: |
              network: {config: disabled}
          - path: /etc/netplan/50-cloud-init.yaml
            content: |
              network: {version: 2}
      `,
    },
    {
      name: 'an image template deleting the file before cloud-init clean, so that each clone renders it',
      text: `
        #!/bin/bash
        rm -f /etc/netplan/50-cloud-init.yaml
        cloud-init clean --logs
      `,
    },
    {
      name: 'reading, backing up and tightening the mode of the file',
      text: `
        #cloud-config
        runcmd:
          - chmod 600 /etc/netplan/50-cloud-init.yaml
          - cp /etc/netplan/50-cloud-init.yaml /root/50-cloud-init.yaml.bak
          - sed -n '1,5p' /etc/netplan/50-cloud-init.yaml
          - cat /etc/netplan/50-cloud-init.yaml
      `,
    },
  ],
});

ruleSpec('cloud-init-netplan-edited', {
  fires: [
    {
      name: 'tee, sed -i with a replacement and an echo redirect: one finding each',
      text: `
        #cloud-config
        runcmd:
          - echo x | tee /etc/netplan/50-cloud-init.yaml
          - sed -i 's/optional true/optional false/' /etc/netplan/50-cloud-init.yaml
          - echo '# mine' >> /etc/netplan/50-cloud-init.yaml
      `,
      flagged: ['tee /etc/netplan/50-cloud-init.yaml', "sed -i 's/optional true/optional false/' /etc/netplan/50-cloud-init.yaml", '/etc/netplan/50-cloud-init.yaml'],
    },
  ],
  clean: [],
});
