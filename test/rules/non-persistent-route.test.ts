import { ruleSpec } from './spec';

ruleSpec('non-persistent-route', {
  fires: [
    {
      name: 'runcmd string route, fixed into a netplan file and kept as replace for this boot',
      text: `
        #cloud-config
        runcmd:
          - ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0
          - echo done
      `,
      flagged: ['ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0'],
      fixed: `
        #cloud-config
        runcmd:
          - ip route replace 10.20.0.0/16 via 10.0.0.1 dev eth0
          - echo done
        write_files:
          - path: /etc/netplan/60-static-routes-eth0.yaml
            permissions: '0600'
            content: |
              network:
                version: 2
                ethernets:
                  eth0:
                    routes:
                      - to: 10.20.0.0/16
                        via: 10.0.0.1
      `,
    },
    {
      name: 'bootcmd list form and ip rule, ip -6, abbreviations',
      text: `
        #cloud-config
        bootcmd:
          - [ip, route, add, 10.1.0.0/16, via, 10.0.0.1, dev, eth0]
          - ip rule add from 10.1.0.0/24 table 100
          - ip -6 route replace 2001:db8::/32 via fe80::1 dev eth0
          - ip r a 192.168.0.0/16 dev eth1
          - route add -net 10.9.0.0/16 gw 10.0.0.1
          - ip nexthop add id 1 via 10.0.0.1 dev eth0
      `,
      flagged: [
        '[ip, route, add, 10.1.0.0/16, via, 10.0.0.1, dev, eth0]',
        'ip rule add from 10.1.0.0/24 table 100',
        'ip -6 route replace 2001:db8::/32 via fe80::1 dev eth0',
        'ip r a 192.168.0.0/16 dev eth1',
        'route add -net 10.9.0.0/16 gw 10.0.0.1',
        'ip nexthop add id 1 via 10.0.0.1 dev eth0',
      ],
    },
    {
      name: 'inside a block scalar with sudo and a continuation line',
      text: `
        #cloud-config
        runcmd:
          - |
            set -e
            sudo ip route add 10.30.0.0/16 \\
              via 10.0.0.1 dev eth0
      `,
      flagged: ['sudo ip route add 10.30.0.0/16 \\\n      via 10.0.0.1 dev eth0'],
    },
    {
      name: 'quoted string and sh -c',
      text: `
        #cloud-config
        runcmd:
          - "ip route add 10.40.0.0/16 via 10.0.0.1"
          - [sh, -c, "ip rule add fwmark 1 table 200"]
      `,
      flagged: ['ip route add 10.40.0.0/16 via 10.0.0.1', 'ip rule add fwmark 1 table 200'],
    },
    {
      name: 'rc.local and if-up scripts written by write_files',
      text: `
        #cloud-config
        write_files:
          - path: /etc/rc.local
            permissions: '0755'
            content: |
              #!/bin/sh
              ip route add 10.50.0.0/16 via 10.0.0.1
              exit 0
          - path: /etc/network/if-up.d/routes
            content: |
              #!/bin/sh
              ip rule add from 10.60.0.0/24 table 60
      `,
      flagged: ['ip route add 10.50.0.0/16 via 10.0.0.1', 'ip rule add from 10.60.0.0/24 table 60'],
    },
    {
      name: 'shell-script user-data',
      fileName: 'user-data.sh',
      text: `
        #!/bin/bash
        ip route add 10.70.0.0/16 via 10.0.0.1 dev ens5
      `,
      flagged: ['ip route add 10.70.0.0/16 via 10.0.0.1 dev ens5'],
    },
    {
      name: 'the routes join the netplan definition the document writes for the link, of its kind',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/50-uplink.yaml
            content: |
              network:
                version: 2
                ethernets:
                  ens5: {}
                  ens6: {}
                bonds:
                  bond0:
                    interfaces: [ens5, ens6]
                    dhcp4: true
        runcmd:
          - ip route add 10.30.0.0/16 via 10.0.0.1 dev bond0
      `,
      flagged: ['ip route add 10.30.0.0/16 via 10.0.0.1 dev bond0'],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/netplan/50-uplink.yaml
            content: |
              network:
                version: 2
                ethernets:
                  ens5: {}
                  ens6: {}
                bonds:
                  bond0:
                    interfaces: [ens5, ens6]
                    dhcp4: true
          - path: /etc/netplan/60-static-routes-bond0.yaml
            permissions: '0600'
            content: |
              network:
                version: 2
                bonds:
                  bond0:
                    routes:
                      - to: 10.30.0.0/16
                        via: 10.0.0.1
        runcmd:
          - ip route replace 10.30.0.0/16 via 10.0.0.1 dev bond0
      `,
    },
    {
      name: 'of two definitions for a NIC, the routes join the one networkd uses (first by file name)',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/55-backend.yaml
            content: |
              network:
                version: 2
                ethernets:
                  backend:
                    match: {macaddress: "02:aa:00:00:00:01"}
                    set-name: eth1
                    addresses: [10.1.0.5/24]
        runcmd:
          - ip route add 10.40.0.0/16 via 10.1.0.1 dev eth1
      `,
      flagged: ['ip route add 10.40.0.0/16 via 10.1.0.1 dev eth1'],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/netplan/55-backend.yaml
            content: |
              network:
                version: 2
                ethernets:
                  backend:
                    match: {macaddress: "02:aa:00:00:00:01"}
                    set-name: eth1
                    addresses: [10.1.0.5/24]
          - path: /etc/netplan/60-static-routes-eth1.yaml
            permissions: '0600'
            content: |
              network:
                version: 2
                ethernets:
                  backend:
                    routes:
                      - to: 10.40.0.0/16
                        via: 10.1.0.1
        runcmd:
          - ip route replace 10.40.0.0/16 via 10.1.0.1 dev eth1
      `,
    },
  ],
  clean: [
    {
      name: 'a route the document also declares in netplan for that interface',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/60-routes.yaml
            content: |
              network:
                version: 2
                ethernets:
                  eth0:
                    routes:
                      - to: 10.20.0.0/16
                        via: 10.0.0.1
        runcmd:
          - ip route replace 10.20.0.0/16 via 10.0.0.1 dev eth0
      `,
    },
    {
      name: 'a route declared in netplan for the definition that matches the link by name',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/60-routes.yaml
            content: |
              network:
                version: 2
                ethernets:
                  primary:
                    match: {name: "ens[0-9]*"}
                    routes: [{to: 10.20.0.0/16, via: 10.0.0.1}]
        runcmd:
          - ip route replace 10.20.0.0/16 via 10.0.0.1 dev ens5
      `,
    },
    {
      name: 'route inspection is not a hazard',
      text: `
        #cloud-config
        runcmd:
          - ip route show
          - ip route get 8.8.8.8
          - ip -4 route list table main
          - ip rule show
      `,
    },
    {
      name: 'routes inside a network namespace are owned by whoever owns the namespace',
      text: `
        #cloud-config
        runcmd:
          - ip -n blue route add default via 10.0.0.1
          - ip netns exec blue ip route add default via 10.0.0.1
      `,
    },
    {
      name: 'declared in netplan via write_files',
      text: `
        #cloud-config
        write_files:
          - path: /etc/netplan/60-routes.yaml
            content: |
              network:
                version: 2
                ethernets:
                  eth0:
                    routes: [{to: 10.20.0.0/16, via: 10.0.0.1}]
      `,
    },
    {
      name: 'a networkd-dispatcher hook re-runs on every reconfiguration',
      text: `
        #cloud-config
        write_files:
          - path: /etc/networkd-dispatcher/routable.d/50-routes
            permissions: '0755'
            content: |
              #!/bin/sh
              ip route replace 10.20.0.0/16 via 10.0.0.1
      `,
    },
    {
      name: 'a route in text that is only echoed',
      text: `
        #cloud-config
        runcmd:
          - echo "ip route add 10.0.0.0/8 via 10.0.0.1" >> /root/notes.txt
      `,
    },
  ],
});

