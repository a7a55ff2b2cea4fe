#!/usr/bin/env bash
# The workload "N containers on one bridge" done with the CNI reference plugins from Debian
# (containernetworking-plugins, in /usr/lib/cni), chained by hand the way a runtime runs a
# conflist: per container the bridge plugin (isGateway, ipMasq, host-local IPAM on
# 10.100.0.0/16 with a default route) then the portmap plugin with the bridge's result as
# prevResult (one TCP mapping 20000+i -> 80). Teardown: per container DEL in reverse order
# (portmap, then bridge).
#
#   bench/cni.sh gen DIR N PREFIX BRIDGE HOST   writes the files (not timed)
#   bench/cni.sh setup DIR                 timed by bench/run
#   bench/cni.sh teardown DIR              timed by bench/run
#   bench/cni.sh verify DIR                checks the state setup produced (not timed)
#
# setup, teardown and verify must run inside the throwaway host namespace
# (nsenter --net=/run/netns/HOST bench/cni.sh ...); the plugins' iptables rules and sysctls then
# land in that namespace only. They refuse to run in the machine's own network namespace.
#
# Included in the times, as for the baseline: setup creates the N namespaces (one `ip -batch` of
# `netns add`), teardown deletes them (one `ip -batch` of `netns del`). The plugins leave the
# bridge in place on DEL (CNI never deletes it); that is not counted. CNI_PATH: $CNI_PATH or
# /usr/lib/cni.
set -euo pipefail

# The whole script is one compound command, read completely before it runs, so that editing this
# file while a run is going on cannot change what that run does (bash reads scripts as it goes).
{
source "$(dirname "$0")/lib.sh"

export CNI_PATH=${CNI_PATH:-/usr/lib/cni} CNI_IFNAME=eth0

cmd=${1:-}
case "$cmd" in
  gen)
    [[ $# -eq 6 ]] || { usage >&2; exit 2; }
    dir=$(realpath -m "$2") n=$3 prefix=$4 bridge=$5 host=$6
    mkdir -p "$dir/ipam" "$dir/pm"
    printf '{"cniVersion":"1.0.0","name":"bench","type":"bridge","bridge":"%s","isGateway":true,"ipMasq":true,"ipam":{"type":"host-local","subnet":"10.100.0.0/16","gateway":"10.100.0.1","routes":[{"dst":"0.0.0.0/0"}],"dataDir":"%s/ipam"}}\n' \
      "$bridge" "$dir" > "$dir/bridge.json"
    write_netns_batches "$dir" "$n" "$prefix"
    printf 'n=%d\nprefix=%s\nbridge=%s\nhost=%s\n' "$n" "$prefix" "$bridge" "$host" > "$dir/env"
    ;;
  setup)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    ip -batch "$dir/netns-add.batch"
    for ((i = 0; i < n; i++)); do
      if ! res=$(CNI_COMMAND=ADD CNI_CONTAINERID=bench$i CNI_NETNS=/run/netns/$prefix$i "$CNI_PATH/bridge" < "$dir/bridge.json"); then
        echo "cni.sh: bridge ADD for $prefix$i failed: $res" >&2
        exit 1
      fi
      printf '{"cniVersion":"1.0.0","name":"bench","type":"portmap","capabilities":{"portMappings":true},"runtimeConfig":{"portMappings":[{"hostPort":%d,"containerPort":80,"protocol":"tcp"}]},"prevResult":%s}\n' \
        $((20000 + i)) "$res" > "$dir/pm/$i.json"
      if ! res=$(CNI_COMMAND=ADD CNI_CONTAINERID=bench$i CNI_NETNS=/run/netns/$prefix$i "$CNI_PATH/portmap" < "$dir/pm/$i.json"); then
        echo "cni.sh: portmap ADD for $prefix$i failed: $res" >&2
        exit 1
      fi
    done
    ;;
  teardown)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    for ((i = 0; i < n; i++)); do
      if ! res=$(CNI_COMMAND=DEL CNI_CONTAINERID=bench$i CNI_NETNS=/run/netns/$prefix$i "$CNI_PATH/portmap" < "$dir/pm/$i.json"); then
        echo "cni.sh: portmap DEL for $prefix$i failed: $res" >&2
        exit 1
      fi
      if ! res=$(CNI_COMMAND=DEL CNI_CONTAINERID=bench$i CNI_NETNS=/run/netns/$prefix$i "$CNI_PATH/bridge" < "$dir/bridge.json"); then
        echo "cni.sh: bridge DEL for $prefix$i failed: $res" >&2
        exit 1
      fi
    done
    ip -batch "$dir/netns-del.batch"
    ;;
  verify)
    [[ $# -eq 2 ]] || { usage >&2; exit 2; }
    dir=$2
    in_host_netns "$dir"
    problems=0
    verify_containers any-address
    verify_dnat_rules
    exit $problems
    ;;
  -h | --help | help) usage ;;
  *) usage >&2; exit 2 ;;
esac
exit
}
