#!/usr/bin/env bash
# The workload "N containers on one bridge" done with netavark from Debian (podman's network
# backend, /usr/lib/podman/netavark, version 1.4): per container one
# `netavark --config DIR setup /run/netns/PREFIX<i>` with the network options podman would pass
# (one bridge network 10.100.0.0/16 with masquerade, the container's static IP, one TCP port
# mapping 20000+i -> 80), and one `netavark teardown` likewise.
#
#   bench/netavark.sh gen DIR N PREFIX BRIDGE HOST   writes the files (not timed)
#   bench/netavark.sh setup DIR                 timed by bench/run
#   bench/netavark.sh teardown DIR              timed by bench/run
#   bench/netavark.sh verify DIR                checks the state setup produced (not timed)
#
# setup, teardown and verify must run inside the throwaway host namespace
# (nsenter --net=/run/netns/HOST bench/netavark.sh ...). netavark 1.4 has no nftables driver: it
# uses iptables (forced here with NETAVARK_FW=iptables, so a running firewalld is never used),
# whose rules then land in that namespace only. They refuse to run in the machine's own network
# namespace. The configuration directory is DIR/config (aardvark-dns is not used: dns off).
#
# Included in the times, as for the baseline: setup creates the N namespaces (one `ip -batch` of
# `netns add`), teardown deletes them (one `ip -batch` of `netns del`). netavark deletes the
# bridge itself with the last container. Binary: $NETAVARK or /usr/lib/podman/netavark.
set -euo pipefail

# The whole script is one compound command, read completely before it runs, so that editing this
# file while a run is going on cannot change what that run does (bash reads scripts as it goes).
{
source "$(dirname "$0")/lib.sh"

netavark=${NETAVARK:-/usr/lib/podman/netavark}
export NETAVARK_FW=iptables

cmd=${1:-}
case "$cmd" in
  gen)
    [[ $# -eq 6 ]] || { usage >&2; exit 2; }
    dir=$(realpath -m "$2") n=$3 prefix=$4 bridge=$5 host=$6
    mkdir -p "$dir/opts" "$dir/config"
    netid=$(printf '%064x' 4242)
    for ((i = 0; i < n; i++)); do
      printf '{"container_id":"%064x","container_name":"c%d","networks":{"bench":{"interface_name":"eth0","static_ips":["10.100.%d.%d"]}},"network_info":{"bench":{"name":"bench","id":"%s","driver":"bridge","network_interface":"%s","subnets":[{"subnet":"10.100.0.0/16","gateway":"10.100.0.1"}],"ipv6_enabled":false,"internal":false,"dns_enabled":false,"ipam_options":{"driver":"host-local"}}},"port_mappings":[{"host_ip":"","container_port":80,"host_port":%d,"range":1,"protocol":"tcp"}]}\n' \
        $((i + 1)) "$i" $((i / 250)) $((i % 250 + 2)) "$netid" "$bridge" $((20000 + i)) > "$dir/opts/$i.json"
    done
    write_netns_batches "$dir" "$n" "$prefix"
    printf 'n=%d\nprefix=%s\nbridge=%s\nhost=%s\n' "$n" "$prefix" "$bridge" "$host" > "$dir/env"
    ;;
  setup)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    ip -batch "$dir/netns-add.batch"
    for ((i = 0; i < n; i++)); do
      "$netavark" --config "$dir/config" setup "/run/netns/$prefix$i" < "$dir/opts/$i.json" > /dev/null
    done
    ;;
  teardown)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    for ((i = 0; i < n; i++)); do
      "$netavark" --config "$dir/config" teardown "/run/netns/$prefix$i" < "$dir/opts/$i.json" > /dev/null
    done
    ip -batch "$dir/netns-del.batch"
    ;;
  verify)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    problems=0
    verify_containers
    verify_dnat_rules
    exit $problems
    ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
exit
}
