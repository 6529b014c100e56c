#!/bin/bash
# Bastion host: shell-script user-data, runs once per instance.
set -euo pipefail

apt-get update
apt-get install -y ufw
ufw default deny incoming
ufw --force enable
ufw allow from 10.0.0.0/8 to any port 22 proto tcp

# Reach the management VPC through the transit gateway.
ip route add 172.16.0.0/12 via 10.0.0.1 dev ens5
