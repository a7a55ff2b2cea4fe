#!/bin/sh
# The netagent command, as installed in /usr/bin by install.sh.
# The JVM defaults of jvm.options (small heap, serial GC, client compiler), as ./netagent uses
# them in the source tree; NETAGENT_JAVA_OPTS comes last and overrides them.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec java @/usr/lib/netagent/jvm.options ${NETAGENT_JAVA_OPTS:-} -jar /usr/lib/netagent/netagent.jar "$@"