ruleSpec('non-persistent-route', {
  fires: [
    {
      name: 'Ansible: command, shell with a pipe, raw, argv',
      fileName: 'roles/net/tasks/main.yml',
      text: `
        - command: ip route add 10.0.0.0/8 via 10.1.1.1
        - ansible.builtin.shell: "ip rule add from 10.2.0.0/16 table 7 && echo ok"
        - raw: route add -net 10.3.0.0/16 gw 10.1.1.1
        - command:
            argv: [ip, route, replace, 10.4.0.0/16, via, 10.1.1.1]
      `,
      flagged: ['ip route add 10.0.0.0/8 via 10.1.1.1', 'ip rule add from 10.2.0.0/16 table 7', 'route add -net 10.3.0.0/16 gw 10.1.1.1', '[ip, route, replace, 10.4.0.0/16, via, 10.1.1.1]'],
    },
  ],
  clean: [
    {
      name: 'Ansible: noqa with our rule id, and route inspection',
      fileName: 'roles/net/tasks/main.yml',
      text: `
        - command: ip route add 10.0.0.0/8 via 10.1.1.1  # noqa: non-persistent-route
        - command: ip route show
          changed_when: false
      `,
    },
  ],
});

ruleSpec('non-persistent-route', {
  fires: [],
  clean: [
    {
      name: 'user-data in tests/ sets up a throwaway CI host: nothing there outlives the job',
      fileName: 'tests/ci/user-data',
      text: `
        #cloud-config
        runcmd:
          - ip route add 10.0.2.0/24 via 172.24.4.10
      `,
    },
  ],
});
