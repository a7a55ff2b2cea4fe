#!/bin/sh
# Installs netagent: the jar, its JVM options (jvm.options) and its class cache in
# /usr/lib/netagent, the netagent command in /usr/bin, the systemd units (netagent.service and
# netagent-namespaces.service), the README, and the example configuration as
# /etc/netagent/netagent.yaml (an existing configuration is kept); and the CNI plugin, a small C
# executable (netagent-cni, built by ./mvnw compile -pl cni-shim), as /opt/cni/bin/netagent and
# /usr/lib/cni/netagent, the two plugin directories runtimes look in. Needs a Java 17 runtime and
# libnftables (Debian: openjdk-17-jre-headless, nftables); the plugin needs only libc. Run as
# root, from a checkout after the build, or from a copy of this directory with the jar and the
# plugin beside it:
#
#   systemd/install.sh [--jar PATH] [--cni-bin PATH] [--root DIR] [--no-reload]
#
# --root installs into another root (for packaging); --no-reload skips systemctl daemon-reload.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
jar=""
cni_bin=""
root=""
reload=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar=$2; shift 2 ;;
    --root) root=$2; shift 2 ;;
    --no-reload) reload=no; shift ;;
    --cni-bin) cni_bin=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$jar" ]; then
  for candidate in "$here/netagent.jar" "$here/../agent/target/netagent.jar"; do
    [ -f "$candidate" ] && jar=$candidate && break
  done
fi
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "install.sh: no netagent.jar (build it with ./mvnw package, or give --jar PATH)" >&2
  exit 2
fi
if [ -z "$cni_bin" ]; then
  for candidate in "$here/netagent-cni" "$here/../cni-shim/target/netagent-cni"; do
    [ -f "$candidate" ] && cni_bin=$candidate && break
  done
fi
if [ -z "$cni_bin" ] || [ ! -f "$cni_bin" ]; then
  echo "install.sh: no netagent-cni, the CNI plugin (build it with ./mvnw package, or give --cni-bin PATH)" >&2
  exit 2
fi

install -D -m 0644 "$jar" "$root/usr/lib/netagent/netagent.jar"
install -D -m 0644 "$here/jvm.options" "$root/usr/lib/netagent/jvm.options"
install -D -m 0755 "$here/netagent.sh" "$root/usr/bin/netagent"
# The class cache (systemd/class-cache.sh) records the jar's path and the java that made it: made
# here for the installed jar, unless this installs into another root, where neither holds.
if [ -z "$root" ]; then
  "$here/class-cache.sh" /usr/lib/netagent/netagent.jar /usr/lib/netagent/netagent.jsa /usr/lib/netagent/jvm.options
else
  echo "install.sh: no class cache under --root; on the target, run: class-cache.sh /usr/lib/netagent/netagent.jar /usr/lib/netagent/netagent.jsa /usr/lib/netagent/jvm.options"
fi
# The CNI plugin: the same executable in both plugin directories (runtimes are configured with either).
install -D -m 0755 "$cni_bin" "$root/opt/cni/bin/netagent"
install -D -m 0755 "$cni_bin" "$root/usr/lib/cni/netagent"
install -D -m 0644 "$here/netagent.service" "$root/usr/lib/systemd/system/netagent.service"
install -D -m 0644 "$here/netagent-namespaces.service" "$root/usr/lib/systemd/system/netagent-namespaces.service"
if [ -f "$here/../README.md" ]; then
  install -D -m 0644 "$here/../README.md" "$root/usr/share/doc/netagent/README.md"
fi
# Not active: the drop-in that switches the periodic data-plane probe on, to copy and adjust.
install -D -m 0644 "$here/netagent-probe.conf" "$root/usr/share/doc/netagent/netagent-probe.conf"
if [ ! -e "$root/etc/netagent/netagent.yaml" ]; then
  install -D -m 0644 "$here/netagent.yaml" "$root/etc/netagent/netagent.yaml"
else
  echo "install.sh: keeping the existing $root/etc/netagent/netagent.yaml"
fi
if [ "$reload" = yes ] && [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi
echo "install.sh: installed netagent and its CNI plugin (type \"netagent\"); start it with: systemctl enable --now netagent"
