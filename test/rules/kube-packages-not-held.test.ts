import { ruleSpec } from './spec';

ruleSpec('kube-packages-not-held', {
  fires: [
    {
      name: 'apt-get install in runcmd, fixed with apt-mark hold',
      text: `
        #cloud-config
        runcmd:
          - apt-get install -y kubelet kubeadm kubectl
      `,
      flagged: ['kubelet'],
      fixed: `
        #cloud-config
        runcmd:
          - apt-get install -y kubelet kubeadm kubectl && apt-mark hold kubelet kubeadm kubectl
      `,
    },
    {
      name: 'an Ansible apt task with a loop and no hold (no rewrite: a task is added by hand)',
      fileName: 'site.yml',
      text: `
        - hosts: k8s
          tasks:
            - ansible.builtin.apt:
                name: "{{ item }}"
                state: present
              loop: [kubelet, kubeadm, kubectl]
      `,
      flagged: ['kubelet'],
    },
    {
      name: 'cloud-init packages with versions; only kubectl is held',
      text: `
        #cloud-config
        packages:
          - [kubelet, 1.30.2-1.1]
          - kubeadm=1.30.2-1.1
          - kubectl
        runcmd:
          - apt-mark hold kubectl
      `,
      flagged: ['[kubelet, 1.30.2-1.1]'],
    },
    {
      name: 'dnf with a version suffix',
      text: `
        #!/bin/bash
        dnf install -y kubelet-1.30.2 kubeadm-1.30.2
      `,
      flagged: ['kubelet-1.30.2'],
    },
  ],
  clean: [
    {
      name: 'held with apt-mark, dpkg --set-selections and dpkg_selections',
      text: `
        #cloud-config
        runcmd:
          - apt-get install -y kubelet kubeadm kubectl
          - apt-mark hold kubelet kubeadm
          - echo "kubectl hold" | dpkg --set-selections
      `,
    },
    {
      name: 'an Ansible play that holds them with dpkg_selections',
      fileName: 'site.yml',
      text: `
        - hosts: k8s
          tasks:
            - apt: name=kubelet,kubeadm,kubectl state=present
            - dpkg_selections:
                name: "{{ item }}"
                selection: hold
              loop: [kubelet, kubeadm, kubectl]
      `,
    },
    {
      name: 'the yum repository excludes them; the install lifts the exclude once',
      text: `
        #cloud-config
        write_files:
          - path: /etc/yum.repos.d/kubernetes.repo
            content: |
              [kubernetes]
              baseurl=https://pkgs.k8s.io/core:/stable:/v1.30/rpm/
              exclude=kubelet kubeadm kubectl cri-tools kubernetes-cni
        runcmd:
          - yum install -y kubelet kubeadm kubectl --disableexcludes=kubernetes
      `,
    },
    {
      name: 'versionlock, and apt preferences from a template',
      fileName: 'site.yml',
      text: `
        - hosts: k8s
          tasks:
            - template: src=kubernetes-pin.j2 dest=/etc/apt/preferences.d/kubernetes
            - apt: name=kubelet state=present
            - community.general.yum_versionlock:
                name: [kubeadm]
            - dnf: name=kubeadm state=present
      `,
    },
    {
      name: 'a Dockerfile (an image, where no upgrade runs later)',
      fileName: 'Dockerfile',
      text: `
        FROM ubuntu:24.04
        RUN apt-get update && apt-get install -y kubectl
      `,
    },
    {
      name: 'other packages',
      text: `
        #cloud-config
        packages: [kubernetes-cni, kubelet-plugin-foo]
      `,
    },
  ],
});
