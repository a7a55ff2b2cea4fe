#!/usr/bin/env bash
# The fastest hand-written equivalent of the workload "N containers on one bridge" (see
# bench/workload.sh): what netagent is compared against.
#
#   bench/baseline.sh gen DIR N PREFIX BRIDGE HOST   writes the files (not timed)
#   bench/baseline.sh setup DIR                 runs them (timed by bench/run)
#   bench/baseline.sh teardown DIR              removes it all again (timed by bench/run)
#   bench/baseline.sh verify DIR                checks that setup produced the state (not timed)
#
# setup, teardown and verify must run inside the throwaway host namespace, e.g.
#   nsenter --net=/run/netns/HOST bench/baseline.sh setup DIR
# and refuse to run in the machine's own network namespace.
#
# setup = one `ip -batch` in the host namespace (the N `netns add`, the bridge, its address, the N
# veth pairs created in group 4242 with the peer put straight into its namespace as eth0), then
# one `nsenter --net=/run/netns/PREFIX<i> ip -batch` per container (address, eth0 up, lo up,
# default route: iproute2's batch mode has no per-line namespace), then one `ip -batch` that
# enslaves the N host ends to the bridge and sets them up, one `nft -f` (masquerade of the subnet
# and DNAT of the N host ports through one map, as netagent does) and ip_forward=1.
# Why the host ends join the bridge last: a container's eth0 going up while its peer is already
# an up bridge port costs the kernel time in proportion to the bridge's ports (with 1000
# containers 9.6 s in all, against 5.8 s this way, on a 2-core machine).
# Why nsenter and not `ip -n PREFIX<i> -batch`: both do the same, but `ip -n` also unshares the
# mount namespace and remounts /sys, which costs more the more namespaces are mounted (with 1000
# namespaces, 12.5 ms against 8.0 ms per container, measured interleaved on a 2-core machine).
# teardown = one `ip -batch` (`link del group 4242`, the bridge, the N `netns del`) and
# `nft delete table`.
set -euo pipefail

# The whole script is one compound command, read completely before it runs, so that editing this
# file while a run is going on cannot change what that run does (bash reads scripts as it goes).
{
source "$(dirname "$0")/lib.sh"

cmd=${1:-}
case "$cmd" in
  gen)
    [[ $# -eq 6 ]] || { usage >&2; exit 2; }
    dir=$2 n=$3 prefix=$4 bridge=$5 host=$6
    mkdir -p "$dir/ctr"
    table=${prefix}base
    {
      for ((i = 0; i < n; i++)); do echo "netns add $prefix$i"; done
      echo "link add $bridge type bridge"
      echo "addr add 10.100.0.1/16 dev $bridge"
      echo "link set $bridge up"
      for ((i = 0; i < n; i++)); do
        echo "link add ${prefix}v$i group 4242 type veth peer name eth0 netns $prefix$i"
      done
    } > "$dir/host-setup.batch"
    for ((i = 0; i < n; i++)); do
      echo "link set ${prefix}v$i master $bridge up"
    done > "$dir/host-attach.batch"
    for ((i = 0; i < n; i++)); do
      printf 'addr add 10.100.%d.%d/16 dev eth0\nlink set eth0 up\nlink set lo up\nroute add default via 10.100.0.1 dev eth0\n' \
        $((i / 250)) $((i % 250 + 2)) > "$dir/ctr/$i.batch"
    done
    {
      echo "table ip $table {"
      echo "  map ports {"
      echo "    type inet_service : ipv4_addr . inet_service"
      if ((n > 0)); then
        printf '    elements = {'
        for ((i = 0; i < n; i++)); do
          ((i > 0)) && printf ','
          printf ' %d : 10.100.%d.%d . 80' $((20000 + i)) $((i / 250)) $((i % 250 + 2))
        done
        printf ' }\n'
      fi
      echo "  }"
      echo "  chain prerouting { type nat hook prerouting priority dstnat; policy accept; fib daddr type local dnat ip to tcp dport map @ports; }"
      echo "  chain output { type nat hook output priority -100; policy accept; fib daddr type local dnat ip to tcp dport map @ports; }"
      echo "  chain postrouting { type nat hook postrouting priority srcnat; policy accept; ip saddr 10.100.0.0/16 ip daddr != 10.100.0.0/16 oifname != \"$bridge\" masquerade; }"
      echo "}"
    } > "$dir/nat.nft"
    {
      echo "link del group 4242"
      echo "link del $bridge"
      for ((i = 0; i < n; i++)); do echo "netns del $prefix$i"; done
    } > "$dir/host-teardown.batch"
    printf 'n=%d\nprefix=%s\nbridge=%s\ntable=%s\nhost=%s\n' "$n" "$prefix" "$bridge" "$table" "$host" > "$dir/env"
    ;;
  setup)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    ip -batch "$dir/host-setup.batch"
    for ((i = 0; i < n; i++)); do
      nsenter --net="/run/netns/$prefix$i" ip -batch "$dir/ctr/$i.batch"
    done
    ip -batch "$dir/host-attach.batch"
    nft -f "$dir/nat.nft"
    echo 1 > /proc/sys/net/ipv4/ip_forward
    ;;
  teardown)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    ip -batch "$dir/host-teardown.batch"
    nft delete table ip "$table"
    ;;
  verify)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    problems=0
    verify_containers
    elements=$(nft -j list map ip "$table" ports | jq '[.nftables[] | select(.map) | .map.elem // [] | length] | add')
    [[ $elements == "$n" ]] || { echo "baseline verify: $elements port map elements, expected $n" >&2; problems=1; }
    [[ $(< /proc/sys/net/ipv4/ip_forward) == 1 ]] || { echo "baseline verify: ip_forward is not 1" >&2; problems=1; }
    exit $problems
    ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
exit
}
