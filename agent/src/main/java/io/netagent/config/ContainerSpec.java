package io.netagent.config;

import io.netagent.model.Container;

/** A container as read from the file, with where its values were written. */
record ContainerSpec(
    Value<String> name,
    Container container,
    Location ipLocation,
    Location macLocation,
    Location hostInterfaceLocation,
    Location namespaceLocation) {}
