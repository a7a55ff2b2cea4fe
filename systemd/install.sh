#!/bin/sh
# Installs netagent on a host without dpkg (elsewhere, install the Debian package: README), from
# files.list beside it, the list the package is made of too: the jar, its JVM options and
# class-cache.sh in /usr/lib/netagent, the netagent command in /usr/bin, the systemd units, the
# README, completion and man pages, the example configuration as /etc/netagent/netagent.yaml (an
# existing configuration is kept), and the CNI plugin (netagent-cni, a small C executable) as
# /opt/cni/bin/netagent and /usr/lib/cni/netagent; then makes the class cache. Needs a Java 17
# runtime and libnftables (Debian: openjdk-17-jre-headless, nftables); the plugin needs only
# libc. Run as root, from a checkout after the build, or from a copy of this directory with the
# built files beside it:
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
# Where a SOURCE of files.list is: given on the command line (the jar, the plugin), in the checkout,
# or by its name beside this script (a copy of systemd/ with the built files in it).
source_of() {
  case "$1" in
    agent/target/netagent.jar) [ -n "$jar" ] && { echo "$jar"; return; } ;;
    cni-shim/target/netagent-cni) [ -n "$cni_bin" ] && { echo "$cni_bin"; return; } ;;
  esac
  if [ -e "$here/../$1" ]; then echo "$here/../$1"; else echo "$here/$(basename "$1")"; fi
}
# Every source first, so that nothing is installed when one is missing.
grep -v -e '^#' -e '^[[:space:]]*$' "$here/files.list" | while read -r src dest mode flag; do
  from=$(source_of "$src")
  if [ ! -e "$from" ]; then
    echo "install.sh: no $src (build it with ./mvnw package$(case "$src" in agent/target/netagent.jar) echo ", or give --jar PATH";; cni-shim/*) echo ", or give --cni-bin PATH";; esac))" >&2
    exit 2
  fi
done
grep -v -e '^#' -e '^[[:space:]]*$' "$here/files.list" | while read -r src dest mode flag; do
  from=$(source_of "$src")
  case "$src" in
    */) for f in "$from"/*; do
          if [ "$flag" = gzip ]; then
            mkdir -p "$root$dest" && gzip -9n -c "$f" > "$root$dest$(basename "$f").gz" && chmod "$mode" "$root$dest$(basename "$f").gz"
          else
            install -D -m "$mode" "$f" "$root$dest$(basename "$f")"
          fi
        done ;;
    *) if [ "$flag" = conffile ] && [ -e "$root$dest" ]; then
         echo "install.sh: keeping the existing $root$dest"
       else
         install -D -m "$mode" "$from" "$root$dest"
       fi ;;
  esac
done
# The class cache (systemd/class-cache.sh) records the jar's path and the java that made it: made
# here for the installed jar, unless this installs into another root, where neither holds.
if [ -z "$root" ]; then
  /usr/lib/netagent/class-cache.sh /usr/lib/netagent/netagent.jar /usr/lib/netagent/netagent.jsa /usr/lib/netagent/jvm.options
else
  echo "install.sh: no class cache under --root; on the target, run: /usr/lib/netagent/class-cache.sh /usr/lib/netagent/netagent.jar /usr/lib/netagent/netagent.jsa /usr/lib/netagent/jvm.options"
fi
if [ "$reload" = yes ] && [ -z "$root" ] && [ -d /run/systemd/system ]; then
  systemctl daemon-reload
fi
echo "install.sh: installed netagent and its CNI plugin (type \"netagent\"); start it with: systemctl enable --now netagent"
