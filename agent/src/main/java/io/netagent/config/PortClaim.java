package io.netagent.config;

import io.netagent.model.PortMapping;

/** A host port a container publishes, with where: checked for clashes even when the container has other problems. */
record PortClaim(PortMapping.Key key, String container, Location location, String path) {}
