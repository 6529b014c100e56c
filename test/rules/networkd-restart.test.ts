import { ruleSpec } from './spec';

ruleSpec('networkd-restart', {
  fires: [
    {
      name: 'systemctl restart after software is installed, fixed to networkctl reload',
      text: `
        #cloud-config
        packages: [keepalived]
        runcmd:
          - systemctl restart systemd-networkd
      `,
      flagged: ['systemctl restart systemd-networkd'],
      fixed: `
        #cloud-config
        packages: [keepalived]
        runcmd:
          - networkctl reload
      `,
    },
    {
      name: 'netplan apply and service restart after a route is added',
      text: `
        #cloud-config
        runcmd:
          - ip route add 10.0.0.0/8 via 10.1.1.1
          - netplan apply
          - [systemctl, restart, systemd-networkd.service]
      `,
      flagged: ['netplan apply', '[systemctl, restart, systemd-networkd.service]'],
    },
  ],
  clean: [
    {
      name: 'netplan apply at first boot right after write_files, before anything is installed: how the written config takes effect',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/60-lo.yaml
            content: |
              network:
                version: 2
                ethernets:
                  lo:
                    addresses: [192.0.2.10/32]
        runcmd:
          - netplan apply
          - systemctl restart systemd-networkd
      `,
    },
    {
      name: 'reload, status and generate do not restart',
      text: `
        #cloud-config
        runcmd:
          - networkctl reload
          - systemctl status systemd-networkd
          - netplan generate
          - systemctl restart nginx
      `,
    },
  ],
});

ruleSpec('networkd-restart', {
  fires: [
    {
      name: 'Ansible: systemd restarted in a handler, service module, netplan apply',
      fileName: 'roles/net/handlers/main.yml',
      text: `
        - name: restart networkd
          ansible.builtin.systemd:
            name: systemd-networkd
            state: restarted
        - name: apply netplan
          command: netplan apply
        - service: name=systemd-networkd.service state=restarted
      `,
      flagged: ['state: restarted', 'netplan apply', 'state=restarted'],
    },
  ],
  clean: [
    {
      name: 'Ansible: other services and started',
      fileName: 'roles/net/handlers/main.yml',
      text: `
        - systemd: name=nginx state=restarted
        - systemd: name=systemd-networkd state=started enabled=yes
      `,
    },
  ],
});

ruleSpec('networkd-restart', {
  fires: [
    {
      name: 'netplan apply after a networkd.conf drop-in: it never reads networkd.conf',
      text: `
        #cloud-config
        packages: [frr]
        write_files:
          - path: /etc/systemd/networkd.conf.d/90-keep-foreign.conf
            content: |
              [Network]
              ManageForeignRoutes=no
        runcmd:
          - netplan apply
      `,
      flagged: ['netplan apply'],
    },
  ],
  clean: [
    {
      name: 'a restart after a networkd.conf drop-in is written is what loads it',
      text: `
        #cloud-config
        write_files:
          - path: /etc/systemd/networkd.conf.d/90-keep-foreign.conf
            content: |
              [Network]
              ManageForeignRoutes=no
              ManageForeignRoutingPolicyRules=no
        runcmd:
          - systemctl restart systemd-networkd
      `,
    },
  ],
});
