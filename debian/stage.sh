#!/bin/sh
# Lays out the package's files in TARGET/root with systemd/install.sh (from systemd/files.list, the
# list install.sh installs too), strips the CNI plugin's debugging symbols (Debian policy 10.1),
# adds what only a Debian package has (copyright, changelog, the lintian override), and tars it,
# modes kept, for jdeb: TARGET/root.tar; and the control directory, TARGET/control, with the
# conffiles that files.list names.
#   debian/stage.sh TARGET PROJECT_VERSION
set -eu
here=$(cd "$(dirname "$0")" && pwd)
target=$1
# Debian's form of the version, as jdeb writes it in the control file: 0.1.0-SNAPSHOT is
# 0.1.0~SNAPSHOT, older than 0.1.0.
version=$(echo "$2" | sed 's/-SNAPSHOT$/~SNAPSHOT/')
root=$target/root
rm -rf "$root" "$target/root.tar" "$target/control"
umask 022
"$here/../systemd/install.sh" --root "$root" --no-reload > /dev/null
doc=$root/usr/share/doc/netagent
install -m 0644 "$here/src/deb/copyright" "$doc/copyright"
# changelog.gz, not changelog.Debian.gz: the version has no Debian revision (a native package).
sed "s/@VERSION@/$version/" "$here/src/deb/changelog" | gzip -9n -c > "$doc/changelog.gz"
find "$root" -type f | while read -r f; do
  if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = 177ELF ]; then
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$f"
  fi
done
install -D -m 0644 "$here/src/deb/lintian-overrides" "$root/usr/share/lintian/overrides/netagent"
# One time for every file (the project's build time), so that two builds of one tree are the same.
find "$root" -exec touch -h -d "@${SOURCE_DATE_EPOCH:-1795564800}" {} +
tar -C "$root" --sort=name --owner=0 --group=0 --numeric-owner -cf "$target/root.tar" .
cp -p -r "$here/src/deb/control" "$target/control"
awk '$4 == "conffile" { print $2 }' "$here/../systemd/files.list" > "$target/control/conffiles"
