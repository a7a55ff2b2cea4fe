#!/bin/sh
# The netagent CNI plugin, installed by install.sh as /opt/cni/bin/netagent and
# /usr/lib/cni/netagent: a CNI runtime runs it once per container event, with the CNI
# environment and the network configuration on stdin, and parses what it prints on stdout.
# The shim's own JVM options (cni-jvm.options: client compiler, serial GC, a small heap, every
# JVM message on stderr) and its own class cache; NETAGENT_CNI_JAVA_OPTS comes last and
# overrides them. NETAGENT_CNI_LIB names another directory for the jar, options and cache.
lib=${NETAGENT_CNI_LIB:-/usr/lib/netagent}
if ! command -v java >/dev/null 2>&1; then
  # The runtime reads errors from stdout, as CNI error objects.
  printf '{"cniVersion":"1.1.0","code":5,"msg":"the netagent CNI plugin needs java (a Java 17 runtime) on PATH"}\n'
  exit 1
fi
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# UTF-8 whatever locale the runtime gives its plugins (the JVM decodes the environment with it).
export LC_ALL=C.UTF-8
# The class cache (class-cache.sh), named only when it is there: Java 17 given a missing archive
# maps no class data at all, not even the JDK's own (about 20 ms more); a stale one it ignores.
cache=""
[ -f "$lib/netagent-cni.jsa" ] && cache="-XX:SharedArchiveFile=$lib/netagent-cni.jsa"
exec java @"$lib/cni-jvm.options" $cache ${NETAGENT_CNI_JAVA_OPTS:-} -jar "$lib/netagent-cni.jar"
