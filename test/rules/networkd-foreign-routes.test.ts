import { ruleSpec } from './spec';

ruleSpec('networkd-foreign-routes', {
  fires: [
    {
      name: 'FRR installed without the networkd drop-in; fix writes it',
      text: `
        #cloud-config
        packages:
          - frr
          - curl
      `,
      flagged: ['frr'],
      fixed: `
        #cloud-config
        packages:
          - frr
          - curl
        write_files:
          - path: /etc/systemd/networkd.conf.d/90-keep-foreign.conf
            content: |
              [Network]
              ManageForeignRoutes=no
              ManageForeignRoutingPolicyRules=no
      `,
    },
    {
      name: 'Tailscale installer in runcmd',
      text: `
        #cloud-config
        runcmd:
          - tailscale up --authkey=tskey-example --advertise-routes=10.0.0.0/24
      `,
      flagged: ['tailscale up --authkey=tskey-example --advertise-routes=10.0.0.0/24'],
    },
    {
      name: 'only one of the two settings',
      text: `
        #cloud-config
        packages: [bird2]
        write_files:
          - path: /etc/systemd/networkd.conf.d/10-foreign.conf
            content: |
              [Network]
              ManageForeignRoutes=no
      `,
      flagged: ['bird2'],
    },
  ],
  clean: [
    {
      name: 'both settings present',
      text: `
        #cloud-config
        packages: [frr, keepalived]
        write_files:
          - path: /etc/systemd/networkd.conf.d/90-keep-foreign.conf
            content: |
              [Network]
              ManageForeignRoutes=no
              ManageForeignRoutingPolicyRules=no
      `,
    },
    {
      name: 'no routing software on the host',
      text: `
        #cloud-config
        packages: [nginx, curl]
      `,
    },
    {
      name: 'networkd masked: another network manager owns the host',
      text: `
        #cloud-config
        packages: [keepalived]
        bootcmd:
          - systemctl mask systemd-networkd
      `,
    },
  ],
});

ruleSpec('networkd-foreign-routes', {
  fires: [
    {
      name: 'Ansible: FRR installed with no drop-in',
      fileName: 'roles/bgp/tasks/main.yml',
      text: `
        - apt: {name: [frr, frr-pythontools]}
      `,
      flagged: ['frr'],
    },
  ],
  clean: [
    {
      name: 'Ansible: drop-in written by copy',
      fileName: 'roles/bgp/tasks/main.yml',
      text: `
        - apt: {name: [frr]}
        - copy:
            dest: /etc/systemd/networkd.conf.d/90-keep-foreign.conf
            content: |
              [Network]
              ManageForeignRoutes=no
              ManageForeignRoutingPolicyRules=no
      `,
    },
  ],
});
