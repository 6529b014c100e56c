import { ruleSpec } from './spec';

// The core rules, written once against the model, applied to Ansible without changes.

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
            path: /etc/apt/apt.conf.d/20auto-upgrades
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
            dest: /etc/apt/apt.conf.d/20auto-upgrades
            content: |
              APT::Periodic::Unattended-Upgrade "0";
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

ruleSpec('remote-script-piped-to-shell', {
  fires: [
    {
      name: 'Ansible: shell with curl | bash',
      fileName: 'roles/tools/tasks/main.yml',
      text: `
        - name: Install tool
          shell: curl -fsSL https://get.example.com | bash -s -- --yes
      `,
      flagged: ['curl -fsSL https://get.example.com | bash -s -- --yes'],
    },
  ],
  clean: [
    {
      name: 'Ansible: get_url then script',
      fileName: 'roles/tools/tasks/main.yml',
      text: `
        - get_url: {url: https://get.example.com, dest: /tmp/i.sh, checksum: "sha256:abc"}
        - command: sh /tmp/i.sh
      `,
    },
  ],
});

ruleSpec('firewall-before-ssh-allow', {
  fires: [
    {
      name: 'Ansible: ufw enabled before the ssh rule; fix reorders the tasks',
      fileName: 'roles/fw/tasks/main.yml',
      text: `
        - community.general.ufw:
            state: enabled
            policy: deny
        - community.general.ufw:
            rule: allow
            port: "22"
      `,
      flagged: ['community.general.ufw:'],
      fixed: `
        - community.general.ufw:
            rule: allow
            port: "22"
        - community.general.ufw:
            state: enabled
            policy: deny
      `,
    },
  ],
  clean: [
    {
      name: 'Ansible: allow OpenSSH first',
      fileName: 'roles/fw/tasks/main.yml',
      text: `
        - ufw: rule=allow name=OpenSSH
        - ufw: state=enabled policy=deny
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
