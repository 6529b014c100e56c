import { ruleSpec } from './spec';

ruleSpec('deprecated-node-role-label', {
  fires: [
    {
      name: 'a nodeSelector in a manifest written by write_files, fixed to the control-plane label',
      text: `
        #cloud-config
        write_files:
          - path: /etc/kubernetes/manifests/route-reflector.yaml
            content: |
              apiVersion: apps/v1
              kind: Deployment
              spec:
                template:
                  spec:
                    nodeSelector:
                      node-role.kubernetes.io/master: ""
      `,
      flagged: ['node-role.kubernetes.io/master'],
      fixed: `
        #cloud-config
        write_files:
          - path: /etc/kubernetes/manifests/route-reflector.yaml
            content: |
              apiVersion: apps/v1
              kind: Deployment
              spec:
                template:
                  spec:
                    nodeSelector:
                      node-role.kubernetes.io/control-plane: ""
      `,
    },
    {
      name: 'a toleration in a manifest an Ansible task writes (no rewrite: the control-plane taint is newer than the label)',
      fileName: 'site.yml',
      text: `
        - hosts: masters
          tasks:
            - copy:
                dest: /etc/kubernetes/addons/agent.yaml
                content: |
                  tolerations:
                    - key: node-role.kubernetes.io/master
                      effect: NoSchedule
      `,
      flagged: ['node-role.kubernetes.io/master'],
    },
    {
      name: 'kubectl taint removal and a label query in runcmd',
      text: `
        #cloud-config
        runcmd:
          - kubectl taint nodes --all node-role.kubernetes.io/master-
          - kubectl get nodes -l node-role.kubernetes.io/master -o name
      `,
      flagged: ['node-role.kubernetes.io/master-', 'node-role.kubernetes.io/master'],
      fixed: `
        #cloud-config
        runcmd:
          - kubectl taint nodes --all node-role.kubernetes.io/master-
          - kubectl get nodes -l node-role.kubernetes.io/control-plane -o name
      `,
    },
  ],
  clean: [
    {
      name: 'the control-plane label',
      text: `
        #cloud-config
        write_files:
          - path: /etc/kubernetes/manifests/agent.yaml
            content: |
              nodeSelector:
                node-role.kubernetes.io/control-plane: ""
      `,
    },
    {
      name: 'tolerations for both names (a migration)',
      text: `
        #cloud-config
        write_files:
          - path: /etc/kubernetes/manifests/agent.yaml
            content: |
              tolerations:
                - key: node-role.kubernetes.io/master
                  effect: NoSchedule
                - key: node-role.kubernetes.io/control-plane
                  effect: NoSchedule
      `,
    },
    {
      name: 'both taints removed in one command',
      text: `
        #cloud-config
        runcmd:
          - kubectl taint nodes --all node-role.kubernetes.io/control-plane- node-role.kubernetes.io/master-
      `,
    },
    {
      name: 'k3s, which still labels its servers with the old name',
      fileName: 'site.yml',
      text: `
        - hosts: k3s_servers
          tasks:
            - command: k3s kubectl get nodes -l node-role.kubernetes.io/master=true
      `,
    },
    {
      name: 'a comment about the old label',
      text: `
        #cloud-config
        write_files:
          - path: /etc/kubernetes/manifests/agent.yaml
            content: |
              # replaces node-role.kubernetes.io/master, gone in 1.24
              nodeSelector:
                kubernetes.io/os: linux
      `,
    },
  ],
});
