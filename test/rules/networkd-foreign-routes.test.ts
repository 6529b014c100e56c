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
      name: 'a later networkctl reload would never read the drop-in; the fix makes it the restart that does',
      text: `
        #cloud-config
        packages: [frr]
        runcmd:
          - networkctl reload
      `,
      flagged: ['frr'],
      fixed: `
        #cloud-config
        packages: [frr]
        runcmd:
          - systemctl restart systemd-networkd
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

ruleSpec('networkd-foreign-routes', {
  fires: [
    {
      name: 'Ansible: a CNI release downloaded by get_url or unarchive',
      fileName: 'roles/cni/tasks/main.yml',
      text: `
        - name: Unpack cilium
          unarchive:
            src: https://github.com/cilium/cilium-cli/releases/latest/download/cilium-linux-amd64.tar.gz
            dest: /usr/local/bin
            remote_src: true
      `,
      flagged: ['unarchive:'],
    },
  ],
  clean: [
    {
      name: "Ansible: k3s's installer with its default flannel (VXLAN routes on flannel.1, a link networkd does not manage), and wg-quick strip",
      fileName: 'roles/k3s/tasks/main.yml',
      text: `
        - name: Download the k3s installer
          ansible.builtin.get_url:
            url: https://get.k3s.io
            dest: /usr/local/bin/k3s-install.sh
            mode: "0755"
        - name: Show the WireGuard config without wg-quick's own keys
          command: wg-quick strip wg0
      `,
    },
    {
      name: 'Ansible: downloads of other software',
      fileName: 'roles/web/tasks/main.yml',
      text: `
        - get_url:
            url: https://nginx.org/keys/nginx_signing.key
            dest: /etc/apt/keyrings/nginx.asc
        - unarchive:
            src: files/app.tar.gz
            dest: /opt/app
      `,
    },
  ],
});

ruleSpec('networkd-foreign-routes', {
  fires: [
    {
      name: 'Ansible: a CNI deployed by kubernetes.core.k8s from its manifest',
      fileName: 'roles/cni/tasks/main.yml',
      text: `
        - name: Apply the Calico manifest
          kubernetes.core.k8s:
            state: present
            src: https://raw.githubusercontent.com/projectcalico/calico/v3.28.0/manifests/calico.yaml
      `,
      flagged: ['kubernetes.core.k8s:'],
    },
    {
      name: 'Ansible: a CNI installed by kubernetes.core.helm, and by kubectl/helm commands',
      fileName: 'roles/cni/tasks/main.yml',
      text: `
        - kubernetes.core.helm:
            name: cilium
            chart_ref: cilium/cilium
            release_namespace: kube-system
        - command: kubectl apply -f /tmp/tigera-operator.yaml
        - shell: helm upgrade --install flannel flannel/flannel -n kube-flannel
      `,
      flagged: ['kubernetes.core.helm:'],
    },
  ],
  clean: [
    {
      name: 'Ansible: manifests and charts of other software, and a CNI removed',
      fileName: 'roles/apps/tasks/main.yml',
      text: `
        - kubernetes.core.k8s:
            src: https://raw.githubusercontent.com/kubernetes/dashboard/v2.7.0/aio/deploy/recommended.yaml
        - kubernetes.core.helm:
            name: ingress
            chart_ref: ingress-nginx/ingress-nginx
        - kubernetes.core.k8s:
            state: absent
            src: https://raw.githubusercontent.com/projectcalico/calico/v3.28.0/manifests/calico.yaml
        - command: kubectl get pods -n calico-system
        - command: kubectl -n calico-apiserver create secret generic calico-apiserver-certs --from-file=apiserver.crt
      `,
    },
  ],
});

ruleSpec('networkd-foreign-routes', {
  fires: [
    {
      name: "cloud-init's wireguard module brings up wg-quick, which installs routes and policy rules",
      text: `
        #cloud-config
        wireguard:
          interfaces:
            - name: wg0
              config_path: /etc/wireguard/wg0.conf
              content: |
                [Interface]
                Address = 10.8.0.2/24
      `,
      flagged: ['wireguard'],
    },
    {
      name: 'Amazon Linux 2023 installs with dnf but runs networkd',
      text: `
        #!/bin/bash
        # al2023 router
        dnf install -y frr
      `,
      flagged: ['frr'],
    },
  ],
  clean: [
    {
      name: 'a RHEL-family host: NetworkManager, not networkd, manages links',
      text: `
        #!/bin/bash
        dnf install -y keepalived
      `,
    },
    {
      name: 'Ansible: the install runs only on the RHEL family',
      fileName: 'roles/vip/tasks/main.yml',
      text: `
        - name: Install keepalived
          yum:
            name: keepalived
          when: ansible_os_family == "RedHat"
      `,
    },
    {
      name: "Ansible: a block's condition limits the tasks in it to the RHEL family",
      fileName: 'roles/vip/tasks/main.yml',
      text: `
        - name: Install on RH distros
          when: ansible_facts['os_family'] == "RedHat"
          block:
            - name: Install keepalived
              package:
                name: keepalived
      `,
    },
    {
      name: 'Ansible: a Windows node downloads Calico',
      fileName: 'windows/node.yml',
      text: `
        - hosts: windows
          vars:
            ansible_connection: winrm
          tasks:
            - name: Download Calico for Windows
              raw: curl.exe -LO https://github.com/projectcalico/calico/releases/download/v3.26.1/calico-windows-v3.26.1.zip
            - win_shell: C:\\k\\install-calico.ps1
      `,
    },
  ],
});
