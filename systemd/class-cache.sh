#!/bin/sh
# Makes the CDS archive of netagent's classes (a JDK "class data sharing" file) when it is missing,
# or older than the jar or the java it is for, so that each netagent command maps its classes,
# verified already, instead of loading them from the jar: about 0.1 s less before it starts work.
# Used by ./netagent, bench/run, install.sh and the Debian package's postinst; the commands use the archive only if it is there
# and matches (java silently ignores a stale one: -Xlog:cds=off in jvm.options).
#   systemd/class-cache.sh JAR ARCHIVE JVM_OPTIONS_FILE
set -eu
jar=$1 archive=$2 options=$3
java=$(readlink -f "$(command -v java)")
if [ -f "$archive" ] && [ ! "$jar" -nt "$archive" ] && [ ! "$java" -nt "$archive" ]; then
  exit 0
fi
# Someone who may not write there (a user running an installed copy) runs without it, quietly.
[ -w "$(dirname "$archive")" ] || exit 0
tmp="$archive.$$.tmp"
# The hidden class-cache command loads every command's classes and touches no kernel.
if java @"$options" -XX:ArchiveClassesAtExit="$tmp" -jar "$jar" class-cache > /dev/null 2>&1 && [ -s "$tmp" ]; then
  mv -f "$tmp" "$archive"
else
  rm -f "$tmp"
  echo "class-cache.sh: could not make $archive; netagent runs without it" >&2
fi
