#!/bin/sh
# The netagent command, as installed in /usr/bin by install.sh and the Debian package.
# The JVM defaults of jvm.options (small heap, serial GC, client compiler), as ./netagent uses
# them in the source tree; NETAGENT_JAVA_OPTS comes last and overrides them.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# The class cache install.sh or the package made (systemd/class-cache.sh); java ignores it if it is stale or gone.
exec java @/usr/lib/netagent/jvm.options -XX:SharedArchiveFile=/usr/lib/netagent/netagent.jsa ${NETAGENT_JAVA_OPTS:-} \
  -jar /usr/lib/netagent/netagent.jar "$@"
