#!/usr/bin/env bash
# The IPv6 lab: reproduces the facts of docs/kernel-facts.md §11 end to end, with real traffic,
# in throwaway network namespaces (named v6labNNNNN*, all deleted on exit, also on failure).
# It is documentation and an oracle for later tests, not part of the product.
#
#   sudo docs/ipv6-lab.sh            prints PASS/FAIL per fact (ids as in §11), exits 1 on any FAIL
#
# Needs root, iproute2, nftables (nft 1.0.6 was the reference), conntrack, socat, ping, python3,
# and ndisc6 (`apt-get install -y ndisc6`). Touches nothing outside its namespaces: every sysctl
# it writes is a namespace's own (net.ipv6.conf.*, net.bridge.* are per namespace on 6.18).
#
# Lab: host namespace H with bridge br6 (fd00:77::1/64, 10.77.0.1/24) holding c1, c2 and bridge
# br7 (fd00:78::1/64) holding c3; uplink veth up0 (2001:db8:1::1/64 and 2001:db8:2::1/64) to the
# outside namespace O (2001:db8:1::2/64). Scratch namespaces X, T1, T2, R, A, F, G, K for the rest.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 2; }
for tool in ip bridge nft conntrack socat ping python3 ndisc6 timeout; do
  command -v "$tool" >/dev/null || { echo "missing $tool (ndisc6: apt-get install -y ndisc6)" >&2; exit 2; }
done

P=v6lab$((RANDOM % 90000 + 10000))
H=${P}h C1=${P}c1 C2=${P}c2 C3=${P}c3 O=${P}o X=${P}x T1=${P}t1 T2=${P}t2 R=${P}r A=${P}a
W=$(mktemp -d /tmp/${P}.XXXX)
NAMESPACES=() PIDS=() PASS=0 FAIL=0 FAILED=()

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

netns() { ip netns add "$1"; NAMESPACES+=("$1"); ip -n "$1" link set lo up; }
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
sysw() { local ns=$1; shift; nsx "$ns" sysctl -qw "$@"; }
note() { echo "      $*"; }
check() { # check ID DESCRIPTION COMMAND...: PASS when COMMAND succeeds
  local id=$1 desc=$2; shift 2
  if "$@"; then PASS=$((PASS + 1)); echo "PASS $id $desc"; else FAIL=$((FAIL + 1)); FAILED+=("$id"); echo "FAIL $id $desc"; fi
}
snmp6() { nsx "$1" awk -v k="$2" '$1 == k { print $2 }' /proc/net/snmp6; }
neigh_mac() { ip -n "$1" -6 neigh show "$2" dev "${3:-eth0}" | awk '/lladdr/ { print $3 }'; }
now_ms() { date +%s%3N; }
has() { grep "$@" >/dev/null; }   # grep -q would stop reading early: a SIGPIPE for the writer, a failed pipeline under pipefail

# ---------------------------------------------------------------------------------------------
# Helpers in Python: a minimal rtnetlink/ctnetlink speaker, an RA sender, TCP+UDP servers, and
# the IPv6 twin of NftRuleset (libnftables JSON) with a listing comparer.
cat >"$W/nl.py" <<'PY'
import ipaddress, json, os, select, socket, struct, subprocess, sys
REQ, ACK, DUMP, ERROR, DONE = 1, 4, 0x300, 2, 3

def attrs(b):
    out, off = [], 0
    while off + 4 <= len(b):
        ln, ty = struct.unpack_from("=HH", b, off)
        if ln < 4: break
        out.append((ty & 0x3FFF, b[off + 4:off + ln])); off += (ln + 3) & ~3
    return out

def nla(ty, p):
    return struct.pack("=HH", 4 + len(p), ty) + p + b"\0" * (-len(p) % 4)

