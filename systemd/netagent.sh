#!/bin/sh
# The netagent command, as installed in /usr/bin by install.sh.
exec java ${NETAGENT_JAVA_OPTS:-} -jar /usr/lib/netagent/netagent.jar "$@"
