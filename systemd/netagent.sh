#!/bin/sh
# The netagent command, as installed in /usr/bin by install.sh.
# The same JVM defaults as ./netagent in the source tree (small heap, serial GC, client compiler);
# NETAGENT_JAVA_OPTS comes last and can override them.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java -XX:+UseSerialGC -Xms8m -Xmx96m -Xss512k -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=32m \
  ${NETAGENT_JAVA_OPTS:-} -jar /usr/lib/netagent/netagent.jar "$@"
