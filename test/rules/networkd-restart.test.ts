import { ruleSpec } from './spec';

ruleSpec('networkd-restart', {
  fires: [
    {
      name: 'systemctl restart, fixed to networkctl reload',
      text: `
        #cloud-config
        runcmd:
          - systemctl restart systemd-networkd
      `,
      flagged: ['systemctl restart systemd-networkd'],
      fixed: `
        #cloud-config
        runcmd:
          - networkctl reload
      `,
    },
    {
      name: 'netplan apply and service restart in a script',
      text: `
        #cloud-config
        runcmd:
          - netplan apply
          - [systemctl, restart, systemd-networkd.service]
      `,
      flagged: ['netplan apply', '[systemctl, restart, systemd-networkd.service]'],
    },
  ],
  clean: [
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