def call(proto, mtype, flags, body):
    """Send one request; returns [(type, payload)] or [("error", errno, text)]."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, proto)
    s.setsockopt(270, 11, 1); s.setsockopt(270, 10, 1)  # NETLINK_EXT_ACK, NETLINK_CAP_ACK
    s.bind((0, 0))
    s.sendto(struct.pack("=IHHII", 16 + len(body), mtype, flags | REQ, 1, 0) + body, (0, 0))
    out = []
    while True:
        data, off = s.recv(1 << 17), 0
        while off < len(data):
            ln, ty, fl = struct.unpack_from("=IHH", data, off)
            p = data[off + 16:off + ln]
            if ty == DONE: s.close(); return out
            if ty == ERROR:
                err, text = -struct.unpack_from("=i", p)[0], None
                if fl & 0x200:
                    for t, v in attrs(p[4 + (16 if fl & 0x100 else 0):]):
                        if t == 1: text = v.rstrip(b"\0").decode()
                s.close(); return out + [("error", err, text)]
            out.append((ty, p)); off += (ln + 3) & ~3
            if not fl & 2: s.close(); return out

FLAGS = {0x02: "nodad", 0x40: "tentative", 0x80: "permanent", 0x20: "deprecated", 0x08: "dadfailed"}

def addrs(ifname):
    idx = socket.if_nametoindex(ifname)
    for ty, p in call(0, 22, DUMP, struct.pack("=BBBBI", 10, 0, 0, 0, 0)):
        fam, plen, fl, scope, index = struct.unpack_from("=BBBBI", p)
        if ty != 20 or index != idx: continue
        a = dict(attrs(p[8:])); f = struct.unpack("=I", a[8])[0]
        print("%s/%d scope=%d ifa_flags=0x%02x IFA_FLAGS=0x%x(%s) IFA_ADDRESS=%dB IFA_LOCAL=%s" % (
            ipaddress.IPv6Address(a[1]), plen, scope, fl, f, "|".join(n for b, n in sorted(FLAGS.items()) if f & b),
            len(a[1]), "yes" if 2 in a else "no"))

def routes():
    for ty, p in call(0, 26, DUMP, struct.pack("=BBBBBBBBI", 10, 0, 0, 0, 0, 0, 0, 0, 0)):
        if ty != 24: continue
        fam, dl, sl, tos, table, proto, scope, rtype, fl = struct.unpack_from("=BBBBBBBBI", p)
        a = dict(attrs(p[12:]))
        print("dst=%s table=%d type=%d protocol=%d scope=%d priority=%s gateway=%s oif=%s" % (
            "%s/%d" % (ipaddress.IPv6Address(a[1]), dl) if 1 in a else "::/0", struct.unpack("=I", a[15])[0] if 15 in a else table,
            rtype, proto, scope, struct.unpack("=I", a[6])[0] if 6 in a else "-",
            "%s(%dB)" % (ipaddress.IPv6Address(a[5]), len(a[5])) if 5 in a else "-",
            socket.if_indextoname(struct.unpack("=I", a[4])[0]) if 4 in a else "-"))

def result(r):
    last = r[-1] if r else None
    if last and last[0] == "error":
        print("%s %s" % ("ACK" if last[1] == 0 else __import__("errno").errorcode[last[1]], last[2] if last[2] else "-"))
    else: print("?")

def try_addr(ifname, cidr, hdr_flags=0, ifa_flags=None):
    a, l = cidr.split("/"); b = ipaddress.IPv6Address(a).packed
    body = struct.pack("=BBBBI", 10, int(l), hdr_flags, 0, socket.if_nametoindex(ifname)) + nla(2, b) + nla(1, b)
    if ifa_flags is not None: body += nla(8, struct.pack("=I", ifa_flags))
    result(call(0, 20, ACK | 0x400 | 0x200, body))

def try_route(dst, gw, ifname):
    d, l = dst.split("/")
    body = struct.pack("=BBBBBBBBI", 10, int(l), 0, 0, 254, 78, 0, 1, 0)
    if int(l): body += nla(1, ipaddress.IPv6Address(d).packed)
    body += nla(5, ipaddress.IPv6Address(gw).packed) + nla(4, struct.pack("=I", socket.if_nametoindex(ifname)))
    result(call(0, 24, ACK | 0x400 | 0x200, body))

def try_neigh(ifname, dst, mac):
    """A permanent entry (mac given) or a proxy entry (mac '-': NTF_PROXY, NDA_DST only)."""
    proxy = mac == "-"
    body = struct.pack("=BBHiHBB", 10, 0, 0, socket.if_nametoindex(ifname), 0 if proxy else 0x80, 8 if proxy else 0, 0)
    body += nla(1, ipaddress.IPv6Address(dst).packed)
    if not proxy: body += nla(2, bytes(int(x, 16) for x in mac.split(":")))
    result(call(0, 28, ACK | 0x400 | 0x100, body))

def events(groups, command):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0); s.bind((0, 0))
    for g in groups.split(","): s.setsockopt(270, 1, int(g))  # NETLINK_ADD_MEMBERSHIP
    subprocess.run(command, shell=True, check=True)
    seen = set()
    while select.select([s], [], [], 0.3)[0]:
        data, off = s.recv(65536), 0
        while off < len(data):
            ln, ty = struct.unpack_from("=IH", data, off); seen.add("%d/af%d" % (ty, data[off + 16])); off += (ln + 3) & ~3
    print(" ".join(sorted(seen)) or "none")

def tup(b):
    t = dict(attrs(b)); ip = dict(attrs(t[1])); pr = dict(attrs(t[2]))
    return "%s %s %s %d>%d" % (sorted((k, len(v)) for k, v in ip.items()), ipaddress.IPv6Address(ip[3]), ipaddress.IPv6Address(ip[4]),
                               struct.unpack(">H", pr[2])[0], struct.unpack(">H", pr[3])[0]) if 3 in ip else "ipv4"

def ct_dump(family):
    """IPCTNL_MSG_CT_GET dump with nfgenmsg.family = family: one line per flow."""
    for ty, p in call(12, (1 << 8) | 1, DUMP, struct.pack("=BBH", int(family), 0, 0)):
        if ty == "error": print("error", p); continue
        a = dict(attrs(p[4:])); st = struct.unpack(">I", a[3])[0]
        print("family=%d orig=%s reply=%s status=0x%x%s" % (p[0], tup(a[1]), tup(a[2]), st, " DST_NAT" if st & 0x20 else ""))

def ct_delete(src, dst, proto, sport, dport):
    ip = nla(3, ipaddress.IPv6Address(src).packed) + nla(4, ipaddress.IPv6Address(dst).packed)
    pr = nla(1, bytes([int(proto)])) + nla(2, struct.pack(">H", int(sport))) + nla(3, struct.pack(">H", int(dport)))
    body = struct.pack("=BBH", 10, 0, 0) + nla(1 | 0x8000, nla(1 | 0x8000, ip) + nla(2 | 0x8000, pr))
    result(call(12, (1 << 8) | 2, ACK, body))

def nft_gen():
    for ty, p in call(12, (10 << 8) | 16, 0, struct.pack("=BBH", 0, 0, 0)):
        print(struct.unpack(">I", dict(attrs(p[4:]))[1])[0])

def ra(ifname, prefix):
    """One Router Advertisement from fe80::1: router lifetime 1800 s, PIO prefix/64 with L and A."""
    idx = socket.if_nametoindex(ifname)
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 255); s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, idx)
    s.bind(("fe80::1", 0, 0, idx))
    s.sendto(struct.pack("!BBHBBHII", 134, 0, 0, 64, 0, 1800, 0, 0)
             + struct.pack("!BBBBIII", 3, 4, 64, 0xC0, 86400, 14400, 0) + ipaddress.IPv6Address(prefix).packed, ("ff02::1", 0, 0, idx))

def serve(name, port):
    """TCP and UDP on [::]:port, each answering 'NAME from PEER'. (socat's UDP6-RECVFROM,fork did not
    answer a datagram the lab host sent itself through DNAT; this plain server does.)"""
    import threading
    def tcp():
        t = socket.socket(socket.AF_INET6); t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); t.bind(("::", port)); t.listen(16)
        while True:
            c, peer = t.accept(); c.sendall(("%s from %s\n" % (name, peer[0])).encode()); c.close()
    threading.Thread(target=tcp, daemon=True).start()
    u = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); u.bind(("::", port))
    while True:
        _, peer = u.recvfrom(2048); u.sendto(("%s from %s\n" % (name, peer[0])).encode(), peer)

if __name__ == "__main__":
    f, args = sys.argv[1], sys.argv[2:]
    {"addrs": addrs, "routes": routes, "try_addr": lambda i, c, h="0", f="-": try_addr(i, c, int(h, 0), None if f == "-" else int(f, 0)),
     "try_route": try_route, "try_neigh": try_neigh, "events": events, "ct_dump": ct_dump, "ct_delete": ct_delete,
     "nft_gen": nft_gen, "ra": ra, "serve": lambda n, p: serve(n, int(p))}[f](*args)
PY

cat >"$W/nft6.py" <<'PY'
"""The IPv6 twin of NftRuleset (kernel-facts §5.4 with ip -> ip6), as libnftables JSON.
  render FAMILY [::1-exclusion on|off]   FAMILY ip6 (netagent's choice) or inet
  compare FAMILY LISTING                 rendered objects vs `nft -j -p list table FAMILY netagent`"""
import json, sys
T = "netagent"
NETS = [("br6", "fd00:77::", 64, None), ("br7", "fd00:78::", 64, "2001:db8:2::1")]  # bridge, subnet, snat address (None: masquerade)
MAPS = [("tcp", 8080, "fd00:77::11", 80, None), ("udp", 5353, "fd00:77::11", 53, None), ("tcp", 8081, "fd00:77::11", 80, "2001:db8:2::1")]

def m(op, l, r): return {"match": {"op": op, "left": l, "right": r}}
def meta(k): return {"meta": {"key": k}}
def pl(p, f): return {"payload": {"protocol": p, "field": f}}
def pfx(a, l): return {"prefix": {"addr": a, "len": l}}
CT = {"ct": {"key": "status"}}

def objects(fam, exclude_loopback=True):
    o = []
    for name, bound, to_addr in (("any_addr", 0, 1), ("any_port", 0, 0), ("bound_addr", 1, 1), ("bound_port", 1, 0)):
        d = {"family": fam, "name": name, "table": T, "type": (["ipv6_addr"] if bound else []) + ["inet_proto", "inet_service"],
             "map": "ipv6_addr" if to_addr else "inet_service"}
        el = [[{"concat": ([h] if h else []) + [p, hp]}, ca if to_addr else cp] for p, hp, ca, cp, h in MAPS if bool(h) == bool(bound)]
        if el: d["elem"] = el
        o.append({"map": d})
    o.append({"set": {"family": fam, "name": "bridges", "table": T, "type": "ifname", "elem": [n[0] for n in NETS]}})
    def chain(name, *base):
        c = {"family": fam, "table": T, "name": name}
        if base: c.update({"type": base[0], "hook": base[1], "prio": base[2], "policy": "accept"})
        return {"chain": c}
    def rule(ch, what, *expr): return {"rule": {"family": fam, "table": T, "chain": ch, "comment": "netagent:" + what, "expr": list(expr)}}
    def fam6(d): return {"family": "ip6", **d} if fam == "inet" else d
    o += [chain("prerouting", "nat", "prerouting", -100), chain("output", "nat", "output", -100), chain("portmap"),
          chain("postrouting", "nat", "postrouting", 100), chain("forward", "filter", "forward", -10)]
    fib, jump = m("==", {"fib": {"result": "type", "flags": ["daddr"]}}, "local"), {"jump": {"target": "portmap"}}
    o.append(rule("prerouting", "published", fib, jump))
    o.append(rule("output", "published", *([m("!=", pl("ip6", "daddr"), "::1")] if exclude_loopback else []), fib, jump))
    def dnat(key, p): return {"dnat": fam6({"addr": {"map": {"key": key, "data": "@%s_addr" % p}}, "port": {"map": {"key": key, "data": "@%s_port" % p}}})}
    o.append(rule("portmap", "bound", dnat({"concat": [pl("ip6", "daddr"), meta("l4proto"), pl("th", "dport")]}, "bound")))
    o.append(rule("portmap", "any", dnat({"concat": [meta("l4proto"), pl("th", "dport")]}, "any")))
    for br, a, l, snat in NETS:
        w = "%s %s/%d" % (br, a, l)
        out = [m("==", pl("ip6", "saddr"), pfx(a, l)), m("!=", pl("ip6", "daddr"), pfx(a, l)), m("!=", meta("oifname"), br)]
        o.append(rule("postrouting", "masquerade " + w, *out, {"masquerade": None}) if not snat else
                 rule("postrouting", "snat %s %s" % (w, snat), *out, {"snat": fam6({"addr": snat})}))
        o.append(rule("postrouting", "hairpin " + w, m("==", meta("oifname"), br), m("in", CT, "dnat"), m("==", pl("ip6", "saddr"), pfx(a, l)), {"masquerade": None}))
    o.append(rule("forward", "published", m("in", CT, "dnat"), {"accept": None}))
    for br, a, l, snat in NETS:
        o.append(rule("forward", "isolate %s from" % br, m("==", meta("iifname"), br), m("==", meta("oifname"), "@bridges"), m("!=", meta("oifname"), br), {"drop": None}))
        o.append(rule("forward", "isolate %s to" % br, m("==", meta("oifname"), br), m("==", meta("iifname"), "@bridges"), m("!=", meta("iifname"), br), {"drop": None}))
    for br, a, l, snat in NETS:
        w = "%s %s/%d" % (br, a, l)
        o.append(rule("forward", "forward-out " + w, m("==", pl("ip6", "saddr"), pfx(a, l)), {"accept": None}))
        o.append(rule("forward", "forward-in " + w, m("==", pl("ip6", "daddr"), pfx(a, l)), {"accept": None}))
    return o

def render(fam, exclude="on"):
    t = {"family": fam, "name": T}
    print(json.dumps({"nftables": [{"metainfo": {"json_schema_version": 1}}, {"add": {"table": t}}, {"delete": {"table": t}}, {"add": {"table": t}}]
                      + [{"add": x} for x in objects(fam, exclude == "on")]}))

def canon(x):
    k = next(iter(x)); b = x[k]; b.pop("handle", None)
    if k in ("map", "set") and "elem" in b:
        def names(e):  # listed with NUMERIC_PROTO: 6/17 -> tcp/udp (what NftListing.canonical does)
            if not isinstance(e, list): return e
            c = e[0]["concat"]; return [{"concat": [{6: "tcp", 17: "udp"}.get(v, v) if i == len(c) - 2 else v for i, v in enumerate(c)]}, e[1]]
        b["elem"] = sorted(map(names, b["elem"]), key=json.dumps)
    return x

def compare(fam, listing):
    listed = [canon(x) for x in json.load(open(listing))["nftables"] if not {"metainfo", "table"} & set(x)]
    rendered = [canon(json.loads(json.dumps(x))) for x in objects(fam)]
    diff = [(r, l) for r, l in zip(rendered, listed) if r != l]
    for r, l in diff: print("rendered %s\nlisted   %s" % (json.dumps(r), json.dumps(l)))
    print("%d objects, %d differ, counts %d/%d" % (len(rendered), len(diff), len(rendered), len(listed)))
    sys.exit(1 if diff or len(rendered) != len(listed) else 0)

if __name__ == "__main__":
    {"render": render, "compare": compare}[sys.argv[1]](*sys.argv[2:])
PY
py() { local ns=$1; shift; nsx "$ns" python3 "$W/nl.py" "$@"; }

# A TCP client: prints the server's one line, or nothing. Same for UDP (one datagram).
tcp() { nsx "$1" timeout 4 socat -T2 - "TCP6:[$2]:$3" </dev/null 2>/dev/null | head -1 || true; }
udp() { echo x | nsx "$1" timeout 4 socat -T1 - "UDP6:[$2]:$3${4:+,sourceport=$4}" 2>/dev/null | head -1 || true; }

# ---------------------------------------------------------------------------------------------
echo "== setup ($P)"
for ns in $H $C1 $C2 $C3 $O $X; do netns "$ns"; done
sysw $H net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
ip -n $H link add br6 address 02:42:0a:4d:00:01 type bridge stp_state 0 forward_delay 0
ip -n $H link add br7 address 02:42:0a:4e:00:01 type bridge stp_state 0 forward_delay 0
ip -n $H addr add 10.77.0.1/24 dev br6
ip -n $H addr add fd00:77::1/64 dev br6 nodad
ip -n $H addr add fd00:78::1/64 dev br7 nodad
ip -n $H link set br6 up; ip -n $H link set br7 up
# the neighbour-proxy settings §11C chooses (checked again there); proxy_delay 0 answers at once
sysw $H net.ipv6.conf.br6.proxy_ndp=1 net.ipv6.neigh.br6.proxy_delay=0 net.ipv6.conf.br7.proxy_ndp=1 net.ipv6.neigh.br7.proxy_delay=0
port() { # port N NAMESPACE BRIDGE IPV6 IPV4|-: the IPv4 ARP-proxy design of §8 plus its IPv6 twin
  local n=$1 ns=$2 br=$3 a6=$4 a4=$5 mac=02:42:0a:4d:00:1$1
  ip -n $H link add vb$n type veth peer name eth0 netns "$ns" address $mac
  ip -n $H link set vb$n master "$br" up
  ip -n $H link set vb$n type bridge_slave proxy_arp on hairpin on
  bridge -n $H fdb replace $mac dev vb$n master static
  ip -n $H -6 neigh replace "$a6" lladdr $mac dev "$br" nud permanent
  ip -n $H -6 neigh replace proxy "$a6" dev "$br"
  [ "$a4" = - ] || { ip -n $H neigh replace "$a4" lladdr $mac dev "$br" nud permanent; ip -n "$ns" addr add "$a4"/24 dev eth0; }
  sysw "$ns" net.ipv6.conf.eth0.accept_ra=0
  ip -n "$ns" addr add "$a6"/64 dev eth0 nodad
  ip -n "$ns" link set eth0 up
  [ "$a4" = - ] || ip -n "$ns" route add default via 10.77.0.1
}
port 1 $C1 br6 fd00:77::11 10.77.0.11
port 2 $C2 br6 fd00:77::12 10.77.0.12
port 3 $C3 br7 fd00:78::13 -
ip -n $C1 -6 route add default via fd00:77::1 dev eth0 proto 78
ip -n $C2 -6 route add default via fd00:77::1 dev eth0 proto 78
ip -n $C3 -6 route add default via fd00:78::1 dev eth0 proto 78
ip -n $H link add up0 type veth peer name eth0 netns $O
ip -n $H addr add 2001:db8:1::1/64 dev up0 nodad; ip -n $H addr add 2001:db8:2::1/64 dev up0 nodad; ip -n $H link set up0 up
ip -n $O addr add 2001:db8:1::2/64 dev eth0 nodad; ip -n $O link set eth0 up
ip -n $O -6 route add default via 2001:db8:1::1
# started as `ip netns exec` directly (not through a shell function), so that $! is the server itself
ip netns exec $C1 python3 "$W/nl.py" serve c1 80 & PIDS+=($!)
ip netns exec $C1 python3 "$W/nl.py" serve c1 53 & PIDS+=($!)
ip netns exec $O python3 "$W/nl.py" serve outside 9000 & PIDS+=($!)
sleep 0.5

# =============================================================================================
echo "== §11A addresses"
a_nodad_at_once() {
  netns $T1
  ip -n $H link add vt1 type veth peer name eth0 netns $T1; ip -n $H link set vt1 master br6 up
  ip -n $T1 addr add fd00:77::21/64 dev eth0 nodad
  local t0; t0=$(now_ms); ip -n $T1 link set eth0 up
  nsx $T1 ping -6 -c1 -W1 -n fd00:77::1 >/dev/null || return 1
  note "first ping -6 to the gateway answered $(( $(now_ms) - t0 )) ms after link up"
  py $T1 addrs eth0 | sed 's/^/      /'
  py $T1 addrs eth0 | grep '^fd00:77::21/64 scope=0 ifa_flags=0x82 IFA_FLAGS=0x82(nodad|permanent) IFA_ADDRESS=16B IFA_LOCAL=no'
}
check A1 "an IFA_F_NODAD address is usable at once after link up; dumped with IFA_FLAGS 0x82 and IFA_ADDRESS only" a_nodad_at_once

a_tentative() {
  netns $T2
  ip -n $H link add vt2 type veth peer name eth0 netns $T2; ip -n $H link set vt2 master br6 up
  ip -n $T2 addr add fd00:77::22/64 dev eth0
  local t0 t; t0=$(now_ms); ip -n $T2 link set eth0 up
  py $T2 addrs eth0 | grep '^fd00:77::22/64 .*IFA_FLAGS=0xc0(tentative|permanent)' || return 1
  ip -n $T2 -j -6 addr show dev eth0 | has '"tentative":true' || return 1
  local first; first=$(nsx $T2 ping -6 -c1 -W1 -n fd00:77::1 2>&1 | grep -E -o 'Cannot assign requested address|[0-9]+ received' | head -1 || true)
  note "right after up: tentative (IFA_FLAGS 0xc0, ip -j \"tentative\":true); a ping then: $first"
  while ! nsx $T2 ping -6 -c1 -W0.2 -n fd00:77::1 >/dev/null 2>&1; do
    [ $(( $(now_ms) - t0 )) -lt 5000 ] || return 1; sleep 0.05; done
  t=$(( $(now_ms) - t0 )); note "usable ${t} ms after link up (DAD)"
  [ "$first" != "1 received" ] && [ $t -ge 500 ]
}
check A2 "without nodad the address is tentative after up, and unusable for about 1-2 s (DAD)" a_tentative

a_flags_and_errors() {
  ip -n $X link add xa type veth peer name xb; ip -n $X link set xb up
  local r1 r2 r3 r4 r5
  r1=$(py $X try_addr xa fd00:99::2/64 0x02); r2=$(py $X try_addr xa fd00:99::3/64 0 0x02)
  r3=$(py $X try_addr xa fd00:99::2/64 0x02); r4=$(py $X try_addr xa fd00:99::4/129)
  sysw $X net.ipv6.conf.xa.disable_ipv6=1; r5=$(py $X try_addr xa fd00:99::5/64 0x02); sysw $X net.ipv6.conf.xa.disable_ipv6=0
  note "nodad in ifaddrmsg.ifa_flags: $r1; nodad in IFA_FLAGS: $r2"
  note "again: $r3; prefix 129: $r4; disable_ipv6=1: $r5"
  [ "$r1" = "ACK -" ] && [ "$r2" = "ACK -" ] && [ "$r3" = "EEXIST ipv6: address already assigned" ] &&
    [ "$r4" = "EINVAL ipv6: Invalid prefix length" ] && [ "$r5" = "EACCES ipv6: IPv6 is disabled on this device" ]
}
check A3 "RTM_NEWADDR AF_INET6: nodad in either flags field; EEXIST, EINVAL, EACCES with their extended-ACK texts" a_flags_and_errors

a_link_local() {
  local ll; ll=$(py $T1 addrs eth0 | grep '^fe80:' || true); note "kernel's own: $ll"
  echo "$ll" | has 'scope=253 .*IFA_FLAGS=0x80(permanent)' || echo "$ll" | has 'scope=253 .*IFA_FLAGS=0xc0(tentative|permanent)' || return 1
  ip -n $X link add xc type veth peer name xd; ip -n $X link set xc addrgenmode none; ip -n $X link set xd up; ip -n $X link set xc up; sleep 0.2
  local n; n=$(ip -n $X -6 addr show dev xc | grep -c inet6 || true); note "with addrgenmode none (IFLA_INET6_ADDR_GEN_MODE 1): $n IPv6 addresses after up"
  [ "$n" = 0 ]
}
check A4 "link up adds fe80::/64 (scope link, flagged permanent like a configured address); addrgenmode none prevents it" a_link_local

a_defaults() {
  local v; v=$(nsx $X sh -c 'for i in all default xa; do printf "%s:%s/%s/%s " $i $(cat /proc/sys/net/ipv6/conf/$i/disable_ipv6) $(cat /proc/sys/net/ipv6/conf/$i/forwarding) $(cat /proc/sys/net/ipv6/conf/$i/accept_ra); done')
  note "new namespace, disable_ipv6/forwarding/accept_ra: $v"
  [ "$v" = "all:0/0/1 default:0/0/1 xa:0/0/1 " ] || return 1
  sysw $X net.ipv6.conf.default.disable_ipv6=1
  ip -n $X link add xe type veth peer name xf; local e; e=$(nsx $X cat /proc/sys/net/ipv6/conf/xe/disable_ipv6)
  sysw $X net.ipv6.conf.default.disable_ipv6=0; note "a link created while default.disable_ipv6=1: disable_ipv6=$e"
  ip -n $X link set xe up; ip -n $X link set xf up; sysw $X net.ipv6.conf.xe.disable_ipv6=0
  ip -n $X addr add fd00:98::2/64 dev xe nodad; sysw $X net.ipv6.conf.xe.disable_ipv6=1; sysw $X net.ipv6.conf.xe.disable_ipv6=0
  local left; left=$(ip -n $X -6 addr show dev xe scope global | grep -c inet6 || true); note "global addresses left after disable_ipv6 1 then 0: $left"
  [ "$e" = 1 ] && [ "$left" = 0 ]
}
check A5 "disable_ipv6 is 0 in a new namespace and on new links, but a link takes the namespace's default; disabling drops its addresses" a_defaults

a_down() {
  ip -n $X link add xg type veth peer name xh; ip -n $X link set xg up; ip -n $X link set xh up
  ip -n $X addr add fd00:97::2/64 dev xg nodad; ip -n $X addr add 10.97.0.2/24 dev xg
  ip -n $X link set xh down; sleep 0.1
  local carrier; carrier=$(ip -n $X -6 addr show dev xg scope global | grep -c inet6 || true)
  local linkdown; linkdown=$(ip -n $X -6 route show dev xg | grep -c linkdown || true)
  ip -n $X -6 route add fd00:89::/64 via fd00:97::1 dev xg proto 78
  ip -n $X link set xg down
  local v6 v4 r6; v6=$(ip -n $X -6 addr show dev xg | grep -c inet6 || true); v4=$(ip -n $X -4 addr show dev xg | grep -c inet || true)
  r6=$(ip -n $X -6 route show table all dev xg | grep -c . || true)
  note "peer down (carrier lost): $carrier global IPv6 address kept, $linkdown routes flagged linkdown"
  note "admin down: IPv6 addresses left $v6, IPv6 routes left $r6, IPv4 addresses left $v4 (keep_addr_on_down=0)"
  sysw $X net.ipv6.conf.xg.keep_addr_on_down=1; ip -n $X link set xg up; ip -n $X link set xh up
  ip -n $X addr add fd00:97::2/64 dev xg nodad; ip -n $X link set xg down
  local kept; kept=$(ip -n $X -6 addr show dev xg scope global | grep -c inet6 || true); note "with keep_addr_on_down=1: $kept kept"
  [ "$carrier" = 1 ] && [ "$linkdown" -ge 1 ] && [ "$v6" = 0 ] && [ "$r6" = 0 ] && [ "$v4" = 1 ] && [ "$kept" = 1 ]
}
check A6 "admin down removes every IPv6 address of the link (IPv4 stays) unless keep_addr_on_down=1; carrier loss keeps them" a_down

a_mtu() {
  ip -n $X link add xi type veth peer name xj; ip -n $X link set xi up; ip -n $X link set xj up
  sysw $X net.ipv6.conf.xi.accept_ra=0; ip -n $X addr add fd00:96::2/64 dev xi nodad
  ip -n $X link set xi mtu 1279
  local gone=no
  nsx $X test -e /proc/sys/net/ipv6/conf/xi || gone=yes
  local n; n=$(ip -n $X -6 addr show dev xi | grep -c inet6 || true)
  ip -n $X link set xi mtu 1280; sleep 0.1
  local g ra; g=$(ip -n $X -6 addr show dev xi scope global | grep -c inet6 || true); ra=$(nsx $X cat /proc/sys/net/ipv6/conf/xi/accept_ra)
  note "MTU 1279: $n IPv6 addresses, conf/xi removed: $gone; MTU 1280 again: $g global addresses, accept_ra back to $ra"
  [ "$n" = 0 ] && [ $gone = yes ] && [ "$g" = 0 ] && [ "$ra" = 1 ]
}
check A7 "an MTU below 1280 destroys the link's IPv6 state: addresses and per-link sysctls gone, not restored above 1280" a_mtu

a_bridge_alone() {
  ip -n $X link add xbr0 type bridge; ip -n $X link set xbr0 up   # no fixed MAC, never a port: carrier on
  local c0; c0=$(ip -n $X link show xbr0 | grep -c NO-CARRIER || true)
  ip -n $X link add xbr address 02:42:0a:5f:00:01 type bridge stp_state 0 forward_delay 0   # netagent's: a fixed MAC
  ip -n $X addr add fd00:95::1/64 dev xbr nodad; ip -n $X addr add fd00:95::2/64 dev xbr
  local down_routes; down_routes=$(ip -n $X -6 route show table all dev xbr | grep fd00:95 | tr -s ' ' | tr '\n' ';' || true)
  ip -n $X link set xbr up; sleep 2.5
  local f1 f2 local1 local2 c1
  c1=$(ip -n $X link show xbr | grep -c NO-CARRIER || true)
  f1=$(py $X addrs xbr | awk '/^fd00:95::1\//{print $4}'); f2=$(py $X addrs xbr | awk '/^fd00:95::2\//{print $4}')
  local1=$(ip -n $X -6 route show table local | grep -c 'local fd00:95::1 ' || true); local2=$(ip -n $X -6 route show table local | grep -c 'local fd00:95::2 ' || true)
  local ll; ll=$(ip -n $X -6 addr show dev xbr scope link | grep -c inet6 || true)
  note "an empty bridge without a fixed MAC: NO-CARRIER $c0; with a fixed MAC: NO-CARRIER $c1"
  note "admin down, routes: $down_routes up, no port, 2.5 s later: nodad $f1 (local route $local1), plain $f2 (local route $local2), link-local addresses $ll"
  ip -n $X link add xk type veth peer name xl; ip -n $X link set xk master xbr up; ip -n $X link set xl up
  local t0; t0=$(now_ms)
  while py $X addrs xbr | grep '^fd00:95::2/.*tentative' >/dev/null; do [ $(( $(now_ms) - t0 )) -lt 5000 ] || return 1; sleep 0.05; done
  note "first port up: the plain address finished DAD $(( $(now_ms) - t0 )) ms later"
  [ "$c0" = 0 ] && [ "$c1" = 1 ] && [ "$down_routes" = "local fd00:95::1 table local proto kernel metric 0 pref medium;" ] && [ "$f1" = "IFA_FLAGS=0x82(nodad|permanent)" ] && [ "$f2" = "IFA_FLAGS=0xc0(tentative|permanent)" ] &&
    [ "$local1" = 1 ] && [ "$local2" = 0 ] && [ "$ll" = 0 ]
}
check A8 "a bridge with a fixed MAC and no port has no carrier: a nodad gateway6 is local at once, a plain one tentative until a port is up" a_bridge_alone

# =============================================================================================
echo "== §11B routes"
b_routes() {
  local r; r=$(py $C1 routes)
  echo "$r" | sed 's/^/      /'
  echo "$r" | has '^dst=::/0 table=254 type=1 protocol=78 scope=0 priority=1024 gateway=fd00:77::1(16B) oif=eth0$' &&
  echo "$r" | has '^dst=fd00:77::/64 table=254 type=1 protocol=2 scope=0 priority=256 gateway=- oif=eth0$' &&
  echo "$r" | has '^dst=fe80::/64 table=254 type=1 protocol=2 scope=0 priority=256 gateway=- oif=eth0$' &&
  echo "$r" | has '^dst=fd00:77::11/128 table=255 type=2 protocol=2 scope=0 priority=0 gateway=- oif=eth0$' &&
  echo "$r" | has '^dst=ff00::/8 table=255 type=5 protocol=2 scope=0 priority=256 gateway=- oif=eth0$'
}
check B1 "the container's routes: default via gateway6 (proto 78, metric 1024, 16-byte RTA_GATEWAY) and the kernel's (proto 2)" b_routes

b_errors() {
  ip -n $X link add xm type veth peer name xn; ip -n $X link set xn up
  local r1 r2 r3 r4 r5
  r1=$(py $X try_route ::/0 fd00:94::1 xm)                            # link down, no address
  ip -n $X addr add fd00:94::2/64 dev xm nodad
  r2=$(py $X try_route ::/0 fd00:94::1 xm)                            # address on a down link: no prefix route yet
  ip -n $X link set xm up
  r3=$(py $X try_route ::/0 fd00:93::1 xm)                            # gateway not on link
  r4=$(py $X try_route ::/0 fd00:94::1 xm); r5=$(py $X try_route ::/0 fd00:94::9 xm)
  note "down link: $r1; down link with its address: $r2; gateway off-link: $r3; up: $r4; a second default (EXCL): $r5"
  [ "$r1" = "EHOSTUNREACH -" ] && [ "$r2" = "EHOSTUNREACH -" ] && [ "$r3" = "EHOSTUNREACH -" ] && [ "$r4" = "ACK -" ] && [ "$r5" = "EEXIST -" ]
}
check B2 "RTM_NEWROUTE AF_INET6 errors: EHOSTUNREACH without text for an unreachable gateway or a down link (IPv4: ENETDOWN)" b_errors

b_events() {
  local a r n v4
  a=$(py $X events 9 "ip -n $X addr add fd00:94::3/64 dev xm nodad")
  r=$(py $X events 11 "ip -n $X route add fd00:92::/64 via fd00:94::1 dev xm proto 78")
  n=$(py $X events 3 "ip -n $X -6 neigh replace fd00:94::9 lladdr 02:00:00:00:00:09 dev xm nud permanent")
  v4=$(py $X events 5,7 "ip -n $X addr add fd00:94::4/64 dev xm nodad; ip -n $X route add fd00:91::/64 via fd00:94::1 dev xm proto 78")
  note "RTNLGRP_IPV6_IFADDR(9): $a; RTNLGRP_IPV6_ROUTE(11): $r; RTNLGRP_NEIGH(3): $n; IPv4 groups 5,7 for IPv6 changes: $v4"
  [ "$a" = "20/af10" ] && [ "$r" = "24/af10" ] && [ "$n" = "28/af10" ] && [ "$v4" = none ]
}
check B3 "IPv6 changes are notified on groups 9 (addresses) and 11 (routes), neighbours on 3 as for IPv4; none on the IPv4 groups" b_events

# =============================================================================================
echo "== §11C neighbours: who answers a container's neighbour solicitation"
solicit() { # solicit FROM TARGET: prints "answer MAC|none, target saw N NS", asker's cache flushed first
  local from=$1 target=$2 tns=${3:-} before after mac
  ip -n "$from" -6 neigh flush dev eth0
  [ -z "$tns" ] || before=$(snmp6 "$tns" Icmp6InNeighborSolicits)
  mac=$(nsx "$from" ndisc6 -n -r 2 -w 300 "$target" eth0 2>/dev/null | awk '/Target link-layer address/ {print tolower($4)}' || true)
  [ -z "$tns" ] || after=$(snmp6 "$tns" Icmp6InNeighborSolicits)
  echo "answer ${mac:-none}${tns:+, target saw $((after - before)) NS}"
}
set_ports() { # set_ports OPTION VALUE PORTS...
  local opt=$1 val=$2; shift 2; for p in "$@"; do ip -n $H link set "$p" type bridge_slave "$opt" "$val"; done
}
ip -n $H -6 neigh del proxy fd00:77::12 dev br6   # the proxy entries are §11C's answer; first without them

c_proxy_arp_blocks() {
  local s; s=$(solicit $C1 fd00:77::12 $C2); note "proxy_arp on every port, no proxy entry: $s"
  local p; p=$(nsx $C1 ping -6 -c1 -W1 fd00:77::12 >/dev/null 2>&1 && echo ok || echo fails); note "ping -6 c1 -> c2: $p"
  ip -n $H -6 neigh del fd00:77::12 dev br6
  local h; h=$(nsx $H ping -6 -c1 -W1 fd00:77::12 >/dev/null 2>&1 && echo ok || echo fails)
  ip -n $H -6 neigh replace fd00:77::12 lladdr 02:42:0a:4d:00:12 dev br6 nud permanent
  local h2; h2=$(nsx $H ping -6 -c1 -W1 fd00:77::12 >/dev/null 2>&1 && echo ok || echo fails)
  note "host -> c2 without the bridge's permanent entry for c2 (the host's own NS is not flooded either): $h; with it: $h2"
  [ "$s" = "answer none, target saw 0 NS" ] && [ $p = fails ] && [ $h = fails ] && [ $h2 = ok ]
}
check C1 "with proxy_arp on the ports (the IPv4 design), a container's multicast NS reaches no other port: no IPv6 between containers" c_proxy_arp_blocks

c_suppress_all() {
  set_ports neigh_suppress on vb1 vb2
  local s; s=$(solicit $C1 fd00:77::12 $C2); note "neigh_suppress on both ports: $s"
  ip -n $C1 neigh flush dev eth0; nsx $C1 ping -c1 -W1 10.77.0.12 >/dev/null 2>&1 || true
  local v4 gw; v4=$(ip -n $C1 neigh show 10.77.0.12 dev eth0); nsx $C1 ping -c1 -W1 10.77.0.1 >/dev/null 2>&1 || true
  gw=$(ip -n $C1 neigh show 10.77.0.1 dev eth0)
  note "IPv4 ARP c1 -> c2 with neigh_suppress: ${v4:-none}; c1 -> gateway: $gw"
  set_ports neigh_suppress off vb1 vb2
  [ "$s" = "answer none, target saw 0 NS" ] && echo "$v4" | has -E 'INCOMPLETE|FAILED' && echo "$gw" | has 02:42:0a:4d:00:01
}
check C2 "neigh_suppress on the asking port disables the bridge's answer, for NS and for ARP: it breaks the IPv4 ARP proxy" c_suppress_all

c_suppress_target() {
  set_ports neigh_suppress on vb2
  local s1 s2 s3 s4
  s1=$(solicit $C1 fd00:77::12 $C2)
  ip -n $H -6 neigh del fd00:77::12 dev br6; s2=$(solicit $C1 fd00:77::12 $C2)
  ip -n $H -6 neigh replace fd00:77::12 lladdr 02:42:0a:4d:00:12 dev br6 nud permanent
  ip -n $H -6 neigh replace fd00:77::50 lladdr 02:42:0a:4d:00:50 dev br6 nud permanent; s3=$(solicit $C1 fd00:77::50)
  bridge -n $H fdb replace 02:42:0a:4d:00:50 dev br6 self local; s4=$(solicit $C1 fd00:77::50)
  bridge -n $H fdb replace 02:42:0a:4d:00:50 dev vb2 master static; local s5; s5=$(solicit $C1 fd00:77::50)
  note "neigh_suppress on the target's port only: $s1; without the bridge's neighbour entry: $s2"
  note "an arpProxy-like entry fd00:77::50 -> 02:42:0a:4d:00:50: no FDB entry: $s3; FDB local to the bridge: $s4; FDB static behind vb2: $s5"
  bridge -n $H fdb del 02:42:0a:4d:00:50 dev vb2 master; ip -n $H -6 neigh del fd00:77::50 dev br6
  set_ports neigh_suppress off vb2
  [ "$s1" = "answer 02:42:0a:4d:00:12, target saw 0 NS" ] && [ "$s2" = "answer none, target saw 0 NS" ] &&
    [ "$s3" = "answer none" ] && [ "$s4" = "answer none" ] && [ "$s5" = "answer 02:42:0a:4d:00:50" ]
}
check C3 "the bridge answers (with the entry's MAC, from its neighbour table and FDB) only when the target's port has neigh_suppress and the asker's has not" c_suppress_target

c_proxy_ndp() {
  sysw $H net.ipv6.conf.br6.forwarding=0
  ip -n $H -6 neigh replace proxy fd00:77::12 dev br6
  ip -n $C1 -6 neigh flush dev eth0; nsx $C1 ping -6 -c1 -W1 fd00:77::12 >/dev/null 2>&1 || true
  local off; off=$(neigh_mac $C1 fd00:77::12); sysw $H net.ipv6.conf.br6.forwarding=1
  local rd0 rd1 ns0 ns1 t0 ping mac
  rd0=$(snmp6 $C1 Icmp6InRedirects); ns0=$(snmp6 $C2 Icmp6InNeighborSolicits)
  ip -n $C1 -6 neigh flush dev eth0; t0=$(now_ms)
  ping=$(nsx $C1 ping -6 -c3 -i0.2 -W1 -n fd00:77::12 2>&1 | grep -o -E 'ttl=[0-9]+|[0-9]+ received' | sort -u | tr '\n' ' ')
  mac=$(neigh_mac $C1 fd00:77::12); rd1=$(snmp6 $C1 Icmp6InRedirects); ns1=$(snmp6 $C2 Icmp6InNeighborSolicits)
  local p2; p2=$(nsx $C2 ping -6 -c1 -W1 -n fd00:77::11 2>&1 | grep -o -E '[0-9]+ received')
  note "br6 forwarding=0: c1's entry for c2: ${off:-none}"
  note "forwarding=1, proxy_ndp=1, proxy entries: c1 -> c2 ping: $ping; c1 resolved c2 to $mac; c2 saw $((ns1 - ns0)) NS from c1's request"
  note "redirects received by c1: $((rd1 - rd0)) (ignored: no cached route appeared: '$(ip -n $C1 -6 route show cache)'); c2 -> c1: $p2"
  [ -z "$off" ] && [ "$ping" = "3 received ttl=63 " ] && [ "$mac" = 02:42:0a:4d:00:01 ] && [ $((rd1 - rd0)) -ge 1 ] &&
    [ -z "$(ip -n $C1 -6 route show cache)" ] && [ "$p2" = "1 received" ]
}
check C4 "proxy_ndp on the bridge + proxy entries (+ forwarding) answer with the bridge's MAC: containers reach each other, routed (hop limit 63)" c_proxy_ndp

rtt() { # the first echo's round trip after flushing the asker's cache: it includes the resolution
  ip -n $C1 -6 neigh flush dev eth0; nsx $C1 ping -6 -c1 -W2 -n fd00:77::12 | awk -F'time=' '/time=/ { split($2, a, " "); printf "%d ", a[1] }'
}
c_proxy_delay() {
  local fast="" slow="" i
  for i in 1 2 3; do fast="$fast$(rtt)"; done
  sysw $H net.ipv6.neigh.br6.proxy_delay=80
  for i in 1 2 3 4 5; do slow="$slow$(rtt)"; done
  sysw $H net.ipv6.neigh.br6.proxy_delay=0
  note "first echo's round trip after a flush (ms), proxy_delay 0: $fast; proxy_delay 80 (the default): $slow"
  echo "$fast" | tr ' ' '\n' | awk 'NF && $1 >= 50 { n++ } END { exit n > 0 }' && echo "$slow" | tr ' ' '\n' | awk 'NF && $1 >= 50 { n++ } END { exit !(n >= 1) }'
}
check C5 "proxy answers to multicast NS wait a random 0-800 ms unless net.ipv6.neigh.BR.proxy_delay=0" c_proxy_delay

c_ipv4_unchanged() {
  local r; ip -n $C1 neigh flush dev eth0; ip -n $C2 neigh flush dev eth0
  r=$(nsx $C1 ping -c2 -i0.2 -W1 10.77.0.12 2>&1 | grep -o '[0-9] received'); local m; m=$(ip -n $C1 neigh show 10.77.0.12 dev eth0 | awk '{print $3}')
  local g; g=$(nsx $C1 ping -c1 -W1 10.77.0.1 2>&1 | grep -o '[0-9] received')
  note "IPv4 with the IPv6 settings on: c1 -> c2 $r (ARP answered with $m, c2's own MAC: bridged); c1 -> gateway $g"
  [ "$r" = "2 received" ] && [ "$m" = 02:42:0a:4d:00:12 ] && [ "$g" = "1 received" ]
}
check C6 "the IPv4 ARP proxy is unchanged by proxy_ndp and the IPv6 entries" c_ipv4_unchanged

c_lifecycle() {
  local r1 r2 p0 p1 p2 a b
  r1=$(py $H try_neigh br6 fd00:77::60 02:42:0a:4d:00:60); r2=$(py $H try_neigh br6 fd00:77::60 -)
  note "RTM_NEWNEIGH AF_INET6 permanent (NDA_DST 16 B, NDA_LLADDR): $r1; proxy (NTF_PROXY, NDA_DST only): $r2"
  ip -n $X link add xbr2 address 02:00:00:00:01:01 type bridge; ip -n $X link set xbr2 up
  ip -n $X addr add fd00:90::1/64 dev xbr2 nodad; ip -n $X addr add 10.90.0.1/24 dev xbr2
  ip -n $X -6 neigh replace fd00:90::2 lladdr 02:00:00:00:01:02 dev xbr2 nud permanent; ip -n $X -6 neigh replace proxy fd00:90::2 dev xbr2
  ip -n $X link set xbr2 address 02:00:00:00:01:03
  a=$(ip -n $X -6 neigh show dev xbr2 nud permanent | grep -c lladdr || true); b=$(ip -n $X -6 neigh show proxy dev xbr2 | grep -c proxy || true)
  note "bridge MAC changed: permanent entries left $a, proxy entries left $b"
  ip -n $X -6 neigh replace fd00:90::2 lladdr 02:00:00:00:01:02 dev xbr2 nud permanent
  ip -n $X neigh replace 10.90.0.2 lladdr 02:00:00:00:01:02 dev xbr2 nud permanent
  ip -n $X addr del fd00:90::1/64 dev xbr2
  p1="$(ip -n $X -6 neigh show dev xbr2 nud permanent | grep -c lladdr || true)/$(ip -n $X -6 neigh show proxy dev xbr2 | grep -c proxy || true)"
  ip -n $X link set xbr2 down
  p2="$(ip -n $X -6 neigh show dev xbr2 nud permanent | grep -c lladdr || true)/$(ip -n $X -6 neigh show proxy dev xbr2 | grep -c proxy || true)"
  local v4; v4=$(ip -n $X -4 neigh show dev xbr2 nud permanent | grep -c lladdr || true)
  note "IPv6 permanent/proxy entries after its last global address went: $p1; after link down: $p2 (IPv4 permanent entries: $v4)"
  [ "$r1" = "ACK -" ] && [ "$r2" = "ACK -" ] && [ "$a" = 0 ] && [ "$b" = 1 ] && [ "$p1" = 1/1 ] && [ "$p2" = 0/0 ] && [ "$v4" = 0 ]
}
check C7 "entries: a MAC change flushes permanent IPv6 entries (proxy entries stay); link down flushes all; losing the addresses does not" c_lifecycle

# =============================================================================================
echo "== §11D sysctls and router advertisements"
d_forwarding_all() {
  local v; v=$(nsx $H sh -c 'for i in default br6 vb1 up0; do printf "%s=%s " $i $(cat /proc/sys/net/ipv6/conf/$i/forwarding); done')
  note "after all.forwarding=1 (written before the links existed, and existing ones): $v"
  [ "$v" = "default=1 br6=1 vb1=1 up0=1 " ]
}
check D1 "net.ipv6.conf.all.forwarding=1 sets forwarding on every link and on default" d_forwarding_all

d_ra() {
  netns $R; netns $A
  ip -n $R link add eth0 type veth peer name eth0 netns $A
  ip -n $R addr add fe80::1/64 dev eth0 nodad; ip -n $R link set eth0 up; ip -n $A link set eth0 up
  # an RA that arrived while the receiver's own link-local address was still tentative was ignored here: wait for DAD
  local t0; t0=$(now_ms)
  until ip -n $A -6 addr show dev eth0 scope link | has inet6 && ! ip -n $A -6 addr show dev eth0 | has tentative; do
    [ $(( $(now_ms) - t0 )) -lt 5000 ] || return 1; sleep 0.1; done
  py $R ra eth0 2001:db8:99::; sleep 0.3
  local a1 r1 a2 r2 a3 r3 a4 r4
  a1=$(ip -n $A -6 addr show dev eth0 scope global | grep -c 2001:db8:99 || true); r1=$(ip -n $A -6 route show default | grep -c 'proto ra' || true)
  sysw $A net.ipv6.conf.all.forwarding=1
  a2=$(ip -n $A -6 addr show dev eth0 scope global | grep -c 2001:db8:99 || true); r2=$(ip -n $A -6 route show default | grep -c 'proto ra' || true)
  py $R ra eth0 2001:db8:98::; sleep 0.3
  a3=$(ip -n $A -6 addr show dev eth0 scope global | grep -c 2001:db8:98 || true); r3=$(ip -n $A -6 route show default | grep -c 'proto ra' || true)
  sysw $A net.ipv6.conf.eth0.accept_ra=2; py $R ra eth0 2001:db8:97::; sleep 0.3
  a4=$(ip -n $A -6 addr show dev eth0 scope global | grep -c 2001:db8:97 || true); r4=$(ip -n $A -6 route show default | grep -c 'proto ra' || true)
  sysw $A net.ipv6.conf.all.forwarding=0; sysw $A net.ipv6.conf.all.forwarding=1
  local r5; r5=$(ip -n $A -6 route show default | grep -c 'proto ra' || true)
  note "accept_ra=1, forwarding 0: SLAAC address $a1, RA default route $r1"
  note "all.forwarding=1: address $a2, default route $r2 (gone at once); next RA: address $a3, route $r3"
  note "accept_ra=2: next RA gives address $a4, route $r4; forwarding switched off and on again: route $r5"
  [ "$a1$r1" = 11 ] && [ "$a2$r2" = 10 ] && [ "$a3$r3" = 00 ] && [ "$a4$r4" = 11 ] && [ "$r5" = 1 ]
}
check D2 "switching IPv6 forwarding on deletes RA default routes at once and ignores RAs on accept_ra=1 links; accept_ra=2 keeps them" d_ra

d_rogue_ra() {
  ip -n $C2 addr add fe80::1/64 dev eth0 nodad; sysw $C1 net.ipv6.conf.eth0.accept_ra=1
  py $C2 ra eth0 2001:db8:96::; sleep 0.3
  local c h; c=$(ip -n $C1 -6 addr show dev eth0 | grep -c 2001:db8:96 || true); h=$(ip -n $H -6 addr show dev br6 | grep -c 2001:db8:96 || true)
  set_ports proxy_arp off vb1; nsx $C2 python3 "$W/nl.py" ra eth0 2001:db8:95::; sleep 0.3
  local control; control=$(ip -n $C1 -6 addr show dev eth0 | grep -c 2001:db8:95 || true)
  set_ports proxy_arp on vb1; sysw $C1 net.ipv6.conf.eth0.accept_ra=0; ip -n $C2 addr del fe80::1/64 dev eth0
  ip -n $C1 -6 route del default proto ra 2>/dev/null || true
  for a in $(ip -n $C1 -6 addr show dev eth0 scope global dynamic | awk '/inet6/ {print $2}'); do ip -n $C1 addr del "$a" dev eth0; done
  note "an RA sent by c2: c1 (accept_ra=1) took ${c} address, the bridge (forwarding=1, accept_ra=1) ${h}; with proxy_arp off on c1's port: c1 took $control"
  [ "$c" = 0 ] && [ "$h" = 0 ] && [ "$control" = 1 ]
}
check D3 "an RA from a container reaches neither another container (proxy_arp ports get no flood) nor the bridge (forwarding on)" d_rogue_ra

d_force_forwarding() {
  local F=${P}f G=${P}g K=${P}k
  if [ ! -e /proc/sys/net/ipv6/conf/default/force_forwarding ]; then note "SKIP: no force_forwarding (kernel < 6.17)"; return 0; fi
  netns $F; netns $G; netns $K
  ip -n $F link add e1 type veth peer name eth0 netns $G; ip -n $F link add e2 type veth peer name eth0 netns $K
  ip -n $F addr add fd00:a::1/64 dev e1 nodad; ip -n $F addr add fd00:b::1/64 dev e2 nodad; ip -n $F link set e1 up; ip -n $F link set e2 up
  ip -n $G addr add fd00:a::2/64 dev eth0 nodad; ip -n $G addr add fe80::1/64 dev eth0 nodad; ip -n $G link set eth0 up; ip -n $G -6 route add default via fd00:a::1
  ip -n $K addr add fd00:b::2/64 dev eth0 nodad; ip -n $K link set eth0 up; ip -n $K -6 route add default via fd00:b::1
  local p1 p2 p3 a r t0
  sysw $F net.ipv6.conf.e1.forwarding=1 net.ipv6.conf.e2.forwarding=1
  p1=$(nsx $G ping -6 -c1 -W1 fd00:b::2 2>&1 | grep -o '[0-9] received')
  sysw $F net.ipv6.conf.e1.forwarding=0 net.ipv6.conf.e2.forwarding=0 net.ipv6.conf.e1.force_forwarding=1
  p2=$(nsx $G ping -6 -c1 -W1 fd00:b::2 2>&1 | grep -o '[0-9] received')
  sysw $F net.ipv6.conf.e2.force_forwarding=1
  p3=$(nsx $G ping -6 -c1 -W1 fd00:b::2 2>&1 | grep -o '[0-9] received')
  t0=$(now_ms); while ip -n $F -6 addr show dev e1 | has tentative; do [ $(( $(now_ms) - t0 )) -lt 5000 ] || return 1; sleep 0.1; done
  py $G ra eth0 2001:db8:55::; sleep 0.3
  a=$(ip -n $F -6 addr show dev e1 | grep -c 2001:db8:55 || true); r=$(ip -n $F -6 route show default | grep -c 'proto ra' || true)
  note "all.forwarding=0: per-link forwarding=1 on both links: $p1; force_forwarding=1 on the request's link only: $p2; on both: $p3"
  note "an RA on a force_forwarding=1, accept_ra=1 link (forwarding still $(nsx $F cat /proc/sys/net/ipv6/conf/e1/forwarding)): SLAAC address $a, default route $r"
  [ "$p1" = "0 received" ] && [ "$p2" = "0 received" ] && [ "$p3" = "1 received" ] && [ "$a$r" = 11 ]
}
check D4 "all.forwarding is what routes; on 6.17+ force_forwarding=1 routes per link and leaves RA acceptance alone" d_force_forwarding

# =============================================================================================
echo "== §11E nftables: the ip6 netagent table"
python3 "$W/nft6.py" render ip6 >"$W/ip6.json"
e_roundtrip() {
  nsx $H nft -j -f "$W/ip6.json" || return 1
  nsx $H nft -j -p list table ip6 netagent >"$W/ip6-listed.json"
  python3 "$W/nft6.py" compare ip6 "$W/ip6-listed.json" | sed 's/^/      /'; python3 "$W/nft6.py" compare ip6 "$W/ip6-listed.json" >/dev/null
}
check E1 "the ip6 table in libnftables JSON (NftRuleset's shape, ip -> ip6) is accepted and listed back object for object" e_roundtrip

e_inet() {
  python3 "$W/nft6.py" render inet >"$W/inet.json"
  nsx $H nft -j -f "$W/inet.json" || return 1
  nsx $H nft -j -p list table inet netagent >"$W/inet-listed.json"
  local r; r=$(python3 "$W/nft6.py" compare inet "$W/inet-listed.json" | tail -1); note "inet: $r"
  nsx $H nft delete table inet netagent
  grep -q '"dnat": {"family": "ip6"' "$W/inet.json" && python3 "$W/nft6.py" compare inet "$W/inet-listed.json" >/dev/null
}
check E2 "an inet table works too on 1.0.6, but its dnat/snat statements must carry \"family\": \"ip6\"" e_inet

e_concat_data() {
  local t='{"nftables":[{"add":{"table":{"family":"ip6","name":"x'$P'"}}},{"add":{"map":{"family":"ip6","table":"x'$P'","name":"m","type":["inet_proto","inet_service"],"map":MAP}}}]}'
  local r1 r2
  r1=$(echo "${t/MAP/\"ipv6_addr . inet_service\"}" | nsx $H nft -j -f - 2>&1 | grep -o "Invalid map type '[^']*'" || true)
  echo "${t/MAP/[\"ipv6_addr\", \"inet_service\"]}" | nsx $H nft -j -f - ; r2=$(nsx $H nft list table ip6 x$P | grep -o -E '(set|map) m' || true)
  nsx $H nft delete table ip6 x$P
  note "concatenated data as a string: '$r1'; as an array: a '$r2' is made"
  [ -n "$r1" ] && [ "$r2" = "set m" ]
}
check E3 "1.0.6 JSON still cannot declare concatenated map data (ipv6_addr . inet_service): hence two maps for IPv6 too" e_concat_data

e_text_forms() {
  nsx $H nft add element ip6 netagent any_addr '{ tcp . 1 : ::102:304, tcp . 2 : ::ffff:10.0.0.1, tcp . 3 : 2001:DB8:0:1:0:0:0:1, tcp . 4 : 2001:db8:0:0:1:0:0:1 }'
  local l; l=$(nsx $H nft -j -p list map ip6 netagent any_addr | python3 -c 'import json,sys; print(" ".join(e[1] for e in sorted((e for x in json.load(sys.stdin)["nftables"] if "map" in x for e in x["map"]["elem"] if e[0]["concat"][1] < 5), key=lambda e: e[0]["concat"][1])))')
  nsx $H nft delete element ip6 netagent any_addr '{ tcp . 1, tcp . 2, tcp . 3, tcp . 4 }'
  note "listed: $l"
  [ "$l" = "::1.2.3.4 ::ffff:10.0.0.1 2001:db8:0:1::1 2001:db8::1:0:0:1" ]
}
check E4 "nft lists IPv6 addresses as inet_ntop does: RFC 5952 but ::102:304 -> ::1.2.3.4 (compare addresses, not text)" e_text_forms

e_one_transaction() {
  local g0 g1 g2 bad
  g0=$(py $H nft_gen)
  python3 - "$W" >"$W/both.json" <<'PY'
import json, sys
six = json.load(open(sys.argv[1] + "/ip6.json"))["nftables"]
t = {"family": "ip", "name": "netagent"}
four = [{"add": {"table": t}}, {"delete": {"table": t}}, {"add": {"table": t}},
        {"add": {"chain": {"family": "ip", "table": "netagent", "name": "prerouting", "type": "nat", "hook": "prerouting", "prio": -100, "policy": "accept"}}}]
print(json.dumps({"nftables": six[:1] + four + six[1:]}))
PY
  nsx $H nft -j -f "$W/both.json"; g1=$(py $H nft_gen)
  bad='{"nftables":[{"add":{"chain":{"family":"ip","table":"netagent","name":"marker"}}},{"add":{"rule":{"family":"ip6","table":"netagent","chain":"portmap","expr":[{"jump":{"target":"nosuchchain"}}]}}}]}'
  echo "$bad" | nsx $H nft -j -f - 2>/dev/null && return 1
  g2=$(py $H nft_gen); local marker; marker=$(nsx $H nft list table ip netagent | grep -c marker || true)
  note "generation $g0 -> $g1 for ip+ip6 replaced in one buffer; a buffer failing in its ip6 part: $g1 -> $g2, ip table changed: $marker"
  [ $((g1 - g0)) = 1 ] && [ "$g2" = "$g1" ] && [ "$marker" = 0 ]
}
check E5 "the ip and ip6 tables replaced in one libnftables buffer are one transaction (one generation; all or nothing)" e_one_transaction

e_traffic() {
  local ok=0
  t() { local got=$1 want=$2 what=$3; note "$what: ${got:-<nothing>}"; [ "$got" = "$want" ] || ok=1; }
  t "$(tcp $O 2001:db8:1::1 8080)" "c1 from 2001:db8:1::2" "outside -> [2001:db8:1::1]:8080/tcp"
  t "$(udp $O 2001:db8:1::1 5353)" "c1 from 2001:db8:1::2" "outside -> [2001:db8:1::1]:5353/udp"
  t "$(tcp $O 2001:db8:2::1 8081)" "c1 from 2001:db8:1::2" "outside -> [2001:db8:2::1]:8081/tcp (bound to that address)"
  t "$(tcp $O 2001:db8:1::1 8081)" "" "outside -> [2001:db8:1::1]:8081/tcp (another address: refused)"
  t "$(tcp $H 2001:db8:1::1 8080)" "c1 from 2001:db8:1::1" "host -> [2001:db8:1::1]:8080/tcp (output chain)"
  t "$(udp $H 2001:db8:1::1 5353)" "c1 from 2001:db8:1::1" "host -> [2001:db8:1::1]:5353/udp (output chain)"
  t "$(tcp $H fd00:77::1 8080)" "c1 from fd00:77::1" "host -> [gateway6]:8080/tcp"
  t "$(tcp $C1 2001:db8:1::1 8080)" "c1 from fd00:77::1" "c1 -> its own published port (hairpin)"
  t "$(udp $C1 2001:db8:1::1 5353)" "c1 from fd00:77::1" "c1 -> its own published port /udp (hairpin)"
  t "$(tcp $C2 2001:db8:1::1 8080)" "c1 from fd00:77::1" "c2 -> c1's published port"
  t "$(tcp $C1 2001:db8:1::2 9000)" "outside from 2001:db8:1::1" "c1 -> outside (masquerade)"
  t "$(tcp $C3 2001:db8:1::2 9000)" "outside from 2001:db8:2::1" "c3 on br7 -> outside (snat to 2001:db8:2::1)"
  t "$(tcp $C3 fd00:77::11 80)" "" "c3 on br7 -> c1 directly (isolated networks)"
  t "$(tcp $C3 2001:db8:1::1 8080)" "c1 from 2001:db8:2::1" "c3 on br7 -> c1's published port (ct status dnat accept; br7's snat rule applies, as in IPv4)"
  return $ok
}
check E6 "real TCP/UDP over IPv6: published ports from outside, host, hairpin and another container; masquerade, snat, isolation" e_traffic

e_hairpin() {
  local brnf=/proc/sys/net/bridge/bridge-nf-call-ip6tables row res ok=0
  for row in "0 off yes works" "0 off no fails" "1 off yes fails" "1 on yes works" "1 on no fails"; do
    set -- $row
    if [ "$1" = 1 ] && ! nsx $H test -e $brnf; then note "br_netfilter $1 hairpin $2 rule $3: SKIP (br_netfilter not loaded)"; continue; fi
    nsx $H test -e $brnf && sysw $H net.bridge.bridge-nf-call-ip6tables=$1
    set_ports hairpin $2 vb1
    [ "$3" = yes ] || nsx $H nft delete rule ip6 netagent postrouting handle "$(nsx $H nft -a list chain ip6 netagent postrouting | awk '/netagent:hairpin br6/ {print $NF}')"
    res=$( [ "$(tcp $C1 2001:db8:1::1 8080)" = "c1 from fd00:77::1" ] && echo works || echo fails )
    note "br_netfilter $1, port hairpin $2, hairpin masquerade rule $3: $res"
    [ "$res" = "$4" ] || ok=1
    [ "$3" = yes ] || nsx $H nft -j -f "$W/ip6.json"
  done
  set_ports hairpin on vb1; nsx $H test -e $brnf && sysw $H net.bridge.bridge-nf-call-ip6tables=1
  return $ok
}
check E7 "hairpin over IPv6 behaves as §4's table: the masquerade rule and hairpin on every port are both needed" e_hairpin

# =============================================================================================
echo "== §11F a port published on ::1"
f_loopback() {
  python3 "$W/nft6.py" render ip6 off >"$W/ip6-noexcl.json"; nsx $H nft -j -f "$W/ip6-noexcl.json"
  local brnf=/proc/sys/net/bridge/bridge-nf-call-ip6tables
  nsx $H test -e $brnf && sysw $H net.bridge.bridge-nf-call-ip6tables=0
  local e0 e1 r1 r2 n0 n1 t0 t3 r3
  e0=$(snmp6 $C1 Ip6InHdrErrors); r1=$(tcp $H ::1 8080); e1=$(snmp6 $C1 Ip6InHdrErrors)
  note "DNAT of [::1]:8080 (output chain): '${r1}', the container dropped $((e1 - e0)) packets with source ::1 (Ip6InHdrErrors)"
  nsx $H nft add rule ip6 netagent postrouting oifname br6 ct status dnat ip6 saddr ::1 masquerade
  n0=$(snmp6 $H Ip6InNoRoutes); r2=$(tcp $H ::1 8080); n1=$(snmp6 $H Ip6InNoRoutes)
  local ct; ct=$(nsx $H conntrack -L -f ipv6 -p tcp --dport 8080 2>/dev/null | grep -c 'SYN_RECV src=::1 dst=::1 .* src=fd00:77::11 dst=fd00:77::1 ' || true)
  note "plus masquerade of source ::1: '${r2}'; the container answered ($ct SYN_RECV flow), the host dropped $((n1 - n0)) replies de-NATed to ::1 (Ip6InNoRoutes)"
  nsx $H nft -j -f "$W/ip6.json"; nsx $H test -e $brnf && sysw $H net.bridge.bridge-nf-call-ip6tables=1
  local b; b=$(nsx $H timeout 4 socat -T2 - "TCP6:[::1]:8080" </dev/null 2>&1 | grep -o 'Connection refused' || true)
  r3=$(tcp $H 2001:db8:1::1 8080)
  note "with 'ip6 daddr != ::1' in the output rule: [::1]:8080 -> ${b:-?} at once; [2001:db8:1::1]:8080 -> $r3"
  [ -z "$r1" ] && [ $((e1 - e0)) -ge 1 ] && [ -z "$r2" ] && [ "$ct" -ge 1 ] && [ $((n1 - n0)) -ge 1 ] && [ "$b" = "Connection refused" ] &&
    [ "$r3" = "c1 from 2001:db8:1::1" ]
}
check F1 "DNAT of [::1]:PORT to a container cannot work (source ::1 dropped by the container; with masquerade, the de-NATed reply by the host)" f_loopback

# =============================================================================================
echo "== §11G conntrack over ctnetlink"
g_conntrack() {
  udp $O 2001:db8:1::1 5353 40000 >/dev/null
  local d6 d4 d0 before after r1 r2
  d6=$(py $H ct_dump 10 | grep '2001:db8:1::2 2001:db8:1::1 40000>5353' || true)
  d4=$(py $H ct_dump 2 | grep -c 'family=10' || true); d0=$(py $H ct_dump 0 | grep -c '40000>5353' || true)
  note "AF_INET6 dump: $d6"
  note "AF_INET dump holds $d4 IPv6 flows; AF_UNSPEC dump holds the flow: $d0"
  before=$(nsx $H conntrack -L -f ipv6 -p udp --orig-port-src 40000 2>/dev/null | grep -c dport=5353 || true)
  r1=$(py $H ct_delete 2001:db8:1::2 2001:db8:1::1 17 40000 5353); r2=$(py $H ct_delete 2001:db8:1::2 2001:db8:1::1 17 40000 5353)
  after=$(nsx $H conntrack -L -f ipv6 -p udp --orig-port-src 40000 2>/dev/null | grep -c dport=5353 || true)
  note "conntrack -L -f ipv6: $before flow; IPCTNL_MSG_CT_DELETE by original tuple: $r1, again: $r2; conntrack -L -f ipv6 after: $after"
  echo "$d6" | has "^family=10 orig=\[(3, 16), (4, 16)\] .* reply=\[(3, 16), (4, 16)\] fd00:77::11 2001:db8:1::2 53>40000 status=0x[0-9a-f]* DST_NAT$" &&
    [ "$d4" = 0 ] && [ "$d0" = 1 ] && [ "$before" = 1 ] && [ "$r1" = "ACK -" ] && [ "$r2" = "ENOENT -" ] && [ "$after" = 0 ]
}
check G1 "AF_INET6 flows: CTA_IP_V6_SRC/DST (3/4, 16 B), IPS_DST_NAT; the dump's nfgenmsg family filters; delete by original tuple" g_conntrack

# =============================================================================================
echo
echo "$PASS passed, $FAIL failed${FAILED[*]:+: ${FAILED[*]}}"
[ $FAIL = 0 ]
