#!/usr/bin/env bash
# Writes the benchmark workload "N containers on one bridge" as a netagent configuration:
# one bridge with a /16, N containers each with its own namespace (PREFIX<i>), veth pair,
# address, default route and one published TCP port; masquerade on. With "dual", its dual-stack
# variant: the bridge also has fd00:100::/64 (masquerade6 on by default), and each container also
# the IPv6 address fd00:100::<i+2 in hex> with its ::/0 route, its port published over both.
#   bench/workload.sh N PREFIX BRIDGE [dual] > config.yaml
set -eu
n=$1 prefix=$2 bridge=$3 variant=${4:-}
case "$variant" in
  '') subnet6= ;;
  dual) subnet6=', subnet6: "fd00:100::/64"' ;;
  *) echo "bench/workload.sh: the variant is dual or nothing, not $variant" >&2; exit 2 ;;
esac
cat <<YAML
networks:
  - { name: bench, bridge: $bridge, subnet: 10.100.0.0/16, gateway: 10.100.0.1, masquerade: true$subnet6 }
containers:
YAML
for ((i = 0; i < n; i++)); do
  ip6=
  [[ -z $subnet6 ]] || ip6=$(printf ', ip6: "fd00:100::%x"' $((i + 2)))
  printf '  - { name: c%d, network: bench, namespace: %s%d, createNamespace: true, hostInterface: %sv%d, ip: 10.100.%d.%d%s, ports: [ { host: %d, container: 80 } ] }\n' \
    "$i" "$prefix" "$i" "$prefix" "$i" $((i / 250)) $((i % 250 + 2)) "$ip6" $((20000 + i))
done
