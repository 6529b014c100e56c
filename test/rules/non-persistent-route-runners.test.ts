import { ruleSpec } from './spec';

// Scripts, units and hooks that run a route command: the command is flagged where it is written,
// with the phase of what runs it. Mechanisms that re-apply the route after networking events are silent.
ruleSpec('non-persistent-route', {
  fires: [
    {
      name: 'a script written by write_files and called from runcmd',
      text: `
        #cloud-config
        write_files:
          - path: /usr/local/bin/add-routes.sh
            permissions: '0755'
            content: |
              #!/bin/sh
              ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0
        runcmd:
          - /usr/local/bin/add-routes.sh
      `,
      flagged: ['ip route add 10.20.0.0/16 via 10.0.0.1 dev eth0'],
    },
    {
      name: 'a oneshot unit written by write_files, its ExecStart continued on a second line',
      text: `
        #cloud-config
        write_files:
          - path: /etc/systemd/system/static-routes.service
            content: |
              [Unit]
              Description=Static routes
              [Service]
              Type=oneshot
              ExecStart=-/sbin/ip route add 10.30.0.0/16 \\
                  via 10.0.0.1 dev eth0
              [Install]
              WantedBy=multi-user.target
        runcmd:
          - systemctl enable --now static-routes.service
      `,
      flagged: ['/sbin/ip route add 10.30.0.0/16 \\\n          via 10.0.0.1 dev eth0'],
    },
    {
      name: 'a route in a unit written by write_files, fixed into netplan and kept as replace in the unit',
      text: `
        #cloud-config
        write_files:
          - path: /etc/systemd/system/static-routes.service
            content: |
              [Service]
              Type=oneshot
              ExecStart=/sbin/ip route add 10.33.0.0/16 via 10.0.0.1 dev eth0
              [Install]
              WantedBy=multi-user.target
      `,
      flagged: ['/sbin/ip route add 10.33.0.0/16 via 10.0.0.1 dev eth0'],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/systemd/system/static-routes.service
            content: |
              [Service]
              Type=oneshot
              ExecStart=/sbin/ip route replace 10.33.0.0/16 via 10.0.0.1 dev eth0
              [Install]
              WantedBy=multi-user.target
          - path: /etc/netplan/60-static-routes-eth0.yaml
            permissions: '0600'
            content: |
              network:
                version: 2
                ethernets:
                  eth0:
                    routes:
                      - to: 10.33.0.0/16
                        via: 10.0.0.1
      `,
    },
    {
      name: 'a unit whose ExecStart runs a script written beside it',
      text: `
        #cloud-config
        write_files:
          - path: /opt/net/routes
            content: |
              #!/bin/bash
              ip rule add from 10.1.0.0/24 table 100
          - path: /etc/systemd/system/routes.service
            content: |
              [Service]
              ExecStart=/bin/bash /opt/net/routes
              [Install]
              WantedBy=multi-user.target
      `,
      flagged: ['ip rule add from 10.1.0.0/24 table 100'],
    },
    {
      name: 'a unit tied to networkd but oneshot without RemainAfterExit: a networkd restart does not run it again',
      text: `
        #cloud-config
        write_files:
          - path: /etc/systemd/system/routes.service
            content: |
              [Unit]
              PartOf=systemd-networkd.service
              After=systemd-networkd.service
              [Service]
              Type=oneshot
              ExecStart=/usr/sbin/ip route add 10.31.0.0/16 via 10.0.0.1
              [Install]
              WantedBy=multi-user.target
      `,
      flagged: ['/usr/sbin/ip route add 10.31.0.0/16 via 10.0.0.1'],
    },
    {
      name: 'a unit restarted with networkd still loses the route when networkd reconfigures the link',
      text: `
        #cloud-config
        write_files:
          - path: /etc/systemd/system/routes.service
            content: |
              [Unit]
              PartOf=systemd-networkd.service
              After=systemd-networkd.service
              [Service]
              Type=oneshot
              RemainAfterExit=yes
              ExecStart=/usr/sbin/ip route add 10.32.0.0/16 via 10.0.0.1
              [Install]
              WantedBy=multi-user.target systemd-networkd.service
      `,
      flagged: ['/usr/sbin/ip route add 10.32.0.0/16 via 10.0.0.1'],
    },
    {
      name: 'cron @reboot lines: the system crontab form with a user, and a user crontab without',
      text: `
        #cloud-config
        write_files:
          - path: /etc/cron.d/routes
            content: |
              SHELL=/bin/sh
              @reboot root ip route add 10.40.0.0/16 via 10.0.0.1
              */5 * * * * root /usr/local/bin/check
          - path: /var/spool/cron/crontabs/root
            content: |
              @reboot ip route add 10.41.0.0/16 via 10.0.0.1
      `,
      flagged: ['ip route add 10.40.0.0/16 via 10.0.0.1', 'ip route add 10.41.0.0/16 via 10.0.0.1'],
    },
    {
      name: 'ifupdown post-up lines and a per-boot script written by write_files',
      text: `
        #cloud-config
        write_files:
          - path: /etc/network/interfaces.d/60-eth1.cfg
            content: |
              auto eth1
              iface eth1 inet dhcp
                  post-up ip route add 10.50.0.0/16 via 10.1.0.1 dev eth1
          - path: /var/lib/cloud/scripts/per-boot/routes.sh
            permissions: '0755'
            content: |
              #!/bin/sh
              ip route add 10.51.0.0/16 via 10.0.0.1
      `,
      flagged: ['ip route add 10.50.0.0/16 via 10.1.0.1 dev eth1', 'ip route add 10.51.0.0/16 via 10.0.0.1'],
    },
    {
      name: 'Ansible: a cron job at reboot, and a script written with copy content then run',
      fileName: 'roles/net/tasks/main.yml',
      text: `
        - name: Routes at boot
          ansible.builtin.cron:
            name: routes
            special_time: reboot
            job: ip route add 10.60.0.0/16 via 10.0.0.1
        - name: Route script
          copy:
            dest: /usr/local/sbin/routes.sh
            mode: "0755"
            content: |
              #!/bin/sh
              ip route add 10.61.0.0/16 via 10.0.0.1
        - name: Run it
          command: /usr/local/sbin/routes.sh
      `,
      flagged: ['ip route add 10.60.0.0/16 via 10.0.0.1', 'ip route add 10.61.0.0/16 via 10.0.0.1'],
    },
    {
      name: 'a service unit file in the repository',
      fileName: 'files/static-routes.service',
      text: `
        [Unit]
        Description=Static routes
        After=network-online.target
        # ExecStart=/sbin/ip route add 10.0.0.0/8 via 10.9.9.9 (a comment is not a command)

        [Service]
        Type=oneshot
        ExecStart=/sbin/ip route add 10.70.0.0/16 via 10.0.0.1 dev eth0

        [Install]
        WantedBy=multi-user.target
      `,
      flagged: ['/sbin/ip route add 10.70.0.0/16 via 10.0.0.1 dev eth0'],
    },
    {
      name: 'ExecStartPost in a drop-in of a unit',
      fileName: 'etc/systemd/system/wg-quick@wg0.service.d/routes.conf',
      text: `
        [Service]
        ExecStartPost=/usr/bin/ip route add 10.80.0.0/16 dev wg0
      `,
      flagged: ['/usr/bin/ip route add 10.80.0.0/16 dev wg0'],
    },
  ],
  clean: [
    {
      name: 'networkd-dispatcher and NetworkManager dispatcher hooks run again whenever the link is configured',
      text: `
        #cloud-config
        write_files:
          - path: /etc/networkd-dispatcher/routable.d/50-routes
            permissions: '0755'
            content: |
              #!/bin/sh
              ip route replace 10.20.0.0/16 via 10.0.0.1 dev eth0
          - path: /etc/NetworkManager/dispatcher.d/50-routes
            permissions: '0755'
            content: |
              #!/bin/sh
              [ "$2" = up ] && ip route replace 10.21.0.0/16 via 10.0.0.1 dev eth0
      `,
    },
    {
      name: 'a script a dispatcher hook runs, even if runcmd also runs it once',
      text: `
        #cloud-config
        write_files:
          - path: /usr/local/sbin/routes.sh
            permissions: '0755'
            content: |
              #!/bin/sh
              ip route replace 10.26.0.0/16 via 10.0.0.1 dev eth0
          - path: /etc/networkd-dispatcher/routable.d/50-routes
            permissions: '0755'
            content: |
              #!/bin/sh
              exec /usr/local/sbin/routes.sh
        runcmd:
          - /usr/local/sbin/routes.sh
      `,
    },
    {
      name: 'a route runcmd adds that a .network file the document writes also declares for the link',
      text: `
        #cloud-config
        write_files:
          - path: /etc/systemd/network/10-eth0.network
            content: |
              [Match]
              Name=eth0
              [Network]
              DHCP=yes
              [Route]
              Destination=10.22.0.0/16
              Gateway=10.0.0.1
        runcmd:
          - ip route replace 10.22.0.0/16 via 10.0.0.1 dev eth0
      `,
    },
    {
      name: 'a written script that nothing runs, and a cron job that is not at reboot',
      text: `
        #cloud-config
        write_files:
          - path: /usr/local/bin/add-routes.sh
            permissions: '0755'
            content: |
              #!/bin/sh
              ip route add 10.23.0.0/16 via 10.0.0.1 dev eth0
          - path: /etc/cron.d/routes
            content: |
              */5 * * * * root ip route replace 10.24.0.0/16 via 10.0.0.1
      `,
    },
    {
      name: 'a unit that only shows routes and deletes one when it stops',
      fileName: 'static-routes.service',
      text: `
        [Unit]
        Description=Only inspects routes
        [Service]
        Type=oneshot
        ExecStart=/sbin/ip route show table all
        ExecStop=/sbin/ip route del 10.25.0.0/16
      `,
    },
  ],
});
