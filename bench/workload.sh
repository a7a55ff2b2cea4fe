#!/usr/bin/env bash
# Writes the benchmark workload "N containers on one bridge" as a netagent configuration:
# one bridge with a /16, N containers each with its own namespace (PREFIX<i>), veth pair,
# address, default route and one published TCP port; masquerade on.
#   bench/workload.sh N PREFIX BRIDGE > config.yaml
set -eu
n=$1 prefix=$2 bridge=$3
cat <<YAML
networks:
  - { name: bench, bridge: $bridge, subnet: 10.100.0.0/16, gateway: 10.100.0.1, masquerade: true }
containers:
YAML
for ((i = 0; i < n; i++)); do
  printf '  - { name: c%d, network: bench, namespace: %s%d, createNamespace: true, hostInterface: %sv%d, ip: 10.100.%d.%d, ports: [ { host: %d, container: 80 } ] }\n' \
    "$i" "$prefix" "$i" "$prefix" "$i" $((i / 250)) $((i % 250 + 2)) $((20000 + i))
done
