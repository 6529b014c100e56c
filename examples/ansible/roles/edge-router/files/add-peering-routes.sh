#!/bin/sh
# Peering routes for the partner network, added at boot by static-routes.service.
set -e
ip route add 172.16.0.0/12 via 10.0.0.254 dev eth1
ip rule add from 10.0.0.0/24 table 100
