/** Synthetic provisioning documents of a given size, shaped like real ones, for timing. */

export function cloudInit(lines: number): string {
  const out = ['#cloud-config', 'package_update: true', 'packages: [nginx, curl, jq]', 'write_files:'];
  let i = 0;
  while (out.length < lines * 0.3) {
    out.push(`  - path: /etc/app/conf.d/${i}.conf`, '    permissions: "0644"', '    content: |', `      key_${i}=value_${i}`, `      other_${i}=${i}`);
    i++;
  }
  out.push('runcmd:');
  while (out.length < lines) {
    const n = out.length;
    out.push(
      n % 7 === 0
        ? `  - ip route add 10.${n % 250}.0.0/16 via 10.0.0.1 dev eth0`
        : n % 5 === 0
          ? `  - [systemctl, restart, app-${n}]`
          : `  - echo step ${n} && apt-get install -y pkg-${n} | tee -a /var/log/setup.log`,
    );
  }
  return out.join('\n') + '\n';
}

export function ansible(lines: number): string {
  const out = ['- hosts: webservers', '  become: true', '  tasks:'];
  let n = 0;
  while (out.length < lines) {
    switch (n++ % 5) {
      case 0:
        out.push(`    - name: Install package ${n}`, '      ansible.builtin.apt:', `        name: pkg-${n}`, '        state: present');
        break;
      case 1:
        out.push(`    - name: Configure ${n}`, '      ansible.builtin.template:', `        src: app-${n}.conf.j2`, `        dest: /etc/app/${n}.conf`, '      notify: restart app');
        break;
      case 2:
        out.push(`    - name: Run ${n}`, `      ansible.builtin.shell: cd /opt/app && ./migrate --step ${n} | tee /var/log/m.log`);
        break;
      case 3:
        out.push(`    - name: Service ${n}`, `      ansible.builtin.service: name=svc-${n} state=started enabled=yes`);
        break;
      default:
        out.push(`    - name: Line ${n}`, '      ansible.builtin.lineinfile:', '        path: /etc/hosts', `        line: "10.0.${n % 250}.1 host-${n}"`);
    }
  }
  out.push('  handlers:', '    - name: restart app', '      ansible.builtin.service: name=app state=restarted');
  return out.join('\n') + '\n';
}

export function dockerfile(lines: number): string {
  const out = ['# syntax=docker/dockerfile:1', 'ARG BASE=debian:bookworm-slim', 'FROM ${BASE} AS build'];
  let n = 0;
  while (out.length < lines) {
    n++;
    if (n % 4 === 0) out.push(`COPY src/module-${n} /src/module-${n}`);
    else if (n % 4 === 1) out.push(`ENV STEP_${n}=${n}`);
    else out.push(`RUN apt-get update \\`, `    && apt-get install -y --no-install-recommends pkg-${n} \\`, `    && rm -rf /var/lib/apt/lists/*`);
  }
  out.push('FROM debian:bookworm-slim', 'COPY --from=build /src /app');
  return out.join('\n') + '\n';
}

/** A Terraform root module: resources of several kinds, every fifth instance with a heredoc cloud-config. */
export function terraform(lines: number): string {
  const out = ['terraform {', '  required_version = ">= 1.5"', '}', ''];
  let n = 0;
  while (out.length < lines) {
    n++;
    if (n % 5 === 0) {
      out.push(`resource "aws_instance" "node_${n}" {`, '  ami           = var.ami', '  instance_type = "t3.small"', '  user_data = <<-EOT');
      out.push(
        '    #cloud-config',
        '    packages: [nginx]',
        '    runcmd:',
        `      - ip route add 10.${n % 250}.0.0/16 via \${var.gateway} dev eth0`,
        '      - systemctl enable --now nginx',
        '  EOT',
      );
      out.push(`  tags = { Name = "node-${n}", Tier = var.tier }`, '}', '');
    } else {
      out.push(`resource "aws_security_group_rule" "rule_${n}" {`, '  type              = "ingress"', `  from_port         = ${n % 65535}`, `  to_port           = ${n % 65535}`);
      out.push('  protocol          = "tcp"', '  cidr_blocks       = ["10.0.0.0/8"]', '  security_group_id = aws_security_group.main.id', '}', '');
    }
  }
  return out.join('\n') + '\n';
}

/** A shell user-data script: package installs, service restarts and, every seventh line, a route. */
export function shellUserData(lines: number): string {
  const out = ['#!/bin/bash', 'set -euo pipefail'];
  while (out.length < lines) {
    const n = out.length;
    out.push(
      n % 7 === 0
        ? `ip route add 10.${n % 250}.0.0/16 via 10.0.0.1 dev eth0`
        : n % 5 === 0
          ? `systemctl restart app-${n}`
          : `apt-get install -y pkg-${n} | tee -a /var/log/setup.log`,
    );
  }
  return out.join('\n') + '\n';
}
