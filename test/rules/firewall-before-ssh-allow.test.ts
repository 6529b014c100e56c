import { ruleSpec } from './spec';

ruleSpec('firewall-before-ssh-allow', {
  fires: [
    {
      name: 'ufw enabled before ssh is allowed; fix moves the allow first',
      text: `
        #cloud-config
        runcmd:
          - ufw default deny incoming
          - ufw --force enable
          - ufw allow OpenSSH
      `,
      flagged: ['ufw --force enable'],
      fixed: `
        #cloud-config
        runcmd:
          - ufw default deny incoming
          - ufw allow OpenSSH
          - ufw --force enable
      `,
    },
    {
      name: 'iptables policy drop with no ssh rule at all',
      text: `
        #cloud-config
        runcmd:
          - iptables -P INPUT DROP
      `,
      flagged: ['iptables -P INPUT DROP'],
    },
    {
      name: 'bootcmd enables ufw before runcmd allows ssh',
      text: `
        #cloud-config
        bootcmd:
          - ufw enable
        runcmd:
          - ufw allow 22/tcp
      `,
      flagged: ['ufw enable'],
    },
  ],
  clean: [
    {
      name: 'allow first, then enable',
      text: `
        #cloud-config
        runcmd:
          - ufw allow ssh
          - ufw default deny incoming
          - ufw --force enable
          - iptables -A INPUT -p tcp --dport 22 -j ACCEPT
          - iptables -P INPUT DROP
      `,
    },
    {
      name: 'ufw limit ssh/tcp allows SSH (rate-limited), as DigitalOcean images do',
      fileName: 'user-data',
      text: `
        #!/bin/sh
        ufw limit ssh/tcp
        ufw allow 8069/tcp
        ufw --force enable
      `,
    },
    {
      name: 'in one shell line, allow then enable',
      text: `
        #cloud-config
        runcmd:
          - ufw allow from 10.0.0.0/8 to any port 22 && ufw --force enable
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

ruleSpec('firewall-before-ssh-allow', {
  fires: [],
  clean: [
    {
      name: 'rule changes that close nothing: other ports, deletes, reloads',
      text: `
        #cloud-config
        runcmd:
          - ufw allow 443/tcp
          - ufw delete allow 8080
          - iptables -A INPUT -p tcp --dport 443 -j ACCEPT
          - firewall-cmd --add-service=https
          - firewall-cmd --reload
      `,
    },
    {
      name: 'Ansible: a rule for another port',
      fileName: 'roles/web/tasks/main.yml',
      text: `
        - ufw: rule=allow port=443
        - iptables: chain=INPUT protocol=tcp destination_port=443 jump=ACCEPT
      `,
    },
  ],
});

ruleSpec('firewall-before-ssh-allow', {
  fires: [
    {
      name: 'an image build that ships with SSH never allowed',
      fileName: 'build.pkr.hcl',
      text: `
        build {
          sources = ["source.amazon-ebs.base"]
          provisioner "shell" {
            inline = ["ufw default deny incoming", "ufw --force enable"]
          }
        }
      `,
      flagged: ['ufw --force enable'],
    },
  ],
  clean: [
    {
      name: "an image build that allows SSH later: the image ships with SSH allowed, and the build's own session is established",
      fileName: 'build.pkr.hcl',
      text: `
        build {
          sources = ["source.amazon-ebs.base"]
          provisioner "shell" {
            inline = ["ufw default deny incoming", "ufw --force enable", "ufw allow OpenSSH"]
          }
        }
      `,
    },
  ],
});
