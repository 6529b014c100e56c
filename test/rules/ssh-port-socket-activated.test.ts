import { ruleSpec } from './spec';

ruleSpec('ssh-port-socket-activated', {
  fires: [
    {
      name: 'an Ansible lineinfile Port and an ssh restart handler',
      fileName: 'site.yml',
      text: `
        - hosts: all
          tasks:
            - lineinfile:
                path: /etc/ssh/sshd_config
                regexp: '^#?Port'
                line: Port 2222
              notify: restart ssh
          handlers:
            - name: restart ssh
              service: name=ssh state=restarted
      `,
      flagged: ['Port 2222'],
    },
    {
      name: 'sed in user-data on Ubuntu 24.04 (a warning: the file names the release)',
      text: `
        #cloud-config
        # image: ubuntu-24.04 (noble)
        runcmd:
          - sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config
          - systemctl restart ssh
          - ufw allow 2222/tcp
      `,
      flagged: ["'s/^#Port 22/Port 2222/'"],
    },
    {
      name: 'a drop-in written by write_files',
      text: `
        #cloud-config
        write_files:
          - path: /etc/ssh/sshd_config.d/10-listen.conf
            content: |
              ListenAddress 10.0.0.5
        runcmd:
          - systemctl reload ssh
      `,
      flagged: ['ListenAddress 10.0.0.5'],
    },
  ],
  clean: [
    {
      name: 'an ssh.socket drop-in, reloaded and restarted',
      text: `
        #cloud-config
        write_files:
          - path: /etc/ssh/sshd_config.d/10-port.conf
            content: |
              Port 2222
          - path: /etc/systemd/system/ssh.socket.d/override.conf
            content: |
              [Socket]
              ListenStream=
              ListenStream=2222
        runcmd:
          - systemctl daemon-reload
          - systemctl restart ssh.socket
      `,
    },
    {
      name: 'socket activation turned off',
      text: `
        #cloud-config
        runcmd:
          - sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config
          - systemctl disable --now ssh.socket
          - systemctl enable --now ssh.service
          - systemctl restart ssh
      `,
    },
    {
      name: 'port 22 itself',
      text: `
        #cloud-config
        write_files:
          - path: /etc/ssh/sshd_config.d/10-port.conf
            content: |
              Port 22
        runcmd:
          - systemctl restart ssh
      `,
    },
    {
      name: 'ssh.socket masked',
      text: `
        #cloud-config
        runcmd:
          - sed -i 's/^#Port 22/Port 2222/' /etc/ssh/sshd_config
          - systemctl mask ssh.socket
          - systemctl restart ssh
      `,
    },
    {
      name: 'a RHEL-family host, port 22, and no restart',
      text: `
        #cloud-config
        write_files:
          - path: /etc/ssh/sshd_config.d/10-port.conf
            content: |
              Port 22
          - path: /etc/ssh/sshd_config.d/20-other.conf
            content: |
              Port 2200
        runcmd:
          - dnf install -y policycoreutils-python-utils
          - systemctl restart sshd
      `,
    },
  ],
});
