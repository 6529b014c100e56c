#!/usr/bin/env bash
# Installs the tools that consume what Hindsight's quick fixes write, from Debian: cloud-init
# (schema), netplan (generate), ansible-core (syntax-check), Jinja2; apt-config and systemd-analyze
# come with the base system. Re-running it is cheap: nothing is installed twice.
set -euo pipefail
missing=()
command -v cloud-init >/dev/null 2>&1 || missing+=(cloud-init)
command -v netplan >/dev/null 2>&1 || missing+=(netplan.io)
command -v ansible-playbook >/dev/null 2>&1 || missing+=(ansible-core)
python3 -c 'import jinja2' >/dev/null 2>&1 || missing+=(python3-jinja2)
command -v systemd-analyze >/dev/null 2>&1 || missing+=(systemd)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "fix oracles ready: $(cloud-init --version 2>&1 | head -1), netplan $(dpkg-query -W -f='${Version}' netplan.io), $(ansible-playbook --version | head -1), $(apt-config --version | head -1)"
