# Shared by bench/baseline.sh, bench/cni.sh and bench/netavark.sh (sourced, not run): their
# help, their guard against running outside the throwaway host namespace, the namespace batch
# files, and the checks of the state a setup produced that hold for all three.

tool=$(basename "$0" .sh)

# The comment block at the top of the calling script, without the '#'.
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

# Loads DIR/env (written at gen time) and exits unless this runs inside the host namespace named
# there, and so never in the machine's own.
in_host_netns() {
  source "$1/env"
  if ! [[ -n ${host:-} && -e /run/netns/$host && /proc/self/ns/net -ef /run/netns/$host ]]; then
    echo "$tool.sh: not inside the network namespace $host named at gen time; run it as: nsenter --net=/run/netns/$host $0 ..." >&2
    exit 2
  fi
}

# Writes DIR/netns-add.batch and DIR/netns-del.batch for namespaces PREFIX0 .. PREFIX{N-1}.
write_netns_batches() {
  local dir=$1 n=$2 prefix=$3 i
  for ((i = 0; i < n; i++)); do echo "netns add $prefix$i"; done > "$dir/netns-add.batch"
  for ((i = 0; i < n; i++)); do echo "netns del $prefix$i"; done > "$dir/netns-del.batch"
}

# Checks, as loaded by in_host_netns, that the bridge has the N veth ports and that the last
# container has its address (exactly the workload's one unless ANY_ADDRESS is given: then any
# 10.100.x.x/16, for IPAM that picks its own) and the default route; sets problems=1 otherwise.
verify_containers() {
  local any_address=${1:-} last=$((n - 1)) want ports
  ports=$(ip -j link show master "$bridge" type veth | jq length)
  [[ $ports == "$n" ]] || { echo "$tool verify: $ports veth ports on $bridge, expected $n" >&2; problems=1; }
  if [[ -n $any_address ]]; then
    ip -n "$prefix$last" -j addr show dev eth0 | jq -e '.[0].addr_info | any(.family == "inet" and (.local | startswith("10.100.")) and .prefixlen == 16)' > /dev/null \
      || { echo "$tool verify: $prefix$last/eth0 has no 10.100.x.x/16 address" >&2; problems=1; }
  else
    want=10.100.$((last / 250)).$((last % 250 + 2))
    ip -n "$prefix$last" -j addr show dev eth0 | jq -e --arg ip "$want" '.[0].addr_info | any(.local == $ip and .prefixlen == 16)' > /dev/null \
      || { echo "$tool verify: $prefix$last/eth0 lacks $want/16" >&2; problems=1; }
  fi
  ip -n "$prefix$last" -j route show default | jq -e 'any(.gateway == "10.100.0.1")' > /dev/null \
    || { echo "$tool verify: $prefix$last has no default route via 10.100.0.1" >&2; problems=1; }
}

# Checks that iptables' nat table holds N DNAT rules (CNI portmap and netavark write one each).
verify_dnat_rules() {
  local dnats
  dnats=$(iptables-save -t nat | grep -c -e '-j DNAT' || true)
  [[ $dnats == "$n" ]] || { echo "$tool verify: $dnats DNAT rules, expected $n" >&2; problems=1; }
}
