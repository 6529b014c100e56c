import { ruleSpec } from './spec';

ruleSpec('unattended-upgrades-critical-packages', {
  fires: [
    {
      name: 'containerd from the archive on a host with unattended upgrades, fixed with a blacklist drop-in',
      text: `
        #cloud-config
        packages: [unattended-upgrades, containerd]
      `,
      flagged: ['containerd'],
      fixed: `
        #cloud-config
        packages: [unattended-upgrades, containerd]
        write_files:
          - path: /etc/apt/apt.conf.d/51-hindsight-package-blacklist
            content: |
              Unattended-Upgrade::Package-Blacklist {
                  "containerd";
              };
      `,
    },
    {
      name: 'NVIDIA drivers in an Ansible play that turns upgrades on',
      fileName: 'site.yml',
      text: `
        - hosts: gpu
          tasks:
            - apt:
                name: [unattended-upgrades, nvidia-driver-535, libnvidia-compute-535, nvidia-headless-550-server]
            - copy:
                dest: /etc/apt/apt.conf.d/20auto-upgrades
                content: |
                  APT::Periodic::Unattended-Upgrade "1";
      `,
      flagged: ['nvidia-driver-535', 'libnvidia-compute-535', 'nvidia-headless-550-server'],
    },
    {
      name: 'a vendor package with the vendor origin allowed',
      text: `
        #cloud-config
        packages: [tailscale]
        write_files:
          - path: /etc/apt/apt.conf.d/51unattended-upgrades-tailscale
            content: |
              Unattended-Upgrade::Origins-Pattern {
                  "origin=Tailscale";
              };
          - path: /etc/apt/apt.conf.d/20auto-upgrades
            content: |
              APT::Periodic::Unattended-Upgrade "1";
      `,
      flagged: ['tailscale'],
    },
  ],
  clean: [
    {
      name: 'blacklisted, held, or a vendor package whose origin is not allowed',
      text: `
        #cloud-config
        packages: [unattended-upgrades, containerd, docker.io, docker-ce, kubelet]
        write_files:
          - path: /etc/apt/apt.conf.d/51-blacklist
            content: |
              Unattended-Upgrade::Package-Blacklist {
                  "containerd";
              };
        runcmd:
          - apt-mark hold docker.io
      `,
    },
    {
      name: 'pinned with apt preferences',
      text: `
        #cloud-config
        packages: [unattended-upgrades, containerd]
        write_files:
          - path: /etc/apt/preferences.d/containerd
            content: |
              Package: containerd
              Pin: version 1.7.*
              Pin-Priority: 1001
      `,
    },
    {
      name: 'a Dockerfile',
      fileName: 'Dockerfile',
      text: `
        FROM ubuntu:24.04
        RUN apt-get update && apt-get install -y unattended-upgrades containerd
      `,
    },
    {
      name: 'automatic upgrades turned off',
      text: `
        #cloud-config
        packages: [unattended-upgrades, containerd]
        write_files:
          - path: /etc/apt/apt.conf.d/20auto-upgrades
            content: |
              APT::Periodic::Unattended-Upgrade "0";
      `,
    },
    {
      name: 'critical packages without automatic upgrades',
      text: `
        #cloud-config
        packages: [containerd, nvidia-driver-535]
      `,
    },
  ],
});
